"""The seller's payment settings form (dashboard → shop settings → payments).

The form reads what the seller sends: a photo of their printed QRIS (decoded here and
thrown away, never stored) or a pasted payload, the bank account and the cash toggles.
Rules that need the whole picture (bank all or none, at least one way to pay) are the
service's (``dashboard.shop_settings.services.seller_payment_save``).
"""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import SellerPayment
from .qris import qris_from_image, qris_read

#: What people type between the digits of an account number: spaces, dots and dashes.
_ACCOUNT_SEPARATORS = re.compile(r"[\s.\-]+")
_ACCOUNT_DIGITS = re.compile(r"[0-9]{5,20}")
ACCOUNT_MESSAGE = _("Nomor rekening hanya berisi angka, 5 sampai 20 digit.")

#: The QRIS is left as stored, replaced, or removed.
KEEP = "keep"
SET = "set"
REMOVE = "remove"


class SellerPaymentForm(forms.Form):
    qris_image = forms.FileField(
        label=_("Foto QRIS toko"),
        required=False,
        # An empty file gets the QRIS reader's own message ("Berkas foto kosong.").
        allow_empty_file=True,
        help_text=_(
            "Foto atau tangkapan layar stiker QRIS toko Anda (JPEG, PNG atau WebP, paling "
            "besar 8 MB). Fotonya hanya dibaca, tidak disimpan."
        ),
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    qris_payload = forms.CharField(
        label=_("Atau tempel isi kode QRIS"),
        required=False,
        help_text=_("Teks yang diawali 000201, dari aplikasi bank atau dompet digital Anda."),
        widget=forms.Textarea(
            attrs={"rows": 3, "autocomplete": "off", "spellcheck": "false", "autocapitalize": "off"}
        ),
    )
    qris_remove = forms.BooleanField(label=_("Hapus QRIS"), required=False)

    bank_name = forms.CharField(
        label=_("Nama bank"),
        required=False,
        max_length=64,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    bank_account = forms.CharField(
        label=_("Nomor rekening"),
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    bank_holder = forms.CharField(
        label=_("Nama pemilik rekening"),
        required=False,
        max_length=128,
        help_text=_("Sesuai buku tabungan, agar pembeli yakin mentransfer ke orang yang benar."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    cash_on_pickup = forms.BooleanField(
        label=_("Terima tunai saat pesanan diambil"), required=False
    )
    cash_on_delivery = forms.BooleanField(
        label=_("Terima tunai saat pesanan diantar (COD)"), required=False
    )

    qris_fields = ("qris_image", "qris_payload", "qris_remove")
    bank_fields = ("bank_name", "bank_account", "bank_holder")
    cash_fields = ("cash_on_pickup", "cash_on_delivery")

    def __init__(self, *args, payment: SellerPayment, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "bank_name": payment.bank_name,
                "bank_account": payment.bank_account,
                "bank_holder": payment.bank_holder,
                "cash_on_pickup": payment.cash_on_pickup,
                "cash_on_delivery": payment.cash_on_delivery,
            },
        )
        super().__init__(*args, **kwargs)
        self.payment = payment
        if not payment.has_qris:
            del self.fields["qris_remove"]
        #: KEEP, SET or REMOVE, and the QRIS read from the photo or the paste (``SET``).
        self.qris_change = KEEP
        self.qris_new = ""

    def section(self, names) -> list:
        return [self[name] for name in names if name in self.fields]

    def qris_section(self):
        return self.section(self.qris_fields)

    def bank_section(self):
        return self.section(self.bank_fields)

    def cash_section(self):
        return self.section(self.cash_fields)

    def clean_bank_name(self) -> str:
        return " ".join(self.cleaned_data["bank_name"].split())

    def clean_bank_holder(self) -> str:
        return " ".join(self.cleaned_data["bank_holder"].split())

    def clean_bank_account(self) -> str:
        account = _ACCOUNT_SEPARATORS.sub("", self.cleaned_data["bank_account"])
        if account and not _ACCOUNT_DIGITS.fullmatch(account):
            raise ValidationError(ACCOUNT_MESSAGE, code="bank_account")
        return account

    def clean(self):
        cleaned = super().clean()
        image = cleaned.get("qris_image")
        pasted = (cleaned.get("qris_payload") or "").strip()
        remove = cleaned.get("qris_remove")
        if image and pasted:
            self.add_error(
                "qris_payload",
                ValidationError(
                    _("Unggah foto atau tempel kode QRIS, salah satu saja."), code="qris_both"
                ),
            )
        elif remove and (image or pasted):
            self.add_error(
                "qris_remove",
                ValidationError(
                    _("Pilih hapus QRIS atau kirim QRIS baru, tidak keduanya."),
                    code="qris_remove_and_set",
                ),
            )
        elif image:
            try:
                self.qris_new = qris_from_image(image)
            except ValidationError as exc:
                self.add_error("qris_image", exc)
            else:
                self.qris_change = SET
        elif pasted:
            try:
                self.qris_new = qris_read(pasted).input
            except ValidationError as exc:
                self.add_error("qris_payload", exc)
            else:
                self.qris_change = SET
        elif remove:
            self.qris_change = REMOVE
        return cleaned
