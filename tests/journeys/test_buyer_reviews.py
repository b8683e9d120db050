"""At 360 px: a buyer reviews a completed order (the shop and its product), the seller
replies from the dashboard, and the storefront shows the rating and the reply."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from sellers.services import dashboard_access_grant
from tests.catalogue.factories import product_for_sale
from tests.dashboard.factories import buyer_create, order_completed

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 360, "height": 740}, "locale": "id-ID"}


def sign_in(page, base: str, email: str, password: str) -> None:
    page.goto(base + "/accounts/login/")
    page.locator("#id_login-username").fill(email)
    page.locator("#id_login-password").fill(password)
    page.locator("button[name=login_submit]").click()


def fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, page.url


def test_a_buyer_reviews_the_seller_replies_and_the_storefront_shows_it(
    browser, live_server, wagtail_site
):
    kopi = product_for_sale(title="Kopi Robusta Lereng Ijen 250 g", price=45000)
    shop = kopi.stockrecords.get().partner.seller
    seller_user = shop.user
    seller_user.set_password("penjual-rahasia-2026")
    seller_user.save()
    dashboard_access_grant(seller_user)
    buyer = buyer_create(first_name="Dewi", last_name="Lestari", email="dewi@pembeli.test")
    order = order_completed(buyer=buyer, products=[kopi])

    # The buyer reviews the completed order from their account.
    page = browser.new_context(**PHONE).new_page()
    sign_in(page, live_server.url, "dewi@pembeli.test", "pembeli-123")
    page.goto(live_server.url + f"/accounts/orders/{order.number}/")
    page.get_by_test_id("order-review-link").click()
    fits(page)
    form = page.get_by_test_id("order-review-form")
    form.locator("input[name=seller-score][value='5']").check()
    form.locator("textarea[name=seller-body]").fill("Penjualnya ramah, kopi dikemas rapi.")
    form.locator(f"input[name=p{kopi.pk}-score][value='4']").check()
    form.locator(f"textarea[name=p{kopi.pk}-body]").fill("Harum, cocok untuk tubruk.")
    page.get_by_role("button", name="Kirim ulasan").click()
    expect(page.get_by_text("ulasan Anda sudah tersimpan")).to_be_visible()

    # The seller replies once, from the dashboard.
    seller = browser.new_context(**PHONE).new_page()
    sign_in(seller, live_server.url, seller_user.email, "penjual-rahasia-2026")
    seller.goto(live_server.url + "/dashboard/shop-reviews/")
    expect(seller.get_by_text("Penjualnya ramah, kopi dikemas rapi.")).to_be_visible()
    card = seller.locator(".card", has_text="Penjualnya ramah")
    card.locator("textarea[name=text]").fill("Terima kasih, Bu Dewi!")
    card.get_by_role("button", name="Kirim balasan").click()
    expect(seller.get_by_text("Balasan tersimpan")).to_be_visible()

    # Anyone sees the rating and the reply on the storefront and the product page.
    visitor = browser.new_context(**PHONE).new_page()
    visitor.goto(live_server.url + shop.get_absolute_url())
    expect(visitor.get_by_test_id("shop-rating")).to_contain_text("5,0")
    reviews = visitor.get_by_test_id("shop-reviews")
    expect(reviews).to_contain_text("Penjualnya ramah")
    expect(reviews.get_by_test_id("review-reply")).to_contain_text("Terima kasih, Bu Dewi!")
    fits(visitor)
    visitor.goto(live_server.url + kopi.get_absolute_url())
    expect(visitor.get_by_test_id("product-reviews")).to_contain_text("Harum, cocok untuk tubruk.")
    fits(visitor)
    visitor.screenshot(path="/tmp/review-product.png", full_page=True)
