"""Every page carries a Content-Security-Policy that allows only the site itself, inline
scripts only with the response's nonce, Stripe's hosts only on the card-payment page when
card payment is configured; and a Permissions-Policy."""

from __future__ import annotations

import re

import pytest
from django import urls
from django.contrib.auth import get_user_model
from django.http import HttpResponse
from django.template import engines

from security.csp import stripe_allowed
from tests.catalogue.factories import product_for_sale

pytestmark = pytest.mark.django_db


def policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


@pytest.fixture
def staff(wagtail_site):
    return get_user_model().objects.create_superuser(
        username="staf", email="staf@dinas.test", password="x"
    )


def test_every_kind_of_page_has_the_policy(client, staff):
    product = product_for_sale(title="Kopi Robusta Lereng Ijen 250 g", price=45000)
    pages = {
        "home": "/",
        "product": product.get_absolute_url(),
        "search": "/search/?q=kopi",
        "login": "/accounts/login/",
        "not found": "/tidak-ada/",
        "static": "/static/css/site.css",
    }
    for kind, path in pages.items():
        response = client.get(path)
        rules = policy(response)
        assert rules["default-src"] == ["'self'"], kind
        assert (
            "'unsafe-inline'" not in rules["script-src"]
            and "'unsafe-eval'" not in rules["script-src"]
        ), kind
        assert rules["object-src"] == ["'none'"] and rules["frame-ancestors"] == ["'self'"], kind
        assert "style-src-attr" not in rules, f"{kind}: the storefront has no inline styles"
        assert "camera=()" in response["Permissions-Policy"], kind
    client.force_login(staff)
    for path in ("/cms/", "/dashboard/"):
        rules = policy(client.get(path))
        assert "'unsafe-inline'" not in rules["script-src"], path
        assert rules["style-src-attr"] == ["'unsafe-inline'"], path


def test_inline_scripts_and_styles_carry_the_nonce_of_their_response(client, staff):
    client.force_login(staff)
    for path in ("/dashboard/", "/shops/"):
        response = client.get(path)
        html = response.content.decode()
        nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
        inline = re.findall(r"<(script|style)(?![^>]*\bsrc=)([^>]*)>", html)
        assert inline, path
        for tag, attrs in inline:
            if 'type="application/json"' in attrs:
                continue
            assert f'nonce="{nonce}"' in attrs, f"{path}: <{tag}{attrs}>"


def _card_page(request):
    html = engines["django"].from_string("<p>Bayar dengan kartu</p>").render({}, request)
    return HttpResponse(html)


urlpatterns = [
    urls.path("pay/", stripe_allowed(_card_page)),
    urls.path("", urls.include("marketplace.urls")),
]


@pytest.mark.urls(__name__)
def test_stripe_hosts_only_on_the_card_page_and_only_when_configured(client, settings, staff):
    settings.STRIPE_PUBLISHABLE_KEY = ""
    assert "stripe.com" not in client.get("/pay/")["Content-Security-Policy"]

    settings.STRIPE_PUBLISHABLE_KEY = "pk_test_123"
    rules = policy(client.get("/pay/"))
    assert rules["script-src"] == ["'self'", "https://js.stripe.com"]
    assert "https://hooks.stripe.com" in rules["frame-src"]
    assert "https://api.stripe.com" in rules["connect-src"]
    assert "stripe.com" not in client.get("/")["Content-Security-Policy"]
