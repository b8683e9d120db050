"""Back-office forms: residents (with the NIK as a form field, never a model field),
households, the full-NIK purpose and the import upload."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from ..forms import NoEchoInput
from ..models import Household, Resident, Village
from ..selectors import households_for, residents_for, villages_for
from ..services.households import kk_number_check

#: The largest import file accepted (the import service checks it too).
IMPORT_MAX_BYTES = 10 * 1024 * 1024

_NIK_ATTRS = {"inputmode": "numeric", "autocomplete": "off", "spellcheck": "false"}


def village_label(village: Village) -> str:
    return f"{village} — {village.district}"


def _scoped_villages(user):
    return villages_for(user=user).select_related("district").order_by("district__code", "name")


class ResidentForm(WagtailAdminModelForm):
    """All of a resident's fields. ``nik`` is required for a new resident and replaces the
    stored NIK when given on an edit; it is never sent back in the page. The household is
    entered by its KK number, found among the user's villages."""

    nik = forms.CharField(
        label=_("NIK"),
        max_length=24,
        required=False,
        help_text=_("16 digit, sesuai KTP."),
        widget=NoEchoInput(attrs=_NIK_ATTRS),
    )
    kk_number = forms.CharField(
        label=_("Nomor KK"),
        max_length=24,
        required=False,
        help_text=_("Kartu keluarga yang sudah terdaftar di desa penduduk. Boleh kosong."),
        widget=NoEchoInput(attrs=_NIK_ATTRS),
    )
    leave_household = forms.BooleanField(label=_("Keluarkan dari kartu keluarga"), required=False)

    class Meta:
        model = Resident
        fields = [
            "full_name",
            "birth_place",
            "birth_date",
            "gender",
            "village",
            "rt",
            "rw",
            "address",
            "phone",
            "relation",
            "dtks_listed",
            "dtks_confirmed_on",
            "status",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        village = self.fields["village"]
        village.queryset = _scoped_villages(self.for_user)  # type: ignore[attr-defined]
        village.label_from_instance = village_label  # type: ignore[attr-defined]
        if self.instance.pk:
            self.fields["nik"].label = _("Ganti NIK")
            self.fields["nik"].help_text = _(
                "NIK tersimpan: %(masked)s. Kosongkan bila tidak berubah."
            ) % {"masked": self.instance.nik_masked}
        else:
            self.fields["nik"].required = True
        if self.instance.household_id:
            # The KK number is not sent back in the page either: blank keeps it.
            self.fields["kk_number"].label = _("Pindah ke KK lain")
            self.fields["kk_number"].help_text = _(
                "Terdaftar di %(household)s. Kosongkan bila tidak berubah."
            ) % {"household": self.instance.household}
        else:
            del self.fields["leave_household"]

    def clean_nik(self) -> str | None:
        return "".join(self.cleaned_data.get("nik", "").split()) or None

    def clean(self):
        cleaned = super().clean()
        kk = cleaned.get("kk_number", "")
        if cleaned.get("leave_household"):
            self.instance.household = None
            return cleaned
        if not kk:
            if not self.instance.household_id:
                self.instance.household = None
            return cleaned
        try:
            number = kk_number_check(kk)
        except ValidationError as exc:
            self.add_error("kk_number", exc)
            return cleaned
        household = households_for(user=self.for_user).filter(kk_number=number).first()
        if household is None:
            self.add_error(
                "kk_number",
                _("Nomor KK ini belum terdaftar di desa Anda: daftarkan dulu di Kartu Keluarga."),
            )
        elif cleaned.get("village") and household.village_id != cleaned["village"].pk:
            self.add_error("kk_number", _("Kartu keluarga ini terdaftar di desa lain."))
        else:
            self.instance.household = household
        return cleaned


class HouseholdForm(WagtailAdminModelForm):
    """A Kartu Keluarga; its head is chosen among its members (residents join a household
    from their own form)."""

    class Meta:
        model = Household
        fields = ["kk_number", "village", "rt", "rw", "address", "head"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        village = self.fields["village"]
        village.queryset = _scoped_villages(self.for_user)  # type: ignore[attr-defined]
        village.label_from_instance = village_label  # type: ignore[attr-defined]
        head = self.fields["head"]
        if self.instance.pk:
            head.queryset = residents_for(user=self.for_user).filter(  # type: ignore[attr-defined]
                household=self.instance
            )
        else:
            head.queryset = Resident.objects.none()  # type: ignore[attr-defined]
            head.help_text = _("Pilih setelah anggota keluarga didaftarkan dengan nomor KK ini.")

        # Like a NIK, a KK number is never sent back in the page (typed or stored).
        kk = self.fields["kk_number"]
        kk.widget = NoEchoInput(attrs={**_NIK_ATTRS, "maxlength": 24})
        if self.instance.pk:
            # Blank keeps the stored number.
            kk.required = False
            kk.label = _("Ganti nomor KK")
            kk.help_text = _("Nomor tersimpan: %(masked)s. Kosongkan bila tidak berubah.") % {
                "masked": self.instance.kk_masked
            }

    def clean_kk_number(self) -> str:
        value = self.cleaned_data.get("kk_number", "")
        if not value and self.instance.pk:
            return self.instance.kk_number
        return kk_number_check(value)


class NikRevealForm(forms.Form):
    purpose = forms.CharField(
        label=_("Keperluan"),
        max_length=255,
        help_text=_("Dicatat di log akses NIK bersama nama Anda dan waktunya."),
    )


class ResidentImportForm(forms.Form):
    village = forms.ModelChoiceField(label=_("Desa"), queryset=Village.objects.none())
    file = forms.FileField(
        label=_("Berkas CSV atau XLSX"),
        help_text=_("Paling besar 10 MB, dengan kolom seperti di templat."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        village = self.fields["village"]
        village.queryset = _scoped_villages(user)  # type: ignore[attr-defined]
        village.label_from_instance = village_label  # type: ignore[attr-defined]
        only = village.queryset[:2]  # type: ignore[attr-defined]
        if len(only) == 1:
            village.initial = only[0].pk

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > IMPORT_MAX_BYTES:
            raise ValidationError(
                _("Berkas terlalu besar: paling besar 10 MB. Bagi menjadi beberapa berkas.")
            )
        return upload


__all__ = [
    "HouseholdForm",
    "NikRevealForm",
    "ResidentForm",
    "ResidentImportForm",
]
