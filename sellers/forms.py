"""Forms of the seller application: the district step and the application itself.

The application works without JavaScript: the district is chosen first with a small GET
form (it only narrows the village list), and the village list is grouped by district
(``<optgroup>``) so that it is usable even when no district was chosen. The NIK is never
sent back in the page, and uploaded documents are checked by content before anything is
saved (``sellers.documents``).
"""

from __future__ import annotations

import datetime as dt
import re
from itertools import groupby

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import ModelChoiceIterator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from lokal import parse_phone
from oscar.core.loading import get_model

from registry.forms import NoEchoInput
from registry.models import District, Village
from registry.nik import nik_parse

from .choices import DocumentKind
from .documents import DocumentFileField, document_expiry_check
from .services import ApplicationInput, DocumentUpload

Category = get_model("catalogue", "Category")


def whatsapp_e164(value: str) -> str:
    """A WhatsApp (mobile) number as typed, in E.164; a clear message when it is not one."""
    info = parse_phone(value)
    if not info.valid or not info.e164:
        if any(issue.code == "length" for issue in info.errors):
            raise ValidationError(_("Nomor HP harus 10–13 digit (termasuk 0 di depan)."))
        raise ValidationError(
            _("Nomor WhatsApp tidak dikenali. Tulis seperti 0812-3456-7890 atau +62812…")
        )
    if info.type != "mobile" or not info.whatsapp:
        raise ValidationError(
            _("Masukkan nomor HP yang dipakai WhatsApp, bukan nomor telepon rumah/kantor.")
        )
    if any(issue.code == "prefix_unknown" for issue in info.warnings):
        raise ValidationError(
            _("Awalan nomor HP ini tidak dikenal. Periksa kembali nomor WhatsApp Anda.")
        )
    return info.e164


_NIB = re.compile(r"^\d{13}$")


def _date_input() -> forms.DateInput:
    """A native date picker; its value must be ISO whatever the language's date format."""
    return forms.DateInput(format="%Y-%m-%d", attrs={"type": "date", "class": "form-control"})


def districts_offered():
    """The districts (kecamatan) that have villages in the registry."""
    return District.objects.filter(villages__isnull=False).distinct().order_by("name")


