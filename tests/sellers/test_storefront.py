"""Storefronts at /shops/<slug>/: what a buyer sees of a shop, its badges while documents
are valid, the WhatsApp chat link, the village link, paginated products, and a suspended
shop shown as closed."""

from __future__ import annotations

import datetime as dt
import io
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.files.base import ContentFile
from django.test import override_settings
from django.utils import timezone
from oscar.core.loading import get_model
from PIL import Image

from sellers.models import Seller
from tests.catalogue.factories import product_for_sale
from tests.registry.factories import resident_create
from tests.sellers.factories import document_create, seller_create

pytestmark = pytest.mark.django_db

Category = get_model("catalogue", "Category")

FOOD = "Kuliner & Camilan > Keripik & Kerupuk"


def shop_of(product) -> Seller:
    return Seller.objects.get(partner=product.stockrecords.get().partner)


def food_requires_pirt() -> None:
    Category.objects.filter(name="Kuliner & Camilan", depth=1).update(required_document="pirt")


def badges(html: str) -> set[str]:
    found = set()
    for kind in ("resident", "pirt", "halal", "nib"):
        if f'data-badge="{kind}"' in html:
            found.add(kind)
    return found


@pytest.fixture
def keripik():
    product = product_for_sale(title="Keripik Pisang Agung 200 g", category=FOOD, shop="Bu Sri")
    food_requires_pirt()
    shop = shop_of(product)
    shop.description = "Keripik pisang agung dari kebun sendiri.\nDigoreng setiap pagi."
    shop.approved_at = dt.datetime(2024, 3, 15, 9, 0, tzinfo=dt.UTC)
    shop.save()
    return shop


def test_storefront_shows_the_shop_its_place_and_its_products(client, keripik):
    document_create(seller=keripik, kind="pirt")

    response = client.get("/shops/bu-sri/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Bu Sri</h1>" in html
    assert "Digoreng setiap pagi." in html
    assert "Keripik Pisang Agung 200 g" in html
    village = keripik.village
    assert f'href="/shops/?village={village.code}"' in html
    assert f"Desa {village.name}" in html and village.district.name in html
    assert f'href="/shops/?district={village.district.code}"' in html
    assert "Bergabung sejak Maret 2024" in html


def test_whatsapp_button_opens_a_chat_with_a_greeting(client, keripik):
    html = client.get("/shops/bu-sri/").content.decode()

    link = html.split('data-testid="whatsapp-link"')[0].rsplit('href="', 1)[1].split('"')[0]
    url = urlsplit(link.replace("&amp;", "&"))
    assert (url.scheme, url.netloc, url.path) == ("https", "wa.me", "/6281234567890")
    text = parse_qs(url.query)["text"][0]
    assert text.startswith("Halo Bu Sri, saya melihat toko Anda di Kampung Mall")


def test_badges_follow_the_documents_validity_and_nib(client, keripik):
    today = timezone.localdate()
    assert badges(client.get("/shops/bu-sri/").content.decode()) == set()

    keripik.resident = resident_create(village=keripik.village)
    keripik.nib = "9120000123456"
    keripik.save()
    document_create(seller=keripik, kind="pirt", expires_on=today)
    halal = document_create(seller=keripik, kind="halal", number="ID-H-1", expires_on=today)
    document_create(seller=keripik, kind="other", number="SK-1")

    html = client.get("/shops/bu-sri/").content.decode()
    assert badges(html) == {"resident", "pirt", "halal", "nib"}
    assert "Penduduk terverifikasi" in html

    # Expired yesterday: the halal badge is gone, whether or not the daily task ran.
    halal.expires_on = today - dt.timedelta(days=1)
    halal.save()
    assert badges(client.get("/shops/bu-sri/").content.decode()) == {"resident", "pirt", "nib"}


def test_expired_pirt_hides_the_food_and_its_badge_from_the_storefront(client, keripik):
    today = timezone.localdate()
    pirt = document_create(seller=keripik, kind="pirt", expires_on=today)
    product_for_sale(title="Kopi Bubuk Bu Sri", category="Kopi", shop="Bu Sri")
    html = client.get("/shops/bu-sri/").content.decode()
    assert "Keripik Pisang Agung 200 g" in html and "Kopi Bubuk Bu Sri" in html

    pirt.expires_on = today - dt.timedelta(days=1)
    pirt.save()

    html = client.get("/shops/bu-sri/").content.decode()
    assert "Keripik Pisang Agung 200 g" not in html
    assert "Kopi Bubuk Bu Sri" in html
    assert 'data-badge="pirt"' not in html


@override_settings(OSCAR_PRODUCTS_PER_PAGE=2)
def test_products_are_paginated(client):
    for n in range(5):
        product_for_sale(title=f"Batik Tulis Motif {n}", category="Batik", shop="Sekar Arum")

    first = client.get("/shops/sekar-arum/").content.decode()
    last = client.get("/shops/sekar-arum/?page=3").content.decode()
    odd = client.get("/shops/sekar-arum/?page=abc")

    # Newest first: the last two made are on page 1, the first made alone on page 3.
    assert "Batik Tulis Motif 4" in first and "Batik Tulis Motif 3" in first
    assert "Batik Tulis Motif 0" not in first
    assert "Batik Tulis Motif 0" in last and "Batik Tulis Motif 4" not in last
    assert "page=2" in first
    assert odd.status_code == 200 and "Batik Tulis Motif 4" in odd.content.decode()
    assert client.get("/shops/sekar-arum/?page=99").status_code == 200


def test_logo_and_banner_are_small_lazy_thumbnails(client, keripik):
    def png(size):
        out = io.BytesIO()
        Image.new("RGB", size, "orange").save(out, "PNG")
        return ContentFile(out.getvalue(), name="gambar.png")

    keripik.logo.save("logo.png", png((512, 512)), save=False)
    keripik.banner.save("banner.png", png((1600, 600)), save=True)

    html = client.get("/shops/bu-sri/").content.decode()

    for testid in ("shop-logo", "shop-banner"):
        tag = html.split(f'data-testid="{testid}"')[0].rsplit("<img", 1)[1]
        assert 'loading="lazy"' in tag
        assert ".webp" in tag, "a WebP thumbnail, not the stored original"


def test_a_suspended_shop_says_it_is_closed_and_sells_nothing(client, keripik):
    document_create(seller=keripik, kind="pirt")
    keripik.status = Seller.Status.SUSPENDED
    keripik.save()

    response = client.get("/shops/bu-sri/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "sedang tutup sementara" in html
    assert "Keripik Pisang Agung 200 g" not in html
    assert "wa.me" not in html and "data-badge" not in html
    assert '<meta name="robots" content="noindex">' in html


def test_unknown_shop_is_404(client):
    assert client.get("/shops/tidak-ada/").status_code == 404


def test_shop_without_listed_products_says_so(client):
    seller_create(name="Toko Baru")
    response = client.get("/shops/toko-baru/")
    assert response.status_code == 200
    assert "Toko ini belum memajang produk." in response.content.decode()
