"""Reads for payments: a seller's settings, the methods a buyer may pick, and what of a
checkout still waits for the card or was refunded to it."""

from __future__ import annotations

from django.db.models import Sum
from oscar.core.loading import get_model

from .methods import PaymentMethod
from .models import CardRefund, SellerPayment


def seller_payment(*, seller) -> SellerPayment:
    """The seller's payment settings; defaults (cash on pickup only), unsaved, if none."""
    try:
        return seller.payment
    except SellerPayment.DoesNotExist:
        return SellerPayment(seller=seller)


def payment_methods(*, seller, fulfilment: str) -> list[str]:
    from shipping.methods import PICKUP

    return seller_payment(seller=seller).methods(pickup=fulfilment in PICKUP)


def card_orders_awaiting(*, checkout):
    """The checkout's orders still waiting for its card payment."""
    from order import statuses

    return get_model("order", "Order").objects.filter(
        checkout=checkout, payment_method=PaymentMethod.CARD, status=statuses.AWAITING_PAYMENT
    )


def card_refunded(*, order, recorded: bool = True) -> int:
    """Rupiah of ``order`` given back to the card: written to its payment rows
    (``recorded``), or asked of Stripe and not failed (``recorded=False``)."""
    refunds = CardRefund.objects.filter(order=order)
    if recorded:
        refunds = refunds.filter(recorded=True)
    else:
        refunds = refunds.exclude(status__in=[CardRefund.Status.FAILED, CardRefund.Status.CANCELED])
    return refunds.aggregate(total=Sum("amount"))["total"] or 0
