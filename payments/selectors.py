"""Reads for payments: a seller's settings and the methods a buyer may pick."""

from __future__ import annotations

from .models import SellerPayment


def seller_payment(*, seller) -> SellerPayment:
    """The seller's payment settings; defaults (cash on pickup only), unsaved, if none."""
    try:
        return seller.payment
    except SellerPayment.DoesNotExist:
        return SellerPayment(seller=seller)


def payment_methods(*, seller, fulfilment: str) -> list[str]:
    from shipping.methods import PICKUP

    return seller_payment(seller=seller).methods(pickup=fulfilment in PICKUP)
