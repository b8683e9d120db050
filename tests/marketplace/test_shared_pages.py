"""Shared public pages (``marketplace.pagecache``): a product page, listing or directory is
rendered once and served to everyone, with each visitor's own header, messages, forms'
tokens, nonce, stock alert and recently viewed products filled in; and it never outlives a
suspension, an expired document or a publish."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from oscar.apps.catalogue.categories import create_from_breadcrumbs

from sellers.models import Seller
from tests.catalogue.factories import product_for_sale
from tests.sellers.factories import document_create

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def site(wagtail_site):
    return wagtail_site


@pytest.fixture
def kopi():
    return product_for_sale(title="Kopi Lanang Kalibaru 200 g", price=60000)


@pytest.fixture
def buyer(django_user_model):
    return django_user_model.objects.create_user(
        username="sari", email="sari@pembeli.test", password="sari-rahasia-2026"
    )


def html(client, url: str, status: int = 200, **headers) -> str:
    response = client.get(url, **headers)
    assert response.status_code == status, url
    return response.content.decode()


def stored(url: str) -> None:
    """Ask twice, as two visitors: a page is stored the second time it is asked for."""
    html(Client(), url)
    html(Client(), url)


TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def basket_count(page: str) -> int:
    return int(re.search(r'data-testid="basket-count">(\d+)<', page).group(1))


def test_everyone_gets_the_shared_page_with_their_own_header(client, kopi, buyer):
    url = kopi.get_absolute_url()
    stored(url)
    anonymous = html(client, url)
    with CaptureQueriesContext(connection) as queries:
        again = html(Client(), url)
    assert len(queries) == 0, "a stored page costs an anonymous visitor no query"
    for page in (anonymous, again):
        assert "Masuk atau daftar" in page and "Keluar" not in page
        assert "<page-hole" not in page and "<card-csrf-token>" not in page
    signed_in = Client()
    signed_in.force_login(buyer)
    signed_in.post(f"/basket/add/{kopi.pk}/", {"quantity": 2})
    page = html(signed_in, url)
    assert "Keluar" in page and "Masuk atau daftar" not in page
    assert basket_count(page) == 2
    assert basket_count(html(Client(), url)) == 0, "nobody else's basket"


def test_a_shared_pages_forms_carry_the_visitors_own_token(kopi):
    url = kopi.get_absolute_url()
    stored(url)
    visitor = Client(enforce_csrf_checks=True)
    page = html(visitor, url)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    added = visitor.post(f"/basket/add/{kopi.pk}/", {"quantity": 1, "csrfmiddlewaretoken": token})
    assert added.status_code == 302
    assert basket_count(html(visitor, "/catalogue/")) == 1


def test_the_inline_styles_nonce_is_the_visitors_own(kopi):
    stored("/shops/")
    response = Client().get("/shops/")
    nonce = re.search(r'<style nonce="([^"]+)"', response.content.decode()).group(1)
    assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]


def test_messages_reach_only_their_visitor(client, kopi):
    url = kopi.get_absolute_url()
    stored(url)
    client.post(f"/basket/add/{kopi.pk}/", {"quantity": 1})
    assert "Kopi Lanang Kalibaru 200 g" in re.search(
        r'<div id="messages">(.*?)</div>\s*</div>', html(client, url), re.S
    ).group(1)
    assert 'class="alert' not in html(Client(), url)


def test_staff_see_unlisted_products_and_their_pages_are_never_shared(
    client, kopi, django_user_model
):
    kopi.is_public = False
    kopi.save()
    staff = Client()
    staff.force_login(django_user_model.objects.create_user("dinas", is_staff=True))
    assert "Kopi Lanang Kalibaru" in html(staff, kopi.get_absolute_url())
    html(client, kopi.get_absolute_url(), status=404)


def test_a_shared_product_page_never_outlives_a_suspension(client, kopi):
    url = kopi.get_absolute_url()
    stored(url)
    stored("/shops/")
    shop = Seller.objects.get(partner__name="Kopi Lereng Ijen")
    shop.status = Seller.Status.SUSPENDED
    shop.save()
    html(Client(), url, status=404)
    assert "Kopi Lanang Kalibaru" not in html(Client(), "/shops/")


def test_a_shared_page_never_outlives_an_expired_document(monkeypatch):
    food = create_from_breadcrumbs("Pangan Olahan")
    food.required_document = "pirt"
    food.save()
    sambal = product_for_sale(title="Sambal Bawang Osing", category="Pangan Olahan")
    today = timezone.localdate()
    document_create(seller=Seller.objects.get(partner__name="Kopi Lereng Ijen"), expires_on=today)
    stored(sambal.get_absolute_url())
    stored("/catalogue/")
    assert "Sambal Bawang Osing" in html(Client(), sambal.get_absolute_url())
    assert "Sambal Bawang Osing" in html(Client(), "/catalogue/")
    # Midnight passes; no task runs, nothing is saved.
    monkeypatch.setattr(timezone, "localdate", lambda *a: today + dt.timedelta(days=1))
    html(Client(), sambal.get_absolute_url(), status=404)
    assert "Sambal Bawang Osing" not in html(Client(), "/catalogue/")


def test_made_up_parameters_are_rendered_not_stored(kopi):
    from django.core.cache import cache

    stored("/catalogue/?utm_source=wa&x=1")
    stored(kopi.get_absolute_url() + "?fbclid=abc")
    pages = [k for k in cache._cache if ":page:" in k and not k.endswith(":seen")]  # noqa: SLF001
    assert not pages
    html(Client(), "/catalogue/?sort_by=price-asc&q=kopi-yang-dicari-sekali")
    pages = [k for k in cache._cache if ":page:" in k and not k.endswith(":seen")]  # noqa: SLF001
    assert not pages, "asked once: not stored"
    stored("/catalogue/?sort_by=price-asc")
    assert [k for k in cache._cache if ":page:listing:" in k and not k.endswith(":seen")]  # noqa: SLF001


EMAIL = re.compile(r'<input type="text" name="email"')


def test_out_of_stock_each_visitor_gets_their_own_alert_form(kopi, buyer):
    record = kopi.stockrecords.get()
    record.num_in_stock = 0
    record.save()
    url = kopi.get_absolute_url()
    stored(url)
    anonymous = html(Client(), url)
    assert 'id="alert_form"' in anonymous and EMAIL.search(anonymous)
    signed_in = Client()
    signed_in.force_login(buyer)
    page = html(signed_in, url)
    assert 'id="alert_form"' in page and not EMAIL.search(page)
    form = re.search(r'id="alert_form" method="post" action="([^"]+)"', page).group(1)
    signed_in.post(form, {})
    assert 'id="alert_form"' not in html(signed_in, url)
    assert EMAIL.search(html(Client(), url))


def test_recently_viewed_products_are_the_visitors_own(client, kopi):
    batik = product_for_sale(title="Batik Tulis Gajah Oling", category="Batik", shop="Sekar Arum")
    stored(batik.get_absolute_url())  # without any history
    html(client, kopi.get_absolute_url())
    assert "Kopi Lanang Kalibaru" in html(client, batik.get_absolute_url()).split("<h1")[-1]
    assert "Kopi Lanang Kalibaru" not in html(Client(), batik.get_absolute_url())


def test_the_header_menu_follows_the_visitors_permissions(kopi, buyer):
    url = "/catalogue/"
    stored(url)
    seller = Client()
    buyer.user_permissions.add(Permission.objects.get(codename="dashboard_access"))
    seller.force_login(buyer)
    assert "Toko saya" in html(seller, url)
    assert "Toko saya" not in html(Client(), url)


def test_publishing_a_page_retires_the_shared_home_page(wagtail_site):
    home = wagtail_site.root_page.specific
    stored("/")
    home.intro = "Selamat datang di pasar desa yang baru"
    home.save_revision().publish()
    assert "Selamat datang di pasar desa yang baru" in html(Client(), "/")


def test_a_signed_in_visitor_costs_only_their_own_queries(kopi, buyer):
    url = kopi.get_absolute_url()
    stored(url)
    stored("/catalogue/")
    signed_in = Client()
    signed_in.force_login(buyer)
    html(signed_in, url)
    # The session (unless cached), the user, the basket count, the shop link's permission;
    # on a product page also whether they may review it.
    for page, most in ((url, 5), ("/catalogue/", 4)):
        with CaptureQueriesContext(connection) as queries:
            html(signed_in, page)
        assert len(queries) <= most, [q["sql"][:80] for q in queries]


def test_a_hidden_product_leaves_its_shared_page_at_once(
    settings, kopi, django_capture_on_commit_callbacks
):
    settings.SEARCH_INDEX_IMMEDIATE = False  # as in production: the index waits for a task
    url = kopi.get_absolute_url()
    stored(url)
    with django_capture_on_commit_callbacks(execute=False) as committed:
        kopi.is_public = False
        kopi.save()
    for callback in committed:  # the commit's bump, but not the index task
        if getattr(callback, "__name__", "") == "version_bump":
            callback()
    html(Client(), url, status=404)


def test_a_closed_shops_page_never_passes_on_a_visitors_token():
    product_for_sale(title="Kopi Lanang Kalibaru 200 g")
    shop = Seller.objects.get(partner__name="Kopi Lereng Ijen")
    shop.status = Seller.Status.SUSPENDED
    shop.save()
    url = shop.get_absolute_url()
    tokens = [TOKEN.search(html(Client(), url)).group(1) for _ in range(3)]
    assert len(set(tokens)) == 3


def test_a_visitors_referer_and_returned_form_stay_theirs(kopi):
    url = kopi.get_absolute_url()
    stored(url)
    came = html(Client(), url, HTTP_REFERER="http://testserver/search/?q=kopi+lanang+sari")
    assert "/search/?q=kopi+lanang+sari" in came
    assert "kopi+lanang+sari" not in html(Client(), url)
    buyer = Client()
    buyer.post(f"/basket/add/{kopi.pk}/", {"quantity": 987})  # more than the stock
    own = html(buyer, url)
    assert 'value="987"' in own
    assert 'value="987"' not in html(Client(), url)