class DistrictPickForm(forms.Form):
    """Step one (GET): the district, which narrows the village list of the application."""

    kecamatan = forms.ModelChoiceField(
        label=_("Kecamatan"),
        queryset=District.objects.none(),
        to_field_name="code",
        empty_label=_("Semua kecamatan"),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kecamatan"].queryset = districts_offered()  # type: ignore[attr-defined]

    def district(self) -> District | None:
        if self.is_bound and self.is_valid():
            return self.cleaned_data["kecamatan"]
        return None


class _VillagesByDistrict(ModelChoiceIterator):
    """Villages as ``<optgroup>`` per district, districts and villages by name."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        villages = self.queryset.select_related("district").order_by("district__name", "name")
        for district, members in groupby(villages, key=lambda village: village.district):
            label = _("Kecamatan %(name)s") % {"name": district.name}
            yield (label, [self.choice(village) for village in members])


class VillageChoiceField(forms.ModelChoiceField):
    iterator = _VillagesByDistrict


class CategoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return "— " * (obj.depth - 1) + obj.name


def _document_fields(kind: str) -> dict[str, forms.Field]:
    return {
        f"{kind}_number": forms.CharField(
            label=_("Nomor dokumen"),
            max_length=64,
            required=False,
        ),
        f"{kind}_expires_on": forms.DateField(
            label=_("Berlaku sampai"),
            required=False,
            widget=_date_input(),
        ),
        f"{kind}_file": DocumentFileField(
            label=_("Berkas (PDF, JPEG atau PNG, paling besar 5 MB)"), required=False
        ),
    }


class ApplicationForm(forms.Form):
    """Everything an applicant enters. ``cleaned_input()`` gives the service's input."""

    shop_name = forms.CharField(label=_("Nama toko"), max_length=128)
    main_category = CategoryChoiceField(
        label=_("Kategori utama"),
        queryset=Category.objects.none(),
        empty_label=_("Pilih kategori"),
    )
    description = forms.CharField(
        label=_("Deskripsi toko"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Apa yang Anda jual, dari mana bahannya, sejak kapan."),
    )
    village = VillageChoiceField(
        label=_("Desa/kelurahan"),
        queryset=Village.objects.none(),
        empty_label=_("Pilih desa/kelurahan"),
        help_text=_("Tempat usaha Anda, sesuai alamat di KTP."),
    )
    nik = forms.CharField(
        label=_("NIK"),
        max_length=24,
        help_text=_("16 digit, sesuai KTP. Disimpan terenkripsi."),
        widget=NoEchoInput(
            attrs={"inputmode": "numeric", "autocomplete": "off", "spellcheck": "false"}
        ),
    )
    full_name = forms.CharField(label=_("Nama lengkap sesuai KTP"), max_length=128)
    birth_date = forms.DateField(label=_("Tanggal lahir"), widget=_date_input())
    whatsapp = forms.CharField(
        label=_("Nomor WhatsApp"),
        max_length=24,
        help_text=_("Nomor HP yang dipakai WhatsApp, misalnya 0812-3456-7890."),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    nib = forms.CharField(
        label=_("NIB (boleh kosong)"),
        max_length=20,
        required=False,
        help_text=_("Nomor Induk Berusaha dari OSS, 13 digit."),
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )

    #: Document kinds in the order the form shows them; their values prefix the fields.
    DOCUMENT_KINDS = [DocumentKind.PIRT, DocumentKind.HALAL, DocumentKind.OTHER]

    def __init__(self, *args, district: District | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        categories = Category.objects.order_by("path")
        self.fields["main_category"].queryset = categories  # type: ignore[attr-defined]
        villages = Village.objects.all()
        if district is not None:
            villages = villages.filter(district=district)
        self.fields["village"].queryset = villages  # type: ignore[attr-defined]
        for kind in self.DOCUMENT_KINDS:
            self.fields.update(_document_fields(kind.value))

    # Fields ------------------------------------------------------------------------

    def clean_shop_name(self) -> str:
        return " ".join(self.cleaned_data["shop_name"].split())

    def clean_full_name(self) -> str:
        return " ".join(self.cleaned_data["full_name"].split())

    def clean_nik(self) -> str:
        digits = "".join(self.cleaned_data["nik"].split())
        if len(digits) != 16 or not (digits.isascii() and digits.isdigit()):
            raise ValidationError(_("NIK harus 16 digit angka."), code="format")
        return digits

    def clean_birth_date(self) -> dt.date:
        born = self.cleaned_data["birth_date"]
        if born >= timezone.localdate():
            raise ValidationError(_("Tanggal lahir harus sebelum hari ini."))
        return born

    def clean_whatsapp(self) -> str:
        return whatsapp_e164(self.cleaned_data["whatsapp"])

    def clean_nib(self) -> str:
        nib = "".join(self.cleaned_data.get("nib", "").split())
        if nib and not _NIB.match(nib):
            raise ValidationError(_("NIB harus 13 digit angka."))
        return nib

    # Across fields -----------------------------------------------------------------

    def clean(self):
        cleaned = super().clean()
        nik, born = cleaned.get("nik"), cleaned.get("birth_date")
        if nik and born:
            try:
                nik_parse(nik, birth_date=born)
            except ValidationError as exc:
                for error in exc.error_list:
                    field = "birth_date" if error.code == "birth_date_mismatch" else "nik"
                    self.add_error(field, error)
        for kind in self.DOCUMENT_KINDS:
            self._clean_document(kind.value)
        return cleaned

    def _clean_document(self, kind: str) -> None:
        names = [f"{kind}_number", f"{kind}_expires_on", f"{kind}_file"]
        if any(name in self.errors for name in names):
            return
        number, expires_on, file = (self.cleaned_data.get(name) for name in names)
        if not (number or expires_on or file):
            return
        if not number:
            self.add_error(names[0], _("Isi nomor dokumen, atau kosongkan dokumen ini."))
        if not expires_on:
            self.add_error(names[1], _("Isi tanggal berlaku dokumen."))
        else:
            try:
                document_expiry_check(expires_on)
            except ValidationError as error:
                self.add_error(names[1], error)
        if not file:
            self.add_error(names[2], _("Unggah berkas dokumen ini."))

    # Output ------------------------------------------------------------------------

    def main_fields(self):
        """The bound fields that are not a document's, for the template."""
        documents = {kind.value for kind in self.DOCUMENT_KINDS}
        return [field for field in self if field.name.split("_", 1)[0] not in documents]

    def document_fields(self):
        """(kind label, [bound fields]) per document kind, for the template."""
        return [
            (
                kind.label,
                [self[f"{kind.value}_{part}"] for part in ("number", "expires_on", "file")],
            )
            for kind in self.DOCUMENT_KINDS
        ]

    def cleaned_input(self) -> ApplicationInput:
        data = self.cleaned_data
        documents = [
            DocumentUpload(
                kind=kind.value,
                number=data[f"{kind.value}_number"],
                expires_on=data[f"{kind.value}_expires_on"],
                file=data[f"{kind.value}_file"],
            )
            for kind in self.DOCUMENT_KINDS
            if data.get(f"{kind.value}_file")
        ]
        return ApplicationInput(
            shop_name=data["shop_name"],
            main_category=data["main_category"],
            description=data["description"],
            village=data["village"],
            nik=data["nik"],
            full_name=data["full_name"],
            birth_date=data["birth_date"],
            whatsapp=data["whatsapp"],
            nib=data["nib"],
            documents=documents,
        )
