"""Only a buyer whose order of a product is complete may review it (once); nobody else
reaches Oscar's review form, and a form sent back with an error is a page, not a 500."""

from __future__ import annotations

import pytest
from django.urls import reverse
from oscar.core.loading import get_model

from tests.catalogue.factories import product_for_sale
from tests.dashboard.factories import buyer_create, order_place

ProductReview = get_model("reviews", "ProductReview")

pytestmark = pytest.mark.django_db


@pytest.fixture
def product(wagtail_site):
    return product_for_sale(title="Kopi Robusta Lereng Ijen 250 g", price=45000)


@pytest.fixture
def buyer():
    return buyer_create(first_name="Dewi", last_name="Lestari", email="dewi@pembeli.test")


def review_url(product) -> str:
    return reverse(
        "catalogue:reviews-add", kwargs={"product_slug": product.slug, "product_pk": product.pk}
    )


VALID = {"score": "5", "title": "Kopinya harum", "body": "Sampai dalam dua hari, harum sekali."}


def test_anonymous_visitors_cannot_review_nor_see_the_button(client, product):
    page = client.get(product.get_absolute_url()).content.decode()
    assert review_url(product) not in page
    for data in ({}, VALID, {"score": "3", "title": ""}):
        response = client.post(review_url(product), data)
        assert response.status_code == 302
    assert client.get(review_url(product)).status_code == 302
    assert not ProductReview.objects.exists()


def test_a_buyer_without_a_completed_order_cannot_review(client, product, buyer):
    order = order_place(items=[(product, 1)], buyer=buyer, phone="+6281211110001", street="Jl. A")
    client.force_login(buyer)
    assert client.post(review_url(product), VALID).status_code == 302
    assert not ProductReview.objects.exists()
    # Once the line is received, the buyer may.
    order.lines.update(status="Diterima")
    assert client.get(review_url(product)).status_code == 200


def test_a_buyer_with_a_completed_order_reviews_once(client, product, buyer):
    order = order_place(items=[(product, 1)], buyer=buyer, phone="+6281211110001", street="Jl. A")
    order.status = "Selesai"
    order.save()
    client.force_login(buyer)
    assert review_url(product) in client.get(product.get_absolute_url()).content.decode()

    # A form sent back with an error (Oscar's star filter failed on the posted text).
    for score in ("3", "abc", "99999999999999999999"):
        response = client.post(review_url(product), {"score": score, "title": ""})
        assert response.status_code == 200
    assert not ProductReview.objects.exists()

    assert client.post(review_url(product), VALID).status_code == 302
    assert ProductReview.objects.filter(user=buyer, product=product).count() == 1
    assert client.post(review_url(product), VALID).status_code == 302
    assert ProductReview.objects.count() == 1, "once per buyer and product"
