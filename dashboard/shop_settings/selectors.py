"""Reads for the shop settings pages: what the stored QRIS says, and the rates a seller's
table starts from."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError

from payments.models import SellerPayment
from payments.qris import qris_read
from sellers.models import Seller
from shipping.methods import Zone
from shipping.models import CourierRate


@dataclass(frozen=True)
class QrisSummary:
    merchant: str
    nmid: str
    city: str


def qris_summary(*, payment: SellerPayment) -> QrisSummary | None:
    """The merchant name, NMID and city of the seller's stored QRIS; ``None`` without one."""
    if not payment.has_qris:
        return None
    try:
        info = qris_read(payment.qris_payload)
    except ValidationError:
        # Stored before today's checks: show what was kept, the seller can replace it.
        return QrisSummary(merchant=payment.qris_merchant, nmid="", city="")
    return QrisSummary(
        merchant=payment.qris_merchant or info.merchant_name or "",
        nmid=info.nmid or "",
        city=info.merchant_city or "",
    )


def default_rates() -> dict[str, CourierRate]:
    """Zone → the district's default rate (zones without a row are missing)."""
    return {rate.zone: rate for rate in CourierRate.objects.filter(seller__isnull=True)}


def seller_rates_initial(*, seller: Seller) -> dict[str, CourierRate | None]:
    """Zone → the rate a seller's own table shows: their own rows where they have them
    (their last own table, kept when they went back to the district's), else the
    district's default; ``None`` where neither exists."""
    own = {rate.zone: rate for rate in CourierRate.objects.filter(seller=seller)}
    defaults = default_rates()
    return {zone: own.get(zone) or defaults.get(zone) for zone in Zone.values}
