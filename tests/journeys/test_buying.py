"""Buying on a phone (Chromium, 360 px): a basket from two sellers, pickup at the village
hall for one and the courier for the other, paid by QRIS; each seller sees, confirms and
completes only their own order. Every page of both flows must fit the screen."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from checkout.models import Checkout
from order import statuses
from tests.checkout.factories import hall_villages, shop_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 360, "height": 740}, "locale": "id-ID"}


def fits(page) -> None:
    """The page does not scroll sideways on a 360 px phone."""
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > 360:
        widest = page.evaluate(
            """() => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > 361)
            .slice(0, 5).map(e => e.tagName + '.' + e.className + '#' + e.id)"""
        )
        raise AssertionError(f"{page.url} is {width} px wide: {widest}")


def sign_in(page, base: str, email: str, password: str) -> None:
    page.goto(base + "/accounts/login/")
    page.locator("#id_login-username").fill(email)
    page.locator("#id_login-password").fill(password)
    page.locator("button[name=login_submit]").click()


@pytest.fixture
def shops():
    found = hall_villages()
    kopi, (robusta,) = shop_create(
        name="Kopi Lereng Ijen", village=found[0], products=[("Kopi Robusta Ijen 250 g", 45000, 5)]
    )
    batik, (kain,) = shop_create(
        name="Batik Gajah Oling", village=found[1], products=[("Kain Batik Gajah Oling", 250000, 2)]
    )
    return found, kopi, batik, robusta, kain


def test_a_buyer_buys_from_two_sellers_and_each_seller_handles_their_own(
    browser, live_server, shops, wagtail_site
):
    found, kopi, batik, robusta, kain = shops
    base = live_server.url
    buyer = browser.new_context(**PHONE)
    page = buyer.new_page()

    for product in (robusta, kain):
        page.goto(base + product.get_absolute_url())
        fits(page)
        page.locator("#add_to_basket_form button[type=submit]").click()
    page.goto(base + "/basket/")
    fits(page)
    expect(page.locator(".basket-seller-group")).to_have_count(2)
    expect(page.locator(".basket-seller", has_text="Kopi Lereng Ijen")).to_be_visible()

    page.goto(base + reverse("checkout:index"))
    fits(page)
    page.get_by_label("Nama penerima").fill("Sari Wulandari")
    page.get_by_label("Email").fill("sari@pembeli.test")
    page.get_by_label("Nomor WhatsApp").fill("0812-9876-5432")
    page.get_by_label("Jalan, nomor rumah, dusun").fill("Jl. Melati No. 5")
    page.get_by_label("RT", exact=True).fill("2")
    page.get_by_label("RW", exact=True).fill("1")
    # The district select (JavaScript) narrows the villages; the postal code follows.
    page.locator("#id_district_filter").select_option(
        label=f"Kec. {found[2].district.name}, {found[2].district.regency.name}"
    )
    # Choosing the village prices the couriers again (the page reloads, keeping the form).
    with page.expect_navigation():
        page.get_by_label("Desa/kelurahan", exact=True).select_option(str(found[2].pk))
    if found[2].postal_code:
        expect(page.get_by_label("Kode pos")).to_have_value(found[2].postal_code)
    expect(page.get_by_label("Jalan, nomor rumah, dusun")).to_have_value("Jl. Melati No. 5")
    fits(page)

    kopi_group = page.locator(".seller-group", has_text="Kopi Lereng Ijen")
    batik_group = page.locator(".seller-group", has_text="Batik Gajah Oling")
    expect(kopi_group.get_by_text("Jl. Raya")).to_be_visible()  # the hall, before choosing
    kopi_group.get_by_label("Ambil di balai desa").check()
    kopi_group.get_by_label("QRIS").check()
    batik_group.get_by_label("Kurir lokal").check()
    batik_group.get_by_label("QRIS").check()
    page.screenshot(path="/tmp/checkout.png", full_page=True)
    page.get_by_role("button", name="Buat pesanan").click()

    expect(page.get_by_text("Terima kasih, Sari Wulandari")).to_be_visible()
    fits(page)
    checkout = Checkout.objects.get()
    assert checkout.orders.count() == 2
    images = page.locator("img.qris-image")
    expect(images).to_have_count(2)
    page.wait_for_function(
        "() => [...document.querySelectorAll('img.qris-image')]"
        ".every(img => img.complete && img.naturalWidth > 0)"
    )
    page.screenshot(path="/tmp/placed.png", full_page=True)
    expect(page.get_by_role("link", name="Simpan gambar QR")).to_have_count(2)

    for seller, _product, steps in (
        (
            kopi,
            robusta,
            [
                "Konfirmasi pembayaran diterima",
                "Mulai siapkan pesanan",
                "Tandai siap diambil",
                "Tandai selesai",
            ],
        ),
        (
            batik,
            kain,
            [
                "Konfirmasi pembayaran diterima",
                "Mulai siapkan pesanan",
                "Tandai sudah dikirim",
                "Tandai selesai",
            ],
        ),
    ):
        order = checkout.orders.get(seller=seller)
        other = checkout.orders.exclude(seller=seller).get()
        context = browser.new_context(**PHONE)
        desk = context.new_page()
        sign_in(desk, base, seller.user.email, "rahasia-123")
        desk.goto(base + reverse("dashboard:order-list"))
        fits(desk)
        expect(desk.get_by_text(order.number)).to_be_visible()
        expect(desk.get_by_text(other.number)).to_have_count(0)
        desk.goto(base + reverse("dashboard:order-detail", kwargs={"number": order.number}))
        fits(desk)
        for step in steps:
            desk.get_by_role("button", name=step).click()
            expect(desk.locator(".alert-success").first).to_be_visible()
            fits(desk)
        desk.screenshot(path=f"/tmp/seller-{seller.pk}.png", full_page=True)
        order.refresh_from_db()
        assert order.status == statuses.COMPLETED
        response = desk.goto(
            base + reverse("dashboard:order-detail", kwargs={"number": other.number})
        )
        assert response.status == 404
        context.close()

    page.reload()
    expect(page.locator(".order-status", has_text="Selesai")).to_have_count(2)
    buyer.close()


def test_transfer_with_a_receipt_and_cash_at_the_village_hall(browser, live_server, shops):
    """The other two ways to pay, in the browser: a bank transfer (with the receipt photo,
    which the seller opens before confirming) and cash when collecting at the hall."""
    from tests.dashboard.factories import jpeg_bytes

    found, kopi, batik, robusta, kain = shops
    base = live_server.url
    buyer = browser.new_context(**PHONE)
    page = buyer.new_page()
    for product in (robusta, kain):
        page.goto(base + product.get_absolute_url())
        page.locator("#add_to_basket_form button[type=submit]").click()
    page.goto(base + reverse("checkout:index"))
    page.get_by_label("Nama penerima").fill("Sari Wulandari")
    page.get_by_label("Email").fill("sari@pembeli.test")
    page.get_by_label("Nomor WhatsApp").fill("0812-9876-5432")
    page.get_by_label("Jalan, nomor rumah, dusun").fill("Jl. Melati No. 5")
    with page.expect_navigation():
        page.get_by_label("Desa/kelurahan", exact=True).select_option(str(found[2].pk))
    kopi_group = page.locator(".seller-group", has_text="Kopi Lereng Ijen")
    batik_group = page.locator(".seller-group", has_text="Batik Gajah Oling")
    kopi_group.get_by_label("Kurir lokal").check()
    kopi_group.get_by_label("Transfer bank").check()
    batik_group.get_by_label("Ambil di balai desa").check()
    batik_group.get_by_label("Bayar tunai").check()
    page.get_by_role("button", name="Buat pesanan").click()
    fits(page)
    kopi_card = page.locator(".placed-order", has_text="Kopi Lereng Ijen")
    expect(kopi_card.get_by_text("BRI 0123456789")).to_be_visible()
    expect(page.get_by_text("Bayar tunai saat mengambil pesanan.")).to_be_visible()
    kopi_card.locator("input[type=file]").set_input_files(
        files=[{"name": "bukti.jpg", "mimeType": "image/jpeg", "buffer": jpeg_bytes()}]
    )
    kopi_card.get_by_role("button", name="Kirim bukti").click()
    expect(page.get_by_text("Bukti transfer terkirim ke penjual.")).to_be_visible()
    fits(page)
    checkout = Checkout.objects.get()

    for seller, steps in (
        (kopi, ["Konfirmasi pembayaran diterima", "Mulai siapkan pesanan", "Tandai sudah dikirim"]),
        (
            batik,
            [
                "Mulai siapkan pesanan",
                "Tandai siap diambil",
                "Tandai selesai (uang tunai diterima)",
            ],
        ),
    ):
        order = checkout.orders.get(seller=seller)
        context = browser.new_context(**PHONE)
        desk = context.new_page()
        sign_in(desk, base, seller.user.email, "rahasia-123")
        desk.goto(base + reverse("dashboard:order-detail", kwargs={"number": order.number}))
        fits(desk)
        if seller == kopi:
            receipt = desk.get_by_role("link", name="Lihat bukti")
            expect(receipt).to_be_visible()
            response = desk.request.get(base + receipt.get_attribute("href"))
            assert response.status == 200 and response.headers["content-type"].startswith("image/")
        for step in steps:
            desk.get_by_role("button", name=step).click()
            expect(desk.locator(".alert-success").first).to_be_visible()
            fits(desk)
        context.close()

    kopi_order = checkout.orders.get(seller=kopi)
    batik_order = checkout.orders.get(seller=batik)
    assert kopi_order.status == statuses.SHIPPED and kopi_order.paid_at
    assert batik_order.status == statuses.COMPLETED and batik_order.paid_at
    page.reload()
    expect(page.locator(".order-status", has_text="Dikirim")).to_be_visible()
    expect(page.locator(".order-status", has_text="Selesai")).to_be_visible()
    buyer.close()
