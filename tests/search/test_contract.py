"""The search contract, on every backend (``search_backend``: the database always,
Elasticsearch when ``ELASTICSEARCH_URL`` is set): what matches, in what order, with which
facets, and what is never listed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from oscar.apps.catalogue.categories import create_from_breadcrumbs

from search.backends import Query
from search.text import terms
from sellers.models import Seller
from tests.catalogue.factories import product_for_sale
from tests.sellers.factories import document_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def goods(goods):
    """The shared goods (conftest), and one product that is not public."""
    made = dict(goods, hidden=product_for_sale(title="Kopi Rahasia", price=1000))
    made["hidden"].is_public = False
    made["hidden"].save()
    return made


@pytest.fixture
def search(search_backend, goods):
    search_backend.rebuild()

    def run(text: str = "", **options):
        return search_backend.search(Query(terms=tuple(terms(text)), **options))

    return run


def titles(results) -> list[str]:
    return [hit.title for hit in results.hits]


def test_every_word_must_match_title_description_category_or_shop(search):
    assert titles(search("kopi kalibaru")) == ["Kopi Lanang Kalibaru 200 g"]
    assert set(titles(search("KOPI"))) == {
        "Kopi Robusta Glenmore 250 g",
        "Kopi Lanang Kalibaru 200 g",
    }
    assert titles(search("sekar arum")) == ["Batik Tulis Gajah Oling"]
    assert titles(search("batik tulis")) == ["Batik Tulis Gajah Oling"]
    assert titles(search("camilan")) == ["Keripik Singkong Pedas"]
    assert titles(search("kopi batik")) == []
    assert search("rahasia").total == 0, "not public: never listed"


def test_prefixes_spellings_and_misspellings(search):
    assert set(titles(search("kop"))) == {
        "Kopi Robusta Glenmore 250 g",
        "Kopi Lanang Kalibaru 200 g",
    }
    assert titles(search("kripik")) == ["Keripik Singkong Pedas"], "a local spelling"
    for typing in ("ke", "keri", "kerip", "keripi"):
        assert titles(search(typing + " singkong")) == ["Keripik Singkong Pedas"], typing
    found = search("batk")
    assert titles(found) == ["Batik Tulis Gajah Oling"] and found.corrected == ("batik",)
    assert search("zzqxw").total == 0


def test_a_category_includes_its_subcategories(search):
    batik = create_from_breadcrumbs("Batik & Kain")
    assert titles(search(category=batik.pk)) == ["Batik Tulis Gajah Oling"]


def test_sorts(search, goods):
    assert titles(search("kopi", sort="price-asc")) == [
        "Kopi Robusta Glenmore 250 g",
        "Kopi Lanang Kalibaru 200 g",
    ]
    assert titles(search(sort="price-desc"))[0] == "Batik Tulis Gajah Oling"
    assert titles(search(sort="price-asc"))[0] == "Keripik Singkong Pedas"
    assert titles(search(sort="newest"))[0] == "Keripik Singkong Pedas"


def test_facets_count_and_filters_narrow(search, goods):
    everything = search()
    assert everything.total == 4
    facets = dict(everything.facets)
    prices = dict(facets["price"])
    assert prices == {"0-25000": 1, "25000-50000": 1, "50000-100000": 1, "250000-": 1}
    sellers = dict(facets["seller"])
    kopi_shop = str(goods["robusta"].stockrecords.get().partner.seller.pk)
    assert sellers[kopi_shop] == 2 and sum(sellers.values()) == 4
    roots = dict(facets["category"])
    assert sum(roots.values()) == 4
    narrowed = search(filters=(("seller", kopi_shop), ("price", "50000-100000")))
    assert titles(narrowed) == ["Kopi Lanang Kalibaru 200 g"]
    assert narrowed.total == 1


def test_halal_facet_follows_the_certificate(search, search_backend, goods):
    shop = goods["keripik"].stockrecords.get().partner.seller
    document_create(seller=shop, kind="halal", number="ID35110000123456789")
    search_backend.rebuild()
    assert titles(search(filters=(("halal", "1"),))) == ["Keripik Singkong Pedas"]
    later = timezone.localdate() + dt.timedelta(days=400)
    assert search(filters=(("halal", "1"),), day=later).total == 0, "expired by then"


def test_an_expiring_document_drops_out_without_a_reindex(search, search_backend, goods):
    pangan = create_from_breadcrumbs("Pangan Olahan")
    pangan.required_document = "pirt"
    pangan.save()
    product_for_sale(
        title="Sambal Bawang Osing", category="Pangan Olahan > Sambal", shop="Dapur Bu Sri"
    )
    shop = Seller.objects.get(partner__name="Dapur Bu Sri")
    assert search("sambal").total == 0, "no PIRT yet"
    document_create(seller=shop, expires_on=timezone.localdate() + dt.timedelta(days=1))
    search_backend.rebuild()
    assert titles(search("sambal")) == ["Sambal Bawang Osing"]
    day_after = timezone.localdate() + dt.timedelta(days=2)
    assert search("sambal", day=day_after).total == 0


def test_a_suspended_seller_drops_out(search, goods):
    shop = goods["batik"].stockrecords.get().partner.seller
    shop.status = Seller.Status.SUSPENDED
    shop.save()
    assert search("batik").total == 0
    assert search().total == 3


def test_pages(search):
    first = search(sort="price-asc", limit=3)
    second = search(sort="price-asc", limit=3, offset=3)
    assert first.total == second.total == 4
    assert len(first.hits) == 3 and titles(second) == ["Batik Tulis Gajah Oling"]
    assert search(offset=400).hits == []


def test_suggestions(search_backend, goods):
    search_backend.rebuild()
    found = search_backend.suggest("kop")
    assert {p["title"] for p in found.products} == {
        "Kopi Robusta Glenmore 250 g",
        "Kopi Lanang Kalibaru 200 g",
    }
    assert [c["name"] for c in found.categories] == ["Kopi"]
    assert [s["name"] for s in found.shops] == ["Kopi Lereng Ijen"]
    typed = search_backend.suggest("keri")
    assert [p["title"] for p in typed.products] == ["Keripik Singkong Pedas"], (
        "a prefix the stemmer cuts"
    )


def test_rating_facet_and_sort(search, search_backend, goods):
    from catalogue.reviews.services import ReviewInput, review_save
    from tests.dashboard.factories import buyer_create, order_completed

    for n, (name, score) in enumerate((("lanang", 5), ("robusta", 3), ("batik", 4))):
        buyer = buyer_create(first_name=f"Pembeli{n}", last_name="", email=f"p{n}@uji.test")
        order = order_completed(buyer=buyer, products=[goods[name]])
        review_save(user=buyer, order=order, target=goods[name], data=ReviewInput(score=score))
    search_backend.rebuild()
    assert dict(search().facets)["rating"] == [("4", 2)]
    assert sorted(titles(search(filters=(("rating", "4"),)))) == [
        "Batik Tulis Gajah Oling",
        "Kopi Lanang Kalibaru 200 g",
    ]
    ranked = titles(search(sort="rating"))
    assert ranked[:3] == [
        "Kopi Lanang Kalibaru 200 g",
        "Batik Tulis Gajah Oling",
        "Kopi Robusta Glenmore 250 g",
    ]
    hit = search("lanang").hits[0]
    assert (hit.rating, hit.rating_count) == (50, 1)
