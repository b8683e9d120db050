"""Which dashboard views a seller reaches at all: the list below, and nothing else. Every
other dashboard page (reports, offers, vouchers, ranges, users, partners, pages, reviews,
emails, shipping, categories, product types, options, order statistics, ...) refuses a
seller with 403 and sends an anonymous visitor to the login page. A new dashboard view is
staff-only unless its app's permissions let sellers in (``seller_views``)."""

from __future__ import annotations

import re
from urllib.parse import urlparse

from django.urls import reverse

from .test_seller_isolation import routes

#: Dashboard views no one needs to be signed in for.
OPEN_VIEWS = {"login", "logout"}

#: Views sellers must keep reaching, whatever else changes (a floor, not the list).
SELLER_FLOOR = {
    "index",
    "catalogue-product-list",
    "catalogue-product",
    "catalogue-product-create",
    "stock-alert-list",
    "order-list",
    "order-detail",
}


def seller_views() -> set[str]:
    """The dashboard views whose permissions let a seller in (Oscar's ``permissions_map``
    of each dashboard app: ``partner.dashboard_access`` among the alternatives). A view is
    a seller's because its app says so in code, where review sees it, not because a test
    lists it; this test checks that every other view refuses a seller."""
    from django.apps import apps
    from oscar.core.application import OscarDashboardConfig

    names = set(OPEN_VIEWS)
    for config in apps.get_app_configs():
        if not isinstance(config, OscarDashboardConfig):
            continue
        for pattern in config.get_urls():
            name = getattr(pattern, "name", None)
            if not name:
                continue
            for group in config.get_permissions(name) or ():
                group = [group] if isinstance(group, str) else list(group)
                if "partner.dashboard_access" in group:
                    names.add(name)
    return names


SELLER_VIEWS = seller_views()


def dashboard_urls():
    """One URL for each dashboard pattern, with placeholder arguments."""
    urls = []
    for route in routes():
        if route.namespace != "dashboard":
            continue
        path = route.path
        for argument in route.kwargs:
            value = "produk-umkm" if argument.endswith("slug") else "999999"
            path = re.sub(rf"\(\?P<{argument}>[^)]*\)", value, path)
            path = re.sub(rf"<(?:\w+:)?{argument}>", value, path)
        path = path.replace("^", "").replace("$", "")
        urls.append((route.name, path))
    return urls


def test_every_dashboard_view_is_accounted_for():
    names = {name for name, _ in dashboard_urls()}
    assert SELLER_VIEWS <= names, SELLER_VIEWS - names
    assert SELLER_FLOOR <= SELLER_VIEWS, SELLER_FLOOR - SELLER_VIEWS
    # Whole-order staff views never become a seller's by accident.
    assert not {"order-stats", "order-detail-note", "order-shipping-address"} & SELLER_VIEWS


def test_seller_reaches_only_their_own_views(seller_client, world):
    wrong = []
    for name, path in dashboard_urls():
        status = seller_client.get(path).status_code
        if name in SELLER_VIEWS:
            if status == 403:
                wrong.append(f"{name} {path}: 403 for a seller")
        else:
            post = seller_client.post(path, {}).status_code
            if (status, post) != (403, 403):
                wrong.append(f"{name} {path}: GET {status}, POST {post} (expected 403)")
        seller_client.force_login(world.a.user)  # the logout view signs A out
    assert not wrong, "\n".join(wrong)


def test_anonymous_visitor_is_sent_to_login(client, db):
    wrong = []
    for name, path in dashboard_urls():
        if name in OPEN_VIEWS:
            continue
        response = client.get(path)
        if response.status_code != 302 or urlparse(response["Location"]).path != reverse(
            "dashboard:login"
        ):
            wrong.append(f"{name} {path}: {response.status_code}")
    assert not wrong, "\n".join(wrong)


def test_navigation_offers_a_seller_only_their_pages(seller_client, world):
    body = seller_client.get(reverse("dashboard:index")).content.decode()

    for name in ("catalogue-product-list", "stock-alert-list", "order-list"):
        assert f'href="{reverse(f"dashboard:{name}")}"' in body
    for name in (
        "reports-index",
        "offer-list",
        "voucher-list",
        "range-list",
        "users-index",
        "partner-list",
        "page-list",
        "reviews-list",
        "comms-list",
        "order-stats",
        "catalogue-category-list",
        "catalogue-class-list",
    ):
        assert f'href="{reverse(f"dashboard:{name}")}"' not in body, name


def test_user_with_dashboard_access_but_no_shop_is_refused(client, db, django_user_model):
    from sellers.services import dashboard_access_grant

    user = django_user_model.objects.create_user("tanpa-toko", "tanpa@toko.test", "rahasia-123")
    dashboard_access_grant(user)
    client.force_login(user)

    for name in ("catalogue-product-list", "order-list", "stock-alert-list"):
        assert client.get(reverse(f"dashboard:{name}")).status_code == 403


def test_a_staff_only_page_refuses_a_seller_with_the_sites_own_page(seller_client, world):
    response = seller_client.get("/dashboard/partners/")

    assert response.status_code == 403
    html = response.content.decode()
    assert '<header class="site-header">' in html and "/static/css/site.css" in html
    assert "<title>Akses ditolak | Kampung Mall</title>" in html
    assert "Anda tidak punya izin untuk membuka halaman ini." in html
    assert f'href="{reverse("dashboard:index")}"' in html
    assert "403 Forbidden" not in html

    seller_client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = seller_client.get("/dashboard/partners/").content.decode()
    assert '<html lang="en">' in html
    assert "You do not have permission to open this page." in html
    assert "Back to the dashboard" in html and "Akses ditolak" not in html


def test_the_refusal_page_says_why_when_the_refusal_has_a_reason(client, db, django_user_model):
    from sellers.services import dashboard_access_grant

    user = django_user_model.objects.create_user("tanpa-toko", "tanpa@toko.test", "rahasia-123")
    dashboard_access_grant(user)
    client.force_login(user)

    response = client.get(reverse("dashboard:catalogue-product-list"))

    assert response.status_code == 403
    html = response.content.decode()
    assert '<header class="site-header">' in html
    assert "Dasbor ini hanya untuk penjual yang tokonya sudah disetujui." in html
