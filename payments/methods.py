"""The ways a buyer pays, as stored on an order."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PaymentMethod(models.TextChoices):
    QRIS = "qris", _("QRIS")
    TRANSFER = "transfer", _("Transfer bank")
    CASH = "cash", _("Bayar tunai")
    #: Collected by the platform for the whole checkout (the card payments issue).
    CARD = "card", _("Kartu")


#: Methods paid to the seller directly, which the seller confirms.
SELLER_COLLECTED = (PaymentMethod.QRIS, PaymentMethod.TRANSFER, PaymentMethod.CASH)
#: Methods an unpaid order is cancelled for after the deadline (cash is paid at handover).
WITH_DEADLINE = (PaymentMethod.QRIS, PaymentMethod.TRANSFER, PaymentMethod.CARD)
