"""How each seller is paid: their own QRIS, bank account and cash, and the receipts buyers
upload for transfers. Money received is recorded with Oscar's payment ``Source`` and
``PaymentEvent`` rows on the seller's order (:mod:`payments.services`)."""

from __future__ import annotations

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

from sellers.models import private_storage

from .methods import PaymentMethod


class SellerPayment(models.Model):
    """A seller's payment settings (shop settings → payments)."""

    seller = models.OneToOneField(
        "sellers.Seller",
        on_delete=models.CASCADE,
        related_name="payment",
        verbose_name=_("penjual"),
    )
    #: The static merchant QRIS as printed at the shop (decoded and checked by
    #: :mod:`payments.qris`); the buyer gets a dynamic one for each order's amount.
    qris_payload = models.TextField(_("QRIS statis"), blank=True)
    qris_merchant = models.CharField(_("nama merchant QRIS"), max_length=64, blank=True)
    bank_name = models.CharField(_("bank"), max_length=64, blank=True)
    bank_account = models.CharField(_("nomor rekening"), max_length=32, blank=True)
    bank_holder = models.CharField(_("nama pemilik rekening"), max_length=128, blank=True)
    cash_on_pickup = models.BooleanField(_("terima tunai saat diambil"), default=True)
    cash_on_delivery = models.BooleanField(_("terima tunai saat diantar (COD)"), default=False)

    class Meta:
        verbose_name = _("pembayaran penjual")
        verbose_name_plural = _("pembayaran penjual")

    def __str__(self):
        return str(self.seller)

    @property
    def has_qris(self) -> bool:
        return bool(self.qris_payload)

    @property
    def has_bank(self) -> bool:
        return bool(self.bank_name and self.bank_account and self.bank_holder)

    def methods(self, *, pickup: bool) -> list[str]:
        """The methods this seller takes for an order collected (``pickup``) or delivered."""
        found: list[str] = []
        if self.has_qris:
            found.append(PaymentMethod.QRIS)
        if self.has_bank:
            found.append(PaymentMethod.TRANSFER)
        if self.cash_on_pickup if pickup else self.cash_on_delivery:
            found.append(PaymentMethod.CASH)
        return found


def receipt_upload_to(instance, filename: str) -> str:
    return f"receipts/{instance.order_id}/{secrets.token_hex(8)}-{filename}"


class TransferReceipt(models.Model):
    """A photo of a transfer receipt the buyer uploaded for the seller to check."""

    order = models.ForeignKey(
        "order.Order", on_delete=models.CASCADE, related_name="transfer_receipts"
    )
    image = models.ImageField(
        _("bukti transfer"), upload_to=receipt_upload_to, storage=private_storage
    )
    date_created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bukti transfer")
        verbose_name_plural = _("bukti transfer")
        ordering = ["-date_created"]

    def __str__(self):
        return f"{self.order_id}: {self.image.name}"
