"""What races and retries do to buying, on PostgreSQL with real threads: no order lost or
doubled, no unit of stock lost or sold twice, each email sent once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone
from oscar.core.loading import get_model

from checkout.models import Checkout
from checkout.services import CheckoutRefused, checkout_place, unpaid_cancel
from order import statuses
from order.services import OrderRefused, order_status_change
from partner.models import OutOfStock
from payments.services import payment_confirm
from shipping.methods import Fulfilment
from tests.concurrency import at_once

from .factories import basket_fill, buyer_at, choices_for, hall_villages, shop_create

Order = get_model("order", "Order")
StockRecord = get_model("partner", "StockRecord")
Source = get_model("payment", "Source")

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("races are shown on PostgreSQL (SQLite serialises all writes)")


@pytest.fixture
def shop():
    village = hall_villages()[0]
    seller, (kain,) = shop_create(
        name="Batik Gajah Oling", village=village, products=[("Kain", 250000, 1)]
    )
    return seller, kain


def _stock(product):
    record = StockRecord.objects.get(product=product)
    return record.num_in_stock, record.num_allocated or 0


def test_twenty_buyers_check_out_the_last_unit_one_order(shop):
    seller, kain = shop
    baskets = [basket_fill(items=[(kain, 1)]) for _ in range(20)]
    choices = choices_for([(seller, Fulfilment.PICKUP_HALL, "qris")])

    def buy(basket):
        def call():
            try:
                return checkout_place(basket=basket, buyer=buyer_at(), choices=choices).reference
            except (OutOfStock, CheckoutRefused):
                return "stok habis"

        return call

    outcomes = at_once(*[buy(b) for b in baskets])

    assert outcomes.count("stok habis") == 19, outcomes
    assert Checkout.objects.count() == 1 and Order.objects.count() == 1
    assert _stock(kain) == (1, 1)


def test_the_same_checkout_submitted_ten_times_at_once_is_placed_once(shop):
    seller, kain = shop
    basket = basket_fill(items=[(kain, 1)])
    choices = choices_for([(seller, Fulfilment.PICKUP_HALL, "qris")])

    outcomes = at_once(
        *[lambda: checkout_place(basket=basket, buyer=buyer_at(), choices=choices).pk] * 10
    )

    assert len(set(outcomes)) == 1 and isinstance(outcomes[0], int), outcomes
    assert Checkout.objects.count() == 1 and Order.objects.count() == 1
    assert _stock(kain) == (1, 1)


def _placed(seller, kain, method="qris"):
    basket = basket_fill(items=[(kain, 1)])
    checkout = checkout_place(
        basket=basket,
        buyer=buyer_at(),
        choices=choices_for([(seller, Fulfilment.PICKUP_HALL, method)]),
    )
    mail.outbox.clear()
    return checkout.orders.get()


def test_a_seller_confirming_twice_at_once_pays_once_and_emails_once(shop):
    seller, kain = shop
    order = _placed(seller, kain)

    outcomes = at_once(*[lambda: payment_confirm(order=order, by=seller.user).status] * 2)

    assert outcomes == [statuses.PAID, statuses.PAID]
    assert Source.objects.filter(order=order).count() == 1
    assert len([m for m in mail.outbox if order.number in m.subject]) == 1
    assert _stock(kain) == (1, 1)


def test_confirming_while_the_buyer_cancels_ends_in_one_state(shop):
    seller, kain = shop
    order = _placed(seller, kain)

    def confirm():
        try:
            return payment_confirm(order=order, by=seller.user).status
        except OrderRefused:
            return "refused"

    def cancel():
        try:
            return order_status_change(
                order=order, new_status=statuses.CANCELLED, by=None, role="buyer"
            ).status
        except OrderRefused:
            return "refused"

    outcomes = at_once(confirm, cancel)

    order.refresh_from_db()
    if order.status == statuses.PAID:
        assert outcomes == [statuses.PAID, "refused"]
        assert _stock(kain) == (1, 1)
        assert Source.objects.filter(order=order).count() == 1
    else:
        assert order.status == statuses.CANCELLED and outcomes == ["refused", statuses.CANCELLED]
        assert _stock(kain) == (1, 0)
        assert not Source.objects.filter(order=order).exists()
    assert len([m for m in mail.outbox if order.number in m.subject]) == 1


def test_auto_cancel_racing_a_late_confirmation_is_paid_or_cancelled_never_both(shop):
    seller, kain = shop
    order = _placed(seller, kain)
    late = timezone.now() + dt.timedelta(hours=25)

    def confirm():
        try:
            return payment_confirm(order=order, by=seller.user).status
        except OrderRefused:
            return "refused"

    outcomes = at_once(confirm, lambda: unpaid_cancel(now=late))

    order.refresh_from_db()
    assert order.status in (statuses.PAID, statuses.CANCELLED), outcomes
    paid = Source.objects.filter(order=order).exists()
    assert paid == (order.status == statuses.PAID)
    assert _stock(kain) == ((1, 1) if paid else (1, 0))
    assert order.status_changes.filter(new_status=statuses.CANCELLED).exists() != paid
