"""How each seller is paid: their own QRIS, bank account and cash, and the receipts buyers
upload for transfers. Money received is recorded with Oscar's payment ``Source`` and
``PaymentEvent`` rows on the seller's order (:mod:`payments.services`)."""

from __future__ import annotations

import secrets

from django.conf import settings
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


class CardPayment(models.Model):
    """The one Stripe PaymentIntent of a checkout paid by card: the platform collects the
    whole checkout and owes each seller their order's share. ``status`` mirrors the
    PaymentIntent's as last read from Stripe (``payments.services.card``)."""

    checkout = models.OneToOneField(
        "checkout.Checkout",
        on_delete=models.PROTECT,
        related_name="card_payment",
        verbose_name=_("checkout"),
    )
    intent_id = models.CharField(_("PaymentIntent Stripe"), max_length=255, unique=True)
    #: Whole Rupiah (Stripe counts IDR in hundredths: the intent's amount is this × 100).
    amount = models.PositiveBigIntegerField(_("jumlah (Rp)"))
    currency = models.CharField(max_length=3, default="idr")
    status = models.CharField(_("status di Stripe"), max_length=32)
    #: Why the last attempt failed, in the words Stripe gives the buyer.
    error = models.CharField(_("kesalahan terakhir"), max_length=255, blank=True)
    paid_at = models.DateTimeField(_("dibayar pada"), null=True, blank=True)
    date_created = models.DateTimeField(auto_now_add=True)
    date_updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("pembayaran kartu")
        verbose_name_plural = _("pembayaran kartu")

    def __str__(self):
        return f"{self.checkout_id}: {self.intent_id} ({self.status})"


class CardRefund(models.Model):
    """Money of a seller's order given back to the buyer's card through Stripe: asked by
    staff (or the complaint flow), or automatically for an order cancelled before its
    payment arrived."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Diproses")
        SUCCEEDED = "succeeded", _("Berhasil")
        FAILED = "failed", _("Gagal")
        CANCELED = "canceled", _("Dibatalkan")

    card_payment = models.ForeignKey(CardPayment, on_delete=models.PROTECT, related_name="refunds")
    order = models.ForeignKey("order.Order", on_delete=models.PROTECT, related_name="card_refunds")
    #: What makes a request unique (a form's one-time key, ``cancelled:<order>``): the same
    #: request sent twice finds this row instead of refunding twice.
    request_key = models.CharField(max_length=100, unique=True)
    refund_id = models.CharField(_("refund Stripe"), max_length=255, unique=True, null=True)
    amount = models.PositiveBigIntegerField(_("jumlah (Rp)"))
    reason = models.CharField(_("alasan"), max_length=255, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    #: Whether the refund is written to the order's Oscar payment rows (once, on success).
    recorded = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    date_created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("pengembalian dana kartu")
        verbose_name_plural = _("pengembalian dana kartu")
        ordering = ["date_created"]

    def __str__(self):
        return f"{self.order_id}: {self.amount} ({self.status})"


class StripeEvent(models.Model):
    """A webhook event Stripe sent, kept once by its id: a repeated delivery finds the row
    and is not handled again (``payments.services.webhook``)."""

    event_id = models.CharField(max_length=255, unique=True)
    type = models.CharField(max_length=100)
    payload = models.JSONField()
    date_received = models.DateTimeField(auto_now_add=True)
    processed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("peristiwa Stripe")
        verbose_name_plural = _("peristiwa Stripe")

    def __str__(self):
        return f"{self.event_id} {self.type}"
