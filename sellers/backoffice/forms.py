"""Back-office forms: the operator's vouch and NIK check, staff decisions and suspension."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from registry.forms import NoEchoInput


class VouchForm(forms.Form):
    note = forms.CharField(
        label=_("Catatan operator desa"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Misalnya: KTP dan KK sudah dicek di balai desa; usaha dilihat langsung."),
    )


class NikCheckForm(forms.Form):
    """The NIK on the applicant's KTP, compared with the one in the application; the
    answer is only "same" or "different", and the NIK is never sent back."""

    nik = forms.CharField(
        label=_("NIK di KTP pemohon"),
        max_length=24,
        widget=NoEchoInput(
            attrs={"inputmode": "numeric", "autocomplete": "off", "spellcheck": "false"}
        ),
    )

    def clean_nik(self) -> str:
        digits = "".join(self.cleaned_data["nik"].split())
        if len(digits) != 16 or not (digits.isascii() and digits.isdigit()):
            raise ValidationError(_("NIK harus 16 digit angka."))
        return digits


class ReasonForm(forms.Form):
    """A reason the applicant or seller will read (rejection, suspension)."""

    reason = forms.CharField(
        label=_("Alasan"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Pemohon/penjual akan membaca alasan ini di email dan di akunnya."),
        error_messages={"required": _("Tuliskan alasannya: penerima akan membacanya.")},
    )
