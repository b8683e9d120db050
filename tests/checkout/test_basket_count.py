"""The header's basket count on pages that never load the basket (listings): the same
number Oscar's full basket gives, before and after signing in (the cookie basket merged)."""

from __future__ import annotations

import re

import pytest

from tests.catalogue.factories import product_for_sale

pytestmark = pytest.mark.django_db


def count(client, url: str = "/catalogue/") -> int:
    html = client.get(url).content.decode()
    return int(re.search(r'data-testid="basket-count">(\d+)<', html).group(1))


def test_the_count_follows_the_basket_through_signing_in(client, wagtail_site, django_user_model):
    kopi = product_for_sale(title="Kopi Lanang Kalibaru 200 g")
    batik = product_for_sale(title="Batik Cap Kawung", category="Batik", shop="Batik Sekar")
    assert count(client) == 0
    client.post(f"/basket/add/{kopi.pk}/", {"quantity": 2})
    assert count(client) == 2
    buyer = django_user_model.objects.create_user(
        username="sari", email="sari@pembeli.test", password="sari-rahasia-2026"
    )
    client.force_login(buyer)
    # Just signed in with a cookie basket: the full load merges it, and the count has it.
    assert count(client) == 2
    client.post(f"/basket/add/{batik.pk}/", {"quantity": 1})
    assert count(client) == 3 == count(client, "/basket/")
    client.cookies["oscar_open_basket"] = "tampered:value"
    assert count(client) == 3
