"""Product listings cost the same number of queries however many cards they show: the
catalogue, search, the home page and a storefront (a phone on slow data waits for every
round trip the server makes)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sellers.models import Seller
from tests.catalogue.factories import product_for_sale

pytestmark = pytest.mark.django_db


def queries(client, url: str) -> int:
    client.get(url)  # caches warm (category menu, sessions)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_listing_queries_do_not_grow_with_the_cards(client, wagtail_site):
    product_for_sale(title="Kopi Robusta 1", shop="Kopi Lereng Ijen")
    product_for_sale(title="Kopi Robusta 2", shop="Kopi Lereng Ijen")
    shop = Seller.objects.get(partner__name="Kopi Lereng Ijen")
    urls = ["/catalogue/", "/search/?q=kopi", shop.get_absolute_url()]
    few = {url: queries(client, url) for url in urls}

    for n in range(3, 11):
        product_for_sale(title=f"Kopi Robusta {n}", shop="Kopi Lereng Ijen")
    many = {url: queries(client, url) for url in urls}

    assert many == few
