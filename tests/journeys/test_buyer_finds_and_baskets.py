"""A buyer on a phone: home, search, product page, add to basket, basket count."""

import pytest
from playwright.sync_api import expect

from tests.catalogue.factories import product_for_sale

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_buyer_searches_opens_a_product_and_adds_it_to_the_basket(page, live_server, wagtail_site):
    product_for_sale(title="Kopi Lanang Kalibaru 200 g", price=55000)
    product_for_sale(
        title="Keripik Pisang Agung Pedas",
        category="Kuliner & Camilan",
        shop="Camilan Bu Sri",
        price=15000,
    )

    page.goto(live_server.url + "/")
    expect(page.get_by_test_id("basket-count")).to_have_text("0")

    page.get_by_placeholder("Cari kopi, batik, keripik…").fill("lanang")
    page.get_by_role("button", name="Cari", exact=True).click()
    expect(page.get_by_role("link", name="Kopi Lanang Kalibaru 200 g")).to_be_visible()
    expect(page.get_by_text("Keripik Pisang Agung Pedas")).to_have_count(0)

    page.get_by_role("link", name="Kopi Lanang Kalibaru 200 g").first.click()
    expect(page.get_by_role("heading", name="Kopi Lanang Kalibaru 200 g")).to_be_visible()
    expect(page.get_by_text("Rp55.000").first).to_be_visible()

    page.locator("#add_to_basket_form button[type=submit]").click()
    expect(page.get_by_test_id("basket-count")).to_have_text("1")


def test_buyer_removes_a_line_without_javascript(browser, live_server, wagtail_site):
    product_for_sale(title="Kopi Lanang Kalibaru 200 g", price=55000)
    product_for_sale(
        title="Batik Cap Kawung", category="Batik & Kain", shop="Batik Sekar", price=150000
    )
    context = browser.new_context(viewport={"width": 360, "height": 740}, java_script_enabled=False)
    page = context.new_page()
    for title in ("Kopi Lanang Kalibaru 200 g", "Batik Cap Kawung"):
        page.goto(live_server.url + "/catalogue/")
        page.locator("article", has_text=title).get_by_role("button").click()
    expect(page.get_by_test_id("basket-count")).to_have_text("2")

    page.goto(live_server.url + "/basket/")
    page.locator("form#basket_formset .basket-items", has_text="Batik Cap Kawung").locator(
        "button[name$=DELETE]"
    ).click()
    expect(page.get_by_test_id("basket-count")).to_have_text("1")
    expect(page.get_by_role("link", name="Kopi Lanang Kalibaru 200 g").first).to_be_visible()
    expect(page.get_by_role("link", name="Batik Cap Kawung")).to_have_count(0)
    context.close()


def test_buyer_on_a_phone_gets_suggestions_a_correction_and_filters(
    page, live_server, wagtail_site
):
    page.set_viewport_size({"width": 360, "height": 740})
    product_for_sale(title="Kopi Lanang Kalibaru 200 g", price=55000)
    product_for_sale(title="Kopi Robusta Glenmore 250 g", price=45000, shop="Kopi Glenmore")
    product_for_sale(
        title="Batik Tulis Gajah Oling", category="Batik & Kain", shop="Batik Sekar", price=350000
    )

    page.goto(live_server.url + "/")
    page.get_by_placeholder("Cari kopi, batik, keripik…").press_sequentially("kop", delay=30)
    suggestion = page.locator(".suggest-list a", has_text="Kopi Robusta Glenmore 250 g")
    expect(suggestion).to_be_visible()
    suggestion.click()
    expect(page.get_by_role("heading", name="Kopi Robusta Glenmore 250 g")).to_be_visible()

    page.goto(live_server.url + "/search/?q=batk")
    expect(page.get_by_test_id("corrected")).to_contain_text("batik")
    expect(page.get_by_role("link", name="Batik Tulis Gajah Oling")).to_be_visible()

    page.goto(live_server.url + "/search/?q=kopi")
    page.get_by_test_id("facets").locator("summary").click()
    page.get_by_test_id("facets").get_by_role("link", name="Kopi Glenmore").click()
    expect(page.get_by_test_id("active-filters")).to_contain_text("Toko: Kopi Glenmore")
    expect(page.get_by_role("link", name="Kopi Lanang Kalibaru 200 g")).to_have_count(0)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=str(live_server_shot("search-phone.png")), full_page=True)
    page.get_by_test_id("active-filters").get_by_role("link").click()
    expect(page.get_by_role("link", name="Kopi Lanang Kalibaru 200 g")).to_be_visible()


def live_server_shot(name: str):
    import os
    import tempfile
    from pathlib import Path

    folder = Path(os.environ.get("JOURNEY_SHOTS", tempfile.gettempdir()))
    return folder / name
