"""No overselling: allocation is a conditional update, and the database refuses more
allocated than in stock whoever writes it (partner/models.py)."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction
from oscar.core.loading import get_model
from oscar.test.factories import create_basket, create_order

from partner.models import OutOfStock
from tests.catalogue.factories import product_for_sale
from tests.concurrency import at_once

Order = get_model("order", "Order")
StockRecord = get_model("partner", "StockRecord")


@pytest.mark.django_db
def test_allocation_within_stock_and_refused_beyond_it():
    record = product_for_sale(stock=3).stockrecords.get()
    record.allocate(2)
    assert record.num_allocated == 2

    with pytest.raises(OutOfStock):
        record.allocate(2)
    record.refresh_from_db()
    assert record.num_allocated == 2
    record.allocate(1)
    assert record.num_allocated == 3


@pytest.mark.django_db
def test_database_refuses_more_allocated_than_in_stock():
    record = product_for_sale(stock=2).stockrecords.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        StockRecord.objects.filter(pk=record.pk).update(num_allocated=3)
    with pytest.raises(IntegrityError), transaction.atomic():
        StockRecord.objects.filter(pk=record.pk).update(num_allocated=2, num_in_stock=1)


@pytest.mark.django_db
def test_oscars_order_placement_cannot_take_the_last_unit_twice():
    product = product_for_sale(stock=1)
    create_order(basket=_basket_with(product))
    with pytest.raises(OutOfStock):
        create_order(basket=_basket_with(product))
    assert Order.objects.count() == 1
    record = product.stockrecords.get()
    assert (record.num_in_stock, record.num_allocated) == (1, 1)


def _basket_with(product):
    basket = create_basket(empty=True)
    basket.add_product(product, 1)
    return basket


@pytest.mark.django_db(transaction=True)
def test_twenty_buyers_for_the_last_unit_one_gets_it():
    if connection.vendor != "postgresql":
        pytest.skip("concurrency is shown on PostgreSQL (SQLite serialises all writes)")
    record = product_for_sale(stock=1).stockrecords.get()

    def buy():
        try:
            with transaction.atomic():
                StockRecord.objects.get(pk=record.pk).allocate(1)
        except OutOfStock:
            return "stok habis"
        return "bought"

    outcomes = at_once(*[buy] * 20)

    assert sorted(outcomes) == ["bought"] + ["stok habis"] * 19
    record.refresh_from_db()
    assert (record.num_in_stock, record.num_allocated) == (1, 1)


@pytest.mark.django_db
def test_a_buyer_who_lost_the_last_unit_is_sent_back_to_the_basket(rf):
    """Oscar's checkout lets ``OutOfStock`` out of its place-order step: the buyer gets the
    basket and "stok habis", not a server error (security.middleware)."""
    from django.contrib.messages import get_messages
    from django.contrib.messages.middleware import MessageMiddleware
    from django.contrib.sessions.middleware import SessionMiddleware

    from security.middleware import RefusedInputMiddleware

    record = product_for_sale(title="Keripik Tempe", stock=1).stockrecords.get()
    record.allocate(1)
    request = rf.post("/checkout/preview/")
    SessionMiddleware(lambda r: None).process_request(request)
    MessageMiddleware(lambda r: None).process_request(request)
    try:
        record.allocate(1)
    except OutOfStock as lost:
        response = RefusedInputMiddleware(lambda r: None).process_exception(request, lost)

    assert response.status_code == 303
    assert response["Location"] == "/basket/"
    [message] = list(get_messages(request))
    assert "Stok habis: Keripik Tempe" in str(message)
