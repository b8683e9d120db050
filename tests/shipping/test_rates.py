"""Courier fees: the buyer's zone seen from the seller's village, a fee per started kg past
the first, the district's table or the seller's own, and zones a courier does not serve."""

from __future__ import annotations

import pytest

from registry.models import Village
from shipping.methods import Fulfilment, Zone
from shipping.models import CourierRate, SellerShipping
from shipping.rates import courier_fee, rate_table, zone_for
from shipping.selectors import shipping_options
from tests.checkout.factories import basket_fill, hall_villages, shop_create
from tests.registry.factories import villages

pytestmark = pytest.mark.django_db


@pytest.fixture
def places():
    pesanggaran = hall_villages()  # 35.10.01: Pesanggaran district
    siliragung = villages("35.10.02")  # another district of Banyuwangi
    return pesanggaran, siliragung


def test_zones_from_the_sellers_village(places):
    pesanggaran, siliragung = places
    home = pesanggaran[0]
    assert zone_for(seller_village=home, buyer_village=home) == Zone.SAME_VILLAGE
    assert zone_for(seller_village=home, buyer_village=pesanggaran[1]) == Zone.SAME_DISTRICT
    assert zone_for(seller_village=home, buyer_village=siliragung[0]) == Zone.SAME_REGENCY
    # Outside the loaded regions: the regency the buyer picked (Jember, East Java; Bandung).
    assert zone_for(seller_village=home, buyer_regency_code="35.09") == Zone.SAME_PROVINCE
    assert zone_for(seller_village=home, buyer_regency_code="32.04") == Zone.ELSEWHERE


def test_the_fee_adds_per_kg_for_each_started_kg_past_the_first():
    rate = CourierRate(zone=Zone.SAME_DISTRICT, base_fee=10000, per_kg=2000)
    assert [rate.fee(weight_grams=g) for g in (0, 1000, 1001, 2000, 2500, 5000)] == [
        10000,
        10000,
        12000,
        12000,
        14000,
        18000,
    ]


def test_the_districts_table_unless_the_seller_has_their_own(places):
    pesanggaran, _siliragung = places
    seller, _products = shop_create(name="Toko Kurir", village=pesanggaran[0], products=[])
    district = rate_table(seller=seller)
    assert courier_fee(rates=district, zone=Zone.SAME_VILLAGE, weight_grams=1500) == 5000 + 1000
    assert courier_fee(rates=district, zone=Zone.ELSEWHERE, weight_grams=100) is None  # not served

    for zone in Zone.values:
        CourierRate.objects.create(seller=seller, zone=zone, base_fee=7000, per_kg=500)
    assert (
        courier_fee(rates=rate_table(seller=seller), zone=Zone.SAME_VILLAGE, weight_grams=100)
        == 5000
    )
    SellerShipping.objects.filter(seller=seller).update(own_rates=True)
    seller.refresh_from_db()
    own = rate_table(seller=seller)
    assert courier_fee(rates=own, zone=Zone.SAME_VILLAGE, weight_grams=2500) == 7000 + 2 * 500
    assert courier_fee(rates=own, zone=Zone.ELSEWHERE, weight_grams=100) == 7000


def test_options_follow_the_sellers_switches_and_the_hall(places):
    pesanggaran, siliragung = places
    seller, (kopi,) = shop_create(
        name="Toko Pilihan",
        village=pesanggaran[0],
        products=[("Kopi", 20000, 5)],
        weight_grams=1200,
    )
    lines = list(basket_fill(items=[(kopi, 2)]).all_lines())
    options = {
        o.code: o for o in shipping_options(seller=seller, lines=lines, buyer_village=siliragung[0])
    }
    assert (
        options[Fulfilment.PICKUP_HALL].fee == 0
        and "Jl. Raya" in options[Fulfilment.PICKUP_HALL].detail
    )
    assert options[Fulfilment.COURIER].fee == 15000 + 2 * 3000  # same regency, 2.4 kg
    SellerShipping.objects.filter(seller=seller).update(courier=False, pickup_at_hall=False)
    Village.objects.filter(pk=pesanggaran[0].pk).update(hall_address="")
    seller.refresh_from_db()
    codes = [o.code for o in shipping_options(seller=seller, lines=lines)]
    assert codes == [Fulfilment.PICKUP_SELLER]
