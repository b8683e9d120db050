"""Every path of the URL map answers, with the site's header, in Indonesian and in English."""

import re

import pytest
from django import urls
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from oscar.core.loading import get_model

from tests.catalogue.factories import product_for_sale

Partner = get_model("partner", "Partner")

pytestmark = pytest.mark.django_db

HEADER = 'class="site-header"'


@pytest.fixture
def shop_data(wagtail_site):
    product = product_for_sale(title="Kopi Robusta Lereng Ijen 250 g", price=45000)
    return {
        "product": product,
        "category": product.get_categories().first(),
        "shop": Partner.objects.get(name="Kopi Lereng Ijen"),
    }


def site_paths(data):
    return [
        "/",
        "/catalogue/",
        data["category"].get_absolute_url(),
        data["product"].get_absolute_url(),
        "/search/?q=robusta",
        "/basket/",
        "/accounts/login/",
        "/shops/",
        f"/shops/{data['shop'].code}/",
        "/learn/",
    ]


def test_site_pages_answer_with_the_header_in_indonesian(client, shop_data):
    for path in site_paths(shop_data):
        response = client.get(path)
        assert response.status_code == 200, path
        html = response.content.decode()
        assert HEADER in html, path
        assert '<html lang="id">' in html, path
        assert "Keranjang" in html and "Belajar" in html, path


def test_site_pages_switch_to_english(client, shop_data):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    for path in site_paths(shop_data):
        html = client.get(path).content.decode()
        assert '<html lang="en">' in html, path
        assert "Basket" in html and "Learn" in html, path
        assert "Keranjang" not in html, path


def test_prices_are_rupiah_without_decimals(client, shop_data):
    html = client.get(shop_data["product"].get_absolute_url()).content.decode()
    assert "Rp45.000" in html
    assert "Stok tersedia (20)" in html and "available" not in html
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get(shop_data["product"].get_absolute_url()).content.decode()
    assert "Rp45.000" in html, "Rupiah keeps its Indonesian format in English too"


@pytest.mark.parametrize(
    ("path", "login_path"),
    [
        ("/accounts/", "/accounts/login/"),
        ("/dashboard/", "/dashboard/login/"),
        ("/cms/", "/cms/login/"),
    ],
)
def test_private_pages_send_visitors_to_login(client, wagtail_site, path, login_path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith(login_path)


def test_checkout_answers_once_the_basket_has_goods(client, shop_data):
    response = client.post(f"/basket/add/{shop_data['product'].pk}/", {"quantity": 1})
    assert response.status_code == 302
    response = client.get("/checkout/")
    assert response.status_code == 200
    assert HEADER in response.content.decode()


def test_staff_reach_the_back_offices(client, wagtail_site):
    staff = get_user_model().objects.create_user(
        username="staf",
        email="staf@example.test",
        password="rahasia-123",
        is_staff=True,
        is_superuser=True,
    )
    client.force_login(staff)
    for path in ("/dashboard/", "/cms/"):
        response = client.get(path)
        assert response.status_code == 200, path
        # Every asset comes from the site itself: it must work on a closed network.
        assets = re.findall(
            r'<(?:script|link)[^>]+(?:src|href)="(https?:)?//', response.content.decode()
        )
        assert assets == [], path


def test_unknown_shop_is_404_with_the_header(client, wagtail_site):
    response = client.get("/shops/tidak-ada/")
    assert response.status_code == 404
    assert HEADER in response.content.decode()


def _refused(request):
    raise PermissionDenied("Hanya pemilik toko yang boleh membuka halaman ini.")


#: The site's URL map and a storefront page that refuses everyone, for the 403 page.
urlpatterns = [
    urls.path("shops/rahasia/", _refused),
    urls.path("", urls.include("marketplace.urls")),
]


@pytest.mark.urls(__name__)
def test_a_refused_storefront_page_has_the_header_and_says_why(client, wagtail_site):
    response = client.get("/shops/rahasia/")

    assert response.status_code == 403
    html = response.content.decode()
    assert HEADER in html and '<html lang="id">' in html
    assert "Akses ditolak" in html and "Kembali ke beranda" in html
    assert "Hanya pemilik toko yang boleh membuka halaman ini." in html

    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get("/shops/rahasia/").content.decode()
    assert '<html lang="en">' in html and "Access denied" in html
    assert "Back to the home page" in html and "Basket" in html


def test_odd_page_numbers_show_a_page_not_an_error(client, shop_data):
    shop = f"/shops/{shop_data['shop'].code}/"
    for path in (
        "/shops/?page=abc",
        "/shops/?page=999",
        shop + "?page=-1",
        shop + "?page=999",
        "/catalogue/?page=abc",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "Kopi Lereng Ijen" in response.content.decode(), path


def test_indonesian_stays_the_default_whatever_the_browser_asks(client, wagtail_site):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="id">' in html and "Keranjang" in html


def test_the_category_menu_follows_category_changes(client, shop_data):
    category = shop_data["category"]
    # The basket page shows categories only in the header's strip.
    assert f">{category.name}</a>" in client.get("/basket/").content.decode()
    category.name = "Kopi Banyuwangi"
    category.save()
    assert ">Kopi Banyuwangi</a>" in client.get("/basket/").content.decode()


def test_django_admin_is_off_unless_a_deployment_enables_it(client, wagtail_site):
    assert client.get("/django-admin/").status_code == 404
    assert client.get("/django-admin/login/").status_code == 404
