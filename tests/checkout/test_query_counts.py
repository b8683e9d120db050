"""The basket and checkout pages cost the same number of queries whatever the basket holds:
one seller with one line, or four sellers with three lines each."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from .factories import hall_villages, shop_create

pytestmark = pytest.mark.django_db


def _queries(client, url: str) -> int:
    client.get(url)  # caches warm (site, categories, session)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _fill(client, products):
    for product in products:
        client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1})


@pytest.mark.parametrize("url", ["basket:summary", "checkout:index"])
def test_queries_do_not_grow_with_lines_or_sellers(client, url):
    found = hall_villages()
    shops = [
        shop_create(
            name=f"Toko {i}",
            village=found[i],
            products=[(f"Produk {i}-{j}", 10000 + j, 10) for j in range(3)],
        )
        for i in range(4)
    ]
    small = client.__class__()
    _fill(small, shops[0][1][:1])
    _fill(client, [p for _seller, products in shops for p in products])

    few, many = _queries(small, reverse(url)), _queries(client, reverse(url))

    assert many == few, f"{url}: {few} queries for 1 line, {many} for 12 lines of 4 sellers"


def test_the_checkouts_page_costs_the_same_for_one_order_or_four(client):
    from checkout.services import checkout_place
    from shipping.methods import Fulfilment

    from .factories import basket_fill, buyer_at, choices_for

    found = hall_villages()
    shops = [
        shop_create(
            name=f"Toko {i}",
            village=found[i],
            products=[(f"Produk {i}-{j}", 10000 + j, 10) for j in range(3)],
        )
        for i in range(4)
    ]

    def placed(groups):
        items = [(p, 1) for _seller, products in groups for p in products]
        methods = ["qris", "transfer", "cash", "qris"]
        return checkout_place(
            basket=basket_fill(items=items),
            buyer=buyer_at(),
            choices=choices_for(
                [(s, Fulfilment.PICKUP_HALL, methods[i]) for i, (s, _p) in enumerate(groups)]
            ),
        )

    one, four = placed(shops[:1]), placed(shops)
    few = _queries(client, one.get_absolute_url())
    many = _queries(client, four.get_absolute_url())
    assert many == few, f"{few} queries for one order, {many} for four"
