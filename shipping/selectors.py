"""Reads for shipping: a seller's settings (defaults when they never saved any) and the
choices a buyer has for one seller's group."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from .methods import Fulfilment, Zone
from .models import SellerShipping
from .rates import courier_fee, group_weight, rate_table, zone_for


def seller_shipping(*, seller) -> SellerShipping:
    """The seller's shipping settings; a seller who never saved any gets the defaults
    (pickup at the seller, at the hall, courier at the district's rates), unsaved."""
    try:
        return seller.shipping
    except SellerShipping.DoesNotExist:
        return SellerShipping(seller=seller)


@dataclass
class Option:
    code: str
    label: str
    fee: int | None  # None: not available (see ``reason``)
    detail: str = ""
    reason: str = ""
    map_url: str = ""

    @property
    def available(self) -> bool:
        return self.fee is not None


def seller_pickup_address(*, seller, shipping: SellerShipping) -> str:
    if shipping.pickup_address:
        return shipping.pickup_address
    from registry.templatetags.places import village_place

    return village_place(seller.village)


def shipping_options(
    *, seller, lines, buyer_village=None, buyer_regency_code: str = ""
) -> list[Option]:
    """What the buyer may choose for ``seller``'s ``lines``, available or not (and why)."""
    shipping = seller_shipping(seller=seller)
    options: list[Option] = []
    village = seller.village
    if shipping.pickup_at_hall and village.has_hall:
        options.append(
            Option(
                code=Fulfilment.PICKUP_HALL,
                label=str(Fulfilment.PICKUP_HALL.label),
                fee=0,
                detail=_("Balai %(village)s: %(address)s. Buka %(hours)s.")
                % {
                    "village": village,
                    "address": village.hall_address,
                    "hours": village.hall_hours or "-",
                },
                map_url=village.hall_map_url(),
            )
        )
    if shipping.pickup_at_seller:
        options.append(
            Option(
                code=Fulfilment.PICKUP_SELLER,
                label=str(Fulfilment.PICKUP_SELLER.label),
                fee=0,
                detail=_(
                    "Di %(village)s, Kec. %(district)s. Alamat lengkap dikirim setelah memesan."
                )
                % {"village": village, "district": village.district.name},
            )
        )
    if shipping.courier:
        if buyer_village is None and not buyer_regency_code:
            options.append(
                Option(
                    code=Fulfilment.COURIER,
                    label=str(Fulfilment.COURIER.label),
                    fee=None,
                    reason=_("Isi alamat pengiriman untuk melihat ongkos kirim."),
                )
            )
        else:
            zone = zone_for(
                seller_village=village,
                buyer_village=buyer_village,
                buyer_regency_code=buyer_regency_code,
            )
            weight = group_weight(lines)
            fee = courier_fee(rates=rate_table(seller=seller), zone=zone, weight_grams=weight)
            options.append(
                Option(
                    code=Fulfilment.COURIER,
                    label=str(Fulfilment.COURIER.label),
                    fee=fee,
                    detail=_("%(zone)s, %(kg)s kg")
                    % {
                        "zone": Zone(zone).label,
                        "kg": f"{weight / 1000:.1f}".replace(".", ","),
                    },
                    reason=""
                    if fee is not None
                    else _("Kurir penjual ini tidak melayani alamat Anda."),
                )
            )
    return options
