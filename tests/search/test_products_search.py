"""Database product search: every word must match; categories include their subcategories."""

import pytest
from oscar.apps.catalogue.categories import create_from_breadcrumbs

from search.selectors import products_search
from tests.catalogue.factories import product_for_sale

pytestmark = pytest.mark.django_db


@pytest.fixture
def goods():
    return {
        "robusta": product_for_sale(title="Kopi Robusta Glenmore 250 g", price=45000),
        "lanang": product_for_sale(title="Kopi Lanang Kalibaru 200 g", price=60000),
        "batik": product_for_sale(
            title="Batik Tulis Gajah Oling",
            category="Batik & Kain > Batik Tulis",
            shop="Batik Sekar Arum",
            price=750000,
        ),
        "hidden": product_for_sale(title="Kopi Rahasia", price=1000),
    }


def titles(qs):
    return [p.title for p in qs]


def test_every_word_must_match_title_description_category_or_shop(goods):
    goods["hidden"].is_public = False
    goods["hidden"].save()
    assert titles(products_search(query="kopi kalibaru")) == ["Kopi Lanang Kalibaru 200 g"]
    assert set(titles(products_search(query="KOPI"))) == {
        "Kopi Robusta Glenmore 250 g",
        "Kopi Lanang Kalibaru 200 g",
    }
    assert titles(products_search(query="sekar arum")) == ["Batik Tulis Gajah Oling"]
    assert titles(products_search(query="kopi batik")) == []


def test_a_category_includes_its_subcategories(goods):
    batik = create_from_breadcrumbs("Batik & Kain")
    assert titles(products_search(categories=batik.get_descendants_and_self())) == [
        "Batik Tulis Gajah Oling"
    ]


def test_sorting_by_price_lists_each_product_once(goods):
    assert titles(products_search(query="kopi", sort="price-asc")) == [
        "Kopi Rahasia",
        "Kopi Robusta Glenmore 250 g",
        "Kopi Lanang Kalibaru 200 g",
    ]
    assert titles(products_search(sort="price-desc"))[0] == "Batik Tulis Gajah Oling"


def test_search_and_browse_pages_survive_odd_input(client, wagtail_site, goods):
    for path in (
        "/search/?q=" + "kopi%20" * 200,
        "/search/?q=%00%27%22<script>",
        "/search/?q=kopi&sort_by=nonsense&page=abc",
        "/catalogue/?page=9999",
        "/catalogue/?sort_by=price-asc",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
    html = client.get("/search/?q=kopi&sort_by=nonsense&page=abc").content.decode()
    assert 'Hasil untuk "kopi"' in html
    assert "Kopi Robusta Glenmore 250 g" in html and "Batik Tulis Gajah Oling" not in html
    html = client.get("/search/?q=glenmore%00" + "x" * 300).content.decode()
    assert "Batik Tulis Gajah Oling" not in html, "a long query is cut, not dropped"
    html = client.get("/search/?q=glenmore").content.decode()
    assert "Kopi Robusta Glenmore 250 g" in html and "Kalibaru" not in html
    html = client.get("/catalogue/").content.decode()
    assert "Kopi Lanang Kalibaru 200 g" in html and "Batik Tulis Gajah Oling" in html
