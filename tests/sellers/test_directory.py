"""The seller directory at /shops/: filters by district, village and category that work as
plain GET links, forgive bad values, and keep to shops that sell something."""

from __future__ import annotations

import pytest
from django.test import override_settings

from registry.models import Village
from sellers.models import Seller
from tests.catalogue.factories import product_for_sale
from tests.registry.factories import villages
from tests.sellers.factories import seller_create

pytestmark = pytest.mark.django_db


def shop_names(response) -> list[str]:
    return [shop.name for shop in response.context["shops"]]


@pytest.fixture
def shops():
    """Three shops in two villages of Pesanggaran and one in Srono (another district)."""
    pesanggaran = villages("35.10.01")
    srono = villages("35.10.09")[0]
    made = {
        "kopi": ("Kopi Ijen", "Kopi", pesanggaran[0]),
        "batik": ("Batik Sekar", "Batik & Kain > Batik Tulis", pesanggaran[0]),
        "keripik": ("Keripik Sri", "Kuliner & Camilan > Keripik", pesanggaran[1]),
        "srono": ("Kopi Srono", "Kopi > Kopi Bubuk", srono),
    }
    for shop, category, village in made.values():
        product = product_for_sale(title=f"Produk {shop}", category=category, shop=shop)
        Seller.objects.filter(partner=product.stockrecords.get().partner).update(village=village)
    return {key: Seller.objects.get(partner__name=name) for key, (name, _c, _v) in made.items()}


def test_all_shops_that_sell_are_listed(client, shops):
    seller_create(name="Belum Jualan")  # no product: not in the directory
    suspended = shops["batik"]
    suspended.status = Seller.Status.SUSPENDED
    suspended.save()

    response = client.get("/shops/")

    assert response.status_code == 200
    assert shop_names(response) == ["Keripik Sri", "Kopi Ijen", "Kopi Srono"]


def test_filter_by_district(client, shops):
    response = client.get("/shops/?district=35.10.09")
    assert shop_names(response) == ["Kopi Srono"]
    html = response.content.decode()
    assert '<option value="35.10.09" selected>' in html


def test_filter_by_village_is_the_storefronts_village_link(client, shops):
    village = shops["kopi"].village
    storefront = client.get(shops["kopi"].get_absolute_url()).content.decode()
    assert f'href="/shops/?village={village.code}"' in storefront

    response = client.get(f"/shops/?village={village.code}")

    assert shop_names(response) == ["Batik Sekar", "Kopi Ijen"]
    assert f'<option value="{village.code}" selected>' in response.content.decode()


def test_filter_by_category_includes_subcategories_and_main_category(client, shops):
    assert shop_names(client.get("/shops/?category=kopi")) == ["Kopi Ijen", "Kopi Srono"]
    assert shop_names(client.get("/shops/?category=batik-kain")) == ["Batik Sekar"]

    # A shop whose main category is coffee is found there even before its coffee is listed.
    keripik = shops["keripik"]
    keripik.main_category = shops["kopi"].partner.stockrecords.get().product.categories.get()
    keripik.save()
    assert shop_names(client.get("/shops/?category=kopi")) == [
        "Keripik Sri",
        "Kopi Ijen",
        "Kopi Srono",
    ]


def test_filters_combine(client, shops):
    response = client.get("/shops/?district=35.10.01&category=kopi")
    assert shop_names(response) == ["Kopi Ijen"]


@pytest.mark.parametrize(
    "query, notice",
    [
        ("district=99.99.99", "Kecamatan yang dipilih tidak dikenal"),
        ("village=35.10.01.9999", "Desa yang dipilih tidak dikenal"),
        ("category=tidak-ada", "Kategori yang dipilih tidak dikenal"),
        ("village=" + "9" * 5000, "Desa yang dipilih tidak dikenal"),
        ("district=%00%27%22<script>", "Kecamatan yang dipilih tidak dikenal"),
    ],
)
def test_unknown_values_are_ignored_with_a_notice(client, shops, query, notice):
    response = client.get(f"/shops/?{query}")

    assert response.status_code == 200
    assert shop_names(response) == ["Batik Sekar", "Keripik Sri", "Kopi Ijen", "Kopi Srono"]
    assert notice in response.content.decode()
    assert "<script>" not in response.content.decode()


def test_a_village_outside_the_chosen_district_is_ignored(client, shops):
    village = shops["srono"].village

    response = client.get(f"/shops/?district=35.10.01&village={village.code}&page=x")

    assert response.status_code == 200
    assert shop_names(response) == ["Batik Sekar", "Keripik Sri", "Kopi Ijen"]
    assert f"Desa {village.name} tidak berada di Kecamatan Pesanggaran" in (
        response.content.decode()
    )


def test_no_match_says_so_and_offers_all_shops(client, shops):
    empty_village = Village.objects.filter(code__startswith="35.10.01.").exclude(
        sellers__isnull=False
    )[0]
    response = client.get(f"/shops/?village={empty_village.code}")
    assert shop_names(response) == []
    assert "Tidak ada toko yang cocok dengan saringan ini." in response.content.decode()


@override_settings(OSCAR_PRODUCTS_PER_PAGE=2)
def test_directory_is_paginated_and_pages_keep_the_filters(client, shops):
    first = client.get("/shops/?district=35.10.01")
    second = client.get("/shops/?district=35.10.01&page=2")

    assert shop_names(first) == ["Batik Sekar", "Keripik Sri"]
    assert shop_names(second) == ["Kopi Ijen"]
    assert "district=35.10.01&amp;page=2" in first.content.decode()
