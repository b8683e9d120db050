"""Paying by card on a phone (Chromium, 360 px), as far as this machine allows: Stripe.js
cannot load here (no internet), so the browser is refused it and the test does what
Stripe.js would (confirm against localstripe), then follows Stripe's redirect back. The
buyer picks the card at checkout, lands on the card page, comes back paid; after a
decline, pays each shop another way from the same page."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from checkout.models import Checkout
from order import statuses
from payments.models import CardPayment
from tests.payments.card import browser_pays

from .test_buying import PHONE, fits

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _check_out_by_card(page, base, robusta, kain):
    for product in (robusta, kain):
        page.goto(base + product.get_absolute_url())
        page.locator("#add_to_basket_form button[type=submit]").click()
    page.goto(base + reverse("checkout:index"))
    fits(page)
    page.get_by_label("Nama penerima").fill("Sari Wulandari")
    page.get_by_label("Email").fill("sari@pembeli.test")
    page.get_by_label("Nomor WhatsApp").fill("0812-9876-5432")
    page.get_by_label("Kartu debit/kredit").check()
    for shop in ("Kopi Lereng Ijen", "Batik Gajah Oling"):
        page.locator(".seller-group", has_text=shop).get_by_label("Ambil di balai desa").check()
    page.get_by_role("button", name="Buat pesanan").click()
    expect(page.get_by_role("heading", name="dengan kartu")).to_be_visible()
    fits(page)
    return Checkout.objects.order_by("-pk").first()


def test_a_buyer_pays_two_shops_by_card_in_one_go(browser, live_server, stripe_on, wagtail_site):
    from tests.checkout.factories import hall_villages, shop_create

    found = hall_villages()
    _kopi, (robusta,) = shop_create(
        name="Kopi Lereng Ijen", village=found[0], products=[("Kopi Robusta Ijen 250 g", 45000, 5)]
    )
    _batik, (kain,) = shop_create(
        name="Batik Gajah Oling", village=found[1], products=[("Kain Batik Gajah Oling", 250000, 2)]
    )
    base = live_server.url
    context = browser.new_context(**PHONE)
    context.route("https://js.stripe.com/**", lambda route: route.abort())
    page = context.new_page()

    checkout = _check_out_by_card(page, base, robusta, kain)
    expect(page.get_by_text("Formulir kartu tidak bisa dimuat")).to_be_visible()
    expect(page.get_by_text(f"Rp{checkout.total:,}".replace(",", ".")).first).to_be_visible()
    page.screenshot(path="/tmp/card-pay.png", full_page=True)

    payment = CardPayment.objects.get(checkout=checkout)
    browser_pays(stripe_on, payment.intent_id, card="declined")
    page.goto(base + reverse("checkout:card-return", kwargs={"token": checkout.token}))
    expect(page.get_by_text("Pembayaran sebelumnya gagal")).to_be_visible()
    fits(page)

    # Another way: each shop by QRIS, from the same page.
    for order in checkout.orders.all():
        page.locator(f"#method_{order.number}-qris").check()
    page.get_by_role("button", name="Ganti cara bayar").click()
    expect(page.get_by_text("Cara bayar diganti")).to_be_visible()
    expect(page.locator("img.qris-image")).to_have_count(2)
    fits(page)
    page.screenshot(path="/tmp/card-switched.png", full_page=True)
    assert set(checkout.orders.values_list("payment_method", flat=True)) == {"qris"}
    context.close()

    # Another buyer pays by card and comes back paid.
    context = browser.new_context(**PHONE)
    context.route("https://js.stripe.com/**", lambda route: route.abort())
    page = context.new_page()
    second = _check_out_by_card(page, base, robusta, kain)
    assert second.pk != checkout.pk
    payment = CardPayment.objects.get(checkout=second)
    assert browser_pays(stripe_on, payment.intent_id)["status"] == "succeeded"
    page.goto(base + reverse("checkout:card-return", kwargs={"token": second.token}))
    expect(page.get_by_text("Pembayaran kartu diterima")).to_be_visible()
    expect(page.locator(".order-status", has_text="Sudah dibayar")).to_have_count(2)
    fits(page)
    page.screenshot(path="/tmp/card-paid.png", full_page=True)
    assert {o.status for o in second.orders.all()} == {statuses.PAID}
    context.close()
