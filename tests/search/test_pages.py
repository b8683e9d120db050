"""The listing pages buyers see: facets as plain links with counts, filters removable one
by one, the corrected spelling, suggestions as JSON, odd input, and caches that never
outlive a suspension or an expired document."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import override_settings
from django.utils import timezone
from oscar.apps.catalogue.categories import create_from_breadcrumbs

from sellers.models import Seller
from tests.catalogue.factories import product_for_sale
from tests.sellers.factories import document_create

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def site(wagtail_site):
    return wagtail_site


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def link(html: str, text: str) -> str:
    found = re.search(r'<a href="([^"]*)"[^>]*>' + re.escape(text), html)
    assert found, f"no link {text!r}"
    return found.group(1).replace("&amp;", "&")


def test_facets_are_links_with_counts_and_filters_come_off_one_by_one(client, goods):
    html = page(client, "/catalogue/")
    assert 'data-testid="facets"' in html
    assert 'Kopi Lereng Ijen</a> <span class="text-muted">(2)</span>' in html
    shop = link(html, "Kopi Lereng Ijen")
    html = page(client, "/catalogue/" + shop)
    assert "Kopi Robusta Glenmore" in html and "Batik Tulis Gajah" not in html
    price = link(html, "Rp50.000–Rp100.000")
    html = page(client, "/catalogue/" + price)
    assert "Kopi Lanang Kalibaru" in html and "Kopi Robusta Glenmore" not in html
    chips = re.findall(r'data-testid="active-filters">(.*?)</ul>', html, re.S)[0]
    assert "Toko: Kopi Lereng Ijen" in chips and "Harga: Rp50.000–Rp100.000" in chips
    without_shop = link(chips, "Toko: Kopi Lereng Ijen")
    assert "seller=" not in without_shop and "price=" in without_shop
    html = page(client, "/catalogue/" + without_shop)
    assert "Kopi Lanang Kalibaru" in html and "Toko: Kopi Lereng Ijen" not in html


def test_a_misspelling_is_corrected_and_no_results_are_friendly(client, goods):
    html = page(client, "/search/?q=batk")
    assert 'data-testid="corrected"' in html and "<strong>batik</strong>" in html
    assert "Batik Tulis Gajah Oling" in html
    html = page(client, "/search/?q=zzqxwv")
    assert 'data-testid="no-results"' in html and "Lihat semua produk" in html


def test_suggestions_are_json(client, goods):
    data = client.get("/search/suggest/?q=kop").json()
    assert {p["title"] for p in data["products"]} == {
        "Kopi Robusta Glenmore 250 g",
        "Kopi Lanang Kalibaru 200 g",
    }
    assert data["shops"][0]["name"] == "Kopi Lereng Ijen"
    assert client.get("/search/suggest/?q=").json()["products"] == []
    assert client.get("/search/suggest/?q=%00%22'" + "x" * 500).status_code == 200


def test_odd_input_gets_a_sensible_page(client, goods):
    for path in (
        "/search/?q=" + "kopi%20" * 200,
        "/search/?q=%00%27%22<script>&:*|!()",
        "/search/?q=kopi&sort_by=nonsense&page=abc",
        "/search/?q=kopi%20%26%20batik%20%7C%20!x:*",
        "/catalogue/?page=9999",
        "/catalogue/?page=99999999999999999999",
        "/catalogue/?page=last",
        "/catalogue/?seller=abc&village=-1&price=1-2&halal=yes&category=99999999999",
        "/catalogue/?district=999999999&sort_by=price-asc",
        "/search/?q=%F0%9F%8C%B6%EF%B8%8F%20%E0%B8%81",
        "/search/?q=kopi&category=2147483648",
        "/search/?q=kopi&seller=2147483647&district=9999999999",
        "/search/?q=%C2%BD%20AND%20NEAR%20OR",
    ):
        assert client.get(path).status_code == 200, path
    html = page(client, "/search/?q=kopi&sort_by=nonsense&page=abc")
    assert 'Hasil untuk "kopi"' in html and "Batik Tulis Gajah Oling" not in html
    html = page(client, "/catalogue/?page=9999")
    assert "Kopi Lanang Kalibaru" in html, "past the end: the last page"


def test_the_cached_listing_never_outlives_a_suspension(client, goods):
    assert "Batik Tulis Gajah Oling" in page(client, "/catalogue/")
    shop = Seller.objects.get(partner__name="Batik Sekar Arum")
    shop.status = Seller.Status.SUSPENDED
    shop.save()
    assert "Batik Tulis Gajah Oling" not in page(client, "/catalogue/")
    assert "Batik Tulis Gajah Oling" not in page(client, "/search/?q=batik")


def test_the_cached_listing_never_outlives_an_expired_document(client, goods, monkeypatch):
    food = create_from_breadcrumbs("Pangan Olahan")
    food.required_document = "pirt"
    food.save()
    product_for_sale(title="Sambal Bawang Osing", category="Pangan Olahan", shop="Dapur Bu Sri")
    shop = Seller.objects.get(partner__name="Dapur Bu Sri")
    today = timezone.localdate()
    document_create(seller=shop, expires_on=today)
    assert "Sambal Bawang Osing" in page(client, "/catalogue/")
    # Midnight passes; no task runs, nothing is saved.
    monkeypatch.setattr(timezone, "localdate", lambda *a: today + dt.timedelta(days=1))
    assert "Sambal Bawang Osing" not in page(client, "/catalogue/")


def test_listing_queries_stay_constant_at_10_and_100_cards(client, goods):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from search.indexing import version_bump

    urls = (
        "/catalogue/",
        "/search/?q=kopi",
        "/search/?q=kopi&price=25000-50000",
        "/shops/kopi-lereng-ijen/",
    )

    def counts(per_page: int) -> dict[str, tuple[int, int]]:
        found = {}
        with override_settings(OSCAR_PRODUCTS_PER_PAGE=per_page):
            for url in urls:
                page(client, url)  # the site's own caches (menus, session) warm
                version_bump()  # the listing's cache empty
                with CaptureQueriesContext(connection) as cold:
                    page(client, url)
                with CaptureQueriesContext(connection) as warm:
                    page(client, url)
                found[url] = (len(cold), len(warm))
        return found

    for n in range(10):
        product_for_sale(title=f"Kopi Robusta Ijen {n}", price=40000 + n)
    few = counts(10)
    for n in range(10, 100):
        product_for_sale(title=f"Kopi Robusta Ijen {n}", price=40000 + n)
    many = counts(100)
    assert many == few
    for url, (_cold, warm) in many.items():
        assert warm <= 5, (url, warm, "a cached listing reads only the session and user")


@override_settings(OSCAR_PRODUCTS_PER_PAGE=1)
def test_page_links_carry_only_what_the_listing_understands(client, goods):
    html = page(client, "/catalogue/?x=%3Cscript%3E&sort_by=newest&q=kopi")
    links = re.findall(r'class="page-link" href="([^"]*)"', html)
    assert links and all("x=" not in href for href in links)
    assert all("q=kopi" in href and "sort_by=newest" in href for href in links)
