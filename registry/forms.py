"""Forms of the registry that residents use on the site."""

from django import forms
from django.utils.translation import gettext_lazy as _


class NoEchoInput(forms.TextInput):
    """A text input that never sends its value back in the page (for a NIK)."""

    def format_value(self, value):
        return None


class AccountLinkForm(forms.Form):
    nik = forms.CharField(
        label=_("NIK"),
        max_length=24,
        help_text=_("16 digit, sesuai KTP."),
        widget=NoEchoInput(
            attrs={"inputmode": "numeric", "autocomplete": "off", "spellcheck": "false"}
        ),
    )
    full_name = forms.CharField(label=_("Nama lengkap sesuai KTP"), max_length=150)
    birth_date = forms.DateField(
        label=_("Tanggal lahir"), widget=forms.DateInput(attrs={"type": "date"})
    )
