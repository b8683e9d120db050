"""A product the site does not list (not public, its seller suspended, a required document
missing or expired) is gone everywhere a buyer looks, and cannot be bought: the product
page is 404, adding it to a basket is refused, and a line already in a basket cannot be
checked out. Basket lines keep the seller (stock record) the buyer chose."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import RequestFactory
from django.utils import timezone
from oscar.apps.catalogue.categories import create_from_breadcrumbs
from oscar.core.loading import get_class, get_model

from sellers.models import Seller
from tests.catalogue.factories import product_for_sale
from tests.sellers.factories import document_create, seller_create

pytestmark = pytest.mark.django_db

Basket = get_model("basket", "Basket")
Category = get_model("catalogue", "Category")
Partner = get_model("partner", "Partner")
StockRecord = get_model("partner", "StockRecord")
Selector = get_class("partner.strategy", "Selector")

FOOD = "Kuliner & Camilan > Keripik"
TITLE = "Keripik Tempe Sagu 250 g"


def yesterday() -> dt.date:
    return timezone.localdate() - dt.timedelta(days=1)


@pytest.fixture
def keripik():
    product = product_for_sale(title=TITLE, category=FOOD, shop="Bu Sri", price=15000)
    # As staff set it (the category form saves the category, which reindexes its products).
    food = Category.objects.get(name="Kuliner & Camilan")
    food.required_document = "pirt"
    food.save()
    return product


def shop_of(product) -> Seller:
    return Seller.objects.get(partner=product.stockrecords.get().partner)


def seen_by_buyers(client, product) -> dict[str, bool]:
    """Where a buyer finds the product: search, its category, the storefront, its page."""
    category = product.categories.get()
    return {
        "search": TITLE in client.get("/search/?q=keripik").content.decode(),
        "category": TITLE in client.get(category.get_absolute_url()).content.decode(),
        "parent category": TITLE
        in client.get(category.get_parent().get_absolute_url()).content.decode(),
        "storefront": TITLE in client.get(shop_of(product).get_absolute_url()).content.decode(),
        "product page": client.get(product.get_absolute_url()).status_code == 200,
    }


def basket_add(client, product):
    return client.post(f"/basket/add/{product.pk}/", {"quantity": 1}, follow=True)


def in_a_basket(product) -> bool:
    return Basket.objects.filter(lines__product=product).exists()


EVERYWHERE = {
    "search": True,
    "category": True,
    "parent category": True,
    "storefront": True,
    "product page": True,
}
NOWHERE = dict.fromkeys(EVERYWHERE, False)


def test_document_expiry_hides_the_product_everywhere_and_stops_its_sale(client, keripik):
    pirt = document_create(seller=shop_of(keripik), kind="pirt", expires_on=timezone.localdate())
    assert seen_by_buyers(client, keripik) == EVERYWHERE

    pirt.expires_on = yesterday()
    pirt.save()

    assert seen_by_buyers(client, keripik) == NOWHERE
    response = basket_add(client, keripik)
    assert "produk ini sedang tidak dijual" in response.content.decode()
    assert not in_a_basket(keripik)


def test_without_the_required_document_the_product_was_never_listed(client, keripik):
    assert seen_by_buyers(client, keripik) == NOWHERE
    basket_add(client, keripik)
    assert not in_a_basket(keripik)

    document_create(seller=shop_of(keripik), kind="pirt")
    assert seen_by_buyers(client, keripik) == EVERYWHERE
    basket_add(client, keripik)
    assert in_a_basket(keripik)


def test_a_suspended_sellers_products_are_gone_and_cannot_be_bought(client, keripik):
    shop = shop_of(keripik)
    document_create(seller=shop, kind="pirt")
    shop.status = Seller.Status.SUSPENDED
    shop.save()

    seen = seen_by_buyers(client, keripik)

    assert seen == NOWHERE
    basket_add(client, keripik)
    assert not in_a_basket(keripik)


def test_a_product_that_is_not_public_cannot_be_bought(client):
    product = product_for_sale(title=TITLE, category="Kopi", shop="Kopi Ijen")
    product.is_public = False
    product.save()

    assert client.get(product.get_absolute_url()).status_code == 404
    basket_add(client, product)
    assert not in_a_basket(product)


def test_staff_may_look_at_an_unlisted_product_but_not_buy_it(client, keripik, admin_user):
    client.force_login(admin_user)

    response = client.get(keripik.get_absolute_url())

    assert response.status_code == 200
    assert "Sedang tidak dijual" in response.content.decode()
    basket_add(client, keripik)
    assert not in_a_basket(keripik)


def _strategy(user=None):
    request = RequestFactory().get("/")
    request.user = user or type("Anonymous", (), {"is_authenticated": False})()
    return Selector().strategy(request=request, user=request.user)


def _basket_with(product, stockrecord, user):
    basket = Basket.objects.create(owner=user)
    basket.strategy = _strategy(user)
    basket.add_product(product, 1)
    line = basket.lines.get()
    line.stockrecord = stockrecord
    line.price_excl_tax = stockrecord.price
    line.save()
    return basket


def test_a_basket_line_from_a_suspended_seller_cannot_be_checked_out(keripik, django_user_model):
    shop = shop_of(keripik)
    document_create(seller=shop, kind="pirt")
    buyer = django_user_model.objects.create_user(username="pembeli", password="x")
    basket = _basket_with(keripik, keripik.stockrecords.get(), buyer)

    shop.status = Seller.Status.SUSPENDED
    shop.save()

    line = Basket.objects.get(pk=basket.pk).lines.get()
    info = _strategy(buyer).fetch_for_line(line)
    assert info.availability.is_purchase_permitted(1) == (False, "produk ini sedang tidak dijual")
    assert info.price.excl_tax == Decimal("15000")


def test_a_basket_line_keeps_the_price_of_the_seller_the_buyer_chose(django_user_model):
    product = product_for_sale(title="Kopi Robusta", category="Kopi", shop="Kopi A", price=40000)
    second = Partner.objects.create(name="Kopi B")
    seller_create(partner=second)
    chosen = StockRecord.objects.create(
        product=product, partner=second, partner_sku="B-1", price=Decimal(52000), num_in_stock=5
    )
    buyer = django_user_model.objects.create_user(username="pembeli", password="x")
    basket = _basket_with(product, chosen, buyer)

    # After a reload (a new request, a new strategy) the line is still seller B's.
    line = Basket.objects.get(pk=basket.pk).lines.get()
    info = _strategy(buyer).fetch_for_line(line)

    assert info.stockrecord == chosen
    assert info.price.excl_tax == Decimal("52000")
    assert info.availability.is_available_to_buy


def test_a_second_seller_who_is_active_is_preferred_for_a_new_purchase():
    product = product_for_sale(title="Kopi Robusta", category="Kopi", shop="Kopi A", price=40000)
    shop_a = shop_of(product)
    second = Partner.objects.create(name="Kopi B")
    seller_create(partner=second)
    record_b = StockRecord.objects.create(
        product=product, partner=second, partner_sku="B-1", price=Decimal(52000), num_in_stock=5
    )
    shop_a.status = Seller.Status.SUSPENDED
    shop_a.save()

    info = _strategy().fetch_for_product(product)

    assert info.stockrecord == record_b
    assert info.availability.is_available_to_buy


def test_subcategory_of_a_category_requiring_a_document_is_covered():
    create_from_breadcrumbs("Kuliner & Camilan > Sambal & Bumbu")
    product = product_for_sale(
        title="Sambal Pecel Bu Sri", category="Kuliner & Camilan > Sambal & Bumbu", shop="Bu Sri"
    )
    Category.objects.filter(name="Kuliner & Camilan").update(required_document="pirt")

    assert not _strategy().fetch_for_product(product).availability.is_available_to_buy
    document_create(seller=shop_of(product), kind="pirt")
    assert _strategy().fetch_for_product(product).availability.is_available_to_buy


def test_a_hidden_products_page_does_not_redirect_to_its_address(client, keripik):
    wrong = f"/catalogue/x_{keripik.pk}/"

    assert client.get(wrong).status_code == 404

    document_create(seller=shop_of(keripik), kind="pirt")
    response = client.get(wrong)
    assert response.status_code == 301 and response["Location"] == keripik.get_absolute_url()


def test_the_document_rule_holds_for_each_seller_of_a_shared_product(client, keripik):
    """Shop A holds the PIRT, shop B stocks the same product without one: B may not sell it.
    Once A is suspended the product is nowhere, and no basket can buy it from B."""
    shop_a = shop_of(keripik)
    document_create(seller=shop_a, kind="pirt")
    assert seen_by_buyers(client, keripik) == EVERYWHERE
    shop_b = seller_create(partner=Partner.objects.create(name="Warung B"))
    record_b = StockRecord.objects.create(
        product=keripik,
        partner=shop_b.partner,
        partner_sku="B-1",
        price=Decimal(14000),
        num_in_stock=5,
    )
    record_a = keripik.stockrecords.get(partner=shop_a.partner)
    assert _strategy().fetch_for_product(keripik).stockrecord == record_a
    b_info = _strategy().fetch_for_product(keripik, record_b)
    assert not b_info.availability.is_available_to_buy
    assert TITLE not in client.get(shop_b.get_absolute_url()).content.decode()

    shop_a.status = Seller.Status.SUSPENDED
    shop_a.save()

    assert TITLE not in client.get("/search/?q=keripik").content.decode()
    assert TITLE not in client.get(keripik.categories.get().get_absolute_url()).content.decode()
    assert client.get(keripik.get_absolute_url()).status_code == 404
    assert TITLE not in client.get(shop_b.get_absolute_url()).content.decode()
    basket_add(client, keripik)
    assert not in_a_basket(keripik)


def test_a_document_staff_have_not_checked_lists_nothing(client, keripik):
    from sellers.choices import DocumentStatus

    document = document_create(seller=shop_of(keripik), kind="pirt", status=DocumentStatus.PENDING)
    assert seen_by_buyers(client, keripik) == NOWHERE

    document.status = DocumentStatus.REJECTED
    document.save()
    assert seen_by_buyers(client, keripik) == NOWHERE

    document.status = DocumentStatus.VERIFIED
    document.save()
    assert seen_by_buyers(client, keripik) == EVERYWHERE
