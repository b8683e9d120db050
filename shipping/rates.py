"""What a seller's group costs to deliver: the buyer's zone seen from the seller's village,
and the courier fee for the group's weight."""

from __future__ import annotations

from .methods import Zone
from .models import CourierRate

#: The weight counted for a product whose seller gave none.
DEFAULT_WEIGHT_GRAMS = 500


def zone_for(*, seller_village, buyer_village=None, buyer_regency_code: str = "") -> str:
    """The zone of a buyer living in ``buyer_village`` (a registry village) or, outside the
    loaded regions, in the regency ``buyer_regency_code`` (``35.10``)."""
    if buyer_village is not None:
        if buyer_village.pk == seller_village.pk:
            return Zone.SAME_VILLAGE
        if buyer_village.district_id == seller_village.district_id:
            return Zone.SAME_DISTRICT
        buyer_regency_code = buyer_village.code[:5]
    seller_regency = seller_village.code[:5]
    if buyer_regency_code == seller_regency:
        return Zone.SAME_REGENCY
    if buyer_regency_code[:2] == seller_regency[:2]:
        return Zone.SAME_PROVINCE
    return Zone.ELSEWHERE


def group_weight(lines) -> int:
    """Grams of a group of basket or order lines (products without a weight count 500 g)."""
    return sum(
        (line.product.weight_grams or DEFAULT_WEIGHT_GRAMS) * line.quantity for line in lines
    )


def rate_table(*, seller) -> dict[str, CourierRate]:
    """Zone → rate for ``seller``: their own table when they use one, else the district's."""
    shipping = getattr(seller, "shipping", None)
    own = shipping is not None and shipping.own_rates
    table = {rate.zone: rate for rate in CourierRate.objects.filter(seller=seller if own else None)}
    if not table and not own:
        from .defaults import DEFAULT_RATES

        table = {
            zone: CourierRate(zone=zone, base_fee=base, per_kg=per_kg, available=available)
            for zone, base, per_kg, available in DEFAULT_RATES
        }
    return table


def courier_fee(*, rates: dict[str, CourierRate], zone: str, weight_grams: int) -> int | None:
    """The fee in Rupiah, or None when the courier does not serve the zone."""
    rate = rates.get(zone)
    if rate is None or not rate.available:
        return None
    return rate.fee(weight_grams=weight_grams)
