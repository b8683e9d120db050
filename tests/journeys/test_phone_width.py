"""Every page of the buyer's and the seller's flows at 360 px: none scrolls sideways."""

from __future__ import annotations

import os

import pytest
from django.urls import reverse

from checkout.services import checkout_place
from order import statuses
from order.services import order_status_change
from payments.services import payment_confirm
from shipping.methods import Fulfilment
from tests.checkout.factories import basket_fill, buyer_at, choices_for, hall_villages, shop_create
from tests.dashboard.factories import product_image_add

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 360, "height": 740}, "locale": "id-ID"}


def too_wide(page, url: str) -> str | None:
    response = page.goto(url)
    if response is None or response.status >= 400:
        return f"{url}: {response.status if response else 'no response'}"
    shots = os.environ.get("JOURNEY_SCREENSHOTS")
    if shots:
        name = url.split("//", 1)[-1].split("/", 1)[-1].strip("/").replace("/", "_") or "home"
        page.screenshot(path=f"{shots}/{name[:80]}.png", full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    if width <= 360:
        return None
    widest = page.evaluate(
        """() => [...document.querySelectorAll('body *')]
        .filter(e => e.getBoundingClientRect().right > 362)
        .slice(-3).map(e => e.tagName.toLowerCase() + '.' + [...e.classList].join('.'))"""
    )
    return f"{url} is {width} px wide ({', '.join(widest)})"


def sign_in(page, base: str, email: str, password: str) -> None:
    page.goto(base + "/accounts/login/")
    page.locator("#id_login-username").fill(email)
    page.locator("#id_login-password").fill(password)
    page.locator("button[name=login_submit]").click()


def test_no_page_of_buying_or_selling_scrolls_sideways(
    browser, live_server, wagtail_site, django_user_model
):
    found = hall_villages()
    kopi, (robusta, arabika) = shop_create(
        name="Kopi Lereng Ijen Sumberagung Pesanggaran",
        village=found[0],
        products=[
            ("Kopi Robusta Petik Merah Lereng Ijen Kemasan 250 gram", 45000, 9),
            ("Arabika", 60000, 9),
        ],
    )
    batik, (kain,) = shop_create(
        name="Batik Gajah Oling", village=found[1], products=[("Kain Batik Gajah Oling", 250000, 5)]
    )
    product_image_add(robusta)
    buyer_user = django_user_model.objects.create_user(
        username="sari", email="sari@pembeli.test", password="sari-rahasia-2026", first_name="Sari"
    )
    checkout = checkout_place(
        basket=basket_fill(items=[(robusta, 2), (kain, 1)], owner=buyer_user),
        buyer=buyer_at(found[2]),
        choices=choices_for(
            [(kopi, Fulfilment.COURIER, "transfer"), (batik, Fulfilment.PICKUP_HALL, "qris")]
        ),
        user=buyer_user,
    )
    kopi_order = checkout.orders.get(seller=kopi)
    payment_confirm(order=kopi_order, by=kopi.user)
    order_status_change(
        order=kopi_order, new_status=statuses.PREPARING, by=kopi.user, role="seller"
    )

    base = live_server.url
    problems = []
    buyer = browser.new_context(**PHONE)
    page = buyer.new_page()
    sign_in(page, base, "sari@pembeli.test", "sari-rahasia-2026")
    page.goto(base + robusta.get_absolute_url())
    page.locator("#add_to_basket_form button[type=submit]").click()
    for url in (
        "/",
        "/catalogue/",
        robusta.get_absolute_url(),
        kopi.get_absolute_url(),
        "/basket/",
        reverse("checkout:index"),
        checkout.get_absolute_url(),
        reverse("checkout:history"),
        reverse("customer:summary"),
        reverse("customer:order-list"),
        reverse("customer:order", kwargs={"order_number": kopi_order.number}),
        reverse("customer:address-list"),
        reverse("customer:profile-update"),
    ):
        problems.append(too_wide(page, base + url))
    buyer.close()

    seller = browser.new_context(**PHONE)
    desk = seller.new_page()
    sign_in(desk, base, kopi.user.email, "rahasia-123")
    for url in (
        reverse("dashboard:index"),
        reverse("dashboard:catalogue-product-list"),
        reverse("dashboard:catalogue-product", kwargs={"pk": robusta.pk}),
        reverse("dashboard:order-list"),
        reverse("dashboard:order-detail", kwargs={"number": kopi_order.number}),
        reverse("dashboard:shop-settings-payment"),
        reverse("dashboard:shop-settings-shipping"),
    ):
        problems.append(too_wide(desk, base + url))
    seller.close()
    problems = [p for p in problems if p]
    assert not problems, "\n".join(problems)
