"""The basket keeps each line at its own seller's stock record and price: across reloads,
across the merge at sign-in (Oscar's merge can leave a line at the wrong stock record:
django-oscar#4164), and into the orders placed; and the basket page shows the shops."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from oscar.core.loading import get_model

from checkout.models import Checkout
from sellers.models import Seller
from tests.dashboard.factories import buyer_create

from .factories import hall_villages, shop_create

Basket = get_model("basket", "Basket")
StockRecord = get_model("partner", "StockRecord")

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared():
    """One product both shops sell, B dearer than A."""
    found = hall_villages()
    a, (kopi,) = shop_create(
        name="Toko Arum", village=found[0], products=[("Kopi Bersama", 50000, 5)]
    )
    b, _ = shop_create(name="Toko Bening", village=found[1], products=[])
    record_b = StockRecord.objects.create(
        product=kopi, partner=b.partner, partner_sku="B-1", price=52000, num_in_stock=5
    )
    return found, a, b, kopi, record_b


def _add_from(client, seller_to_pick, other, product):
    """Add ``product`` from ``seller_to_pick``: the other shop is away for a moment, so the
    strategy picks this one, as it does for a buyer while the other shop is suspended."""
    Seller.objects.filter(pk=other.pk).update(status=Seller.Status.SUSPENDED)
    client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1})
    Seller.objects.filter(pk=other.pk).update(status=Seller.Status.ACTIVE)


def _prices(body: str) -> list[str]:
    return re.findall(r"Rp\d{1,3}(?:\.\d{3})+", body)


def test_a_line_keeps_its_sellers_price_across_reloads(client, shared):
    found, a, b, kopi, record_b = shared
    _add_from(client, b, a, kopi)
    for _reload in range(3):
        body = client.get(reverse("basket:summary")).content.decode()
        assert "Rp52.000" in body and "Rp50.000" not in body
        assert "Toko Bening" in body
    line = Basket.objects.get().lines.get()
    assert line.stockrecord_id == record_b.pk


def test_sign_in_merges_baskets_and_keeps_each_line_at_its_seller(client, shared):
    found, a, b, kopi, record_b = shared
    buyer = buyer_create(first_name="Sari", last_name="W", email="sari@pembeli.test")
    buyer.set_password("sari-rahasia-2026")
    buyer.save()
    # Signed in earlier on another phone: the basket holds A's kopi.
    client.force_login(buyer)
    _add_from(client, a, b, kopi)
    client.logout()
    # As a guest on this phone: B's kopi.
    _add_from(client, b, a, kopi)

    client.post(
        reverse("customer:login"),
        {
            "login-username": "sari@pembeli.test",
            "login-password": "sari-rahasia-2026",
            "login_submit": "1",
        },
    )

    # The next page merges the guest's basket into the buyer's (Oscar's basket middleware).
    body = client.get(reverse("basket:summary")).content.decode()
    assert body.count("basket-seller-group") == 2
    assert "Rp50.000" in body and "Rp52.000" in body
    basket = Basket.objects.get(owner=buyer, status=Basket.OPEN)
    records = sorted(
        (line.stockrecord.partner.name, int(line.price_excl_tax or 0))
        for line in basket.lines.all()
    )
    assert records == [("Toko Arum", 50000), ("Toko Bening", 52000)]

    data = {
        "action": "place",
        "recipient": "Sari W",
        "email": "sari@pembeli.test",
        "whatsapp": "081298765432",
        f"ship_{a.pk}": "pickup-seller",
        f"pay_{a.pk}": "cash",
        f"ship_{b.pk}": "pickup-seller",
        f"pay_{b.pk}": "cash",
    }
    assert client.post(reverse("checkout:index"), data).status_code == 302
    orders = {o.seller.name: o for o in Checkout.objects.get().orders.all()}
    assert orders["Toko Arum"].total_rupiah == 50000
    assert orders["Toko Bening"].total_rupiah == 52000
    assert orders["Toko Bening"].lines.get().stockrecord_id == record_b.pk


def test_a_line_no_longer_sold_is_shown_and_blocks_the_checkout(client, shared):
    found, a, b, kopi, record_b = shared
    _add_from(client, b, a, kopi)
    Seller.objects.filter(pk=b.pk).update(status=Seller.Status.SUSPENDED)
    basket_page = client.get(reverse("basket:summary")).content.decode()
    assert "tidak dijual" in basket_page.lower()
    page = client.get(reverse("checkout:index")).content.decode()
    assert "Ada barang yang tidak bisa dibeli" in page
    response = client.post(
        reverse("checkout:index"),
        {
            "action": "place",
            "recipient": "Sari",
            "email": "sari@pembeli.test",
            "whatsapp": "081298765432",
            f"ship_{b.pk}": "pickup-seller",
            f"pay_{b.pk}": "cash",
        },
    )
    assert response.status_code == 400
    assert not Checkout.objects.exists()
