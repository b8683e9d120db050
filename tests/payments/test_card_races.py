"""Card payments under races, on PostgreSQL with real threads: the pay page opened ten
times at once makes one PaymentIntent; the auto-cancel racing a payment ends paid, or
cancelled, never both, and the stock is right either way."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model

from checkout.services import checkout_place, unpaid_cancel
from order import statuses
from payments.models import CardPayment
from payments.services.card import card_intent_ensure, card_settle
from shipping.methods import Fulfilment
from tests.concurrency import at_once

from ..checkout.factories import basket_fill, buyer_at, choices_for, hall_villages, shop_create
from .card import browser_pays, intent_get, intents_all, refunds_of

Order = get_model("order", "Order")
Source = get_model("payment", "Source")
StockRecord = get_model("partner", "StockRecord")

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_pay_page_ten_times_at_once_makes_one_intent(stripe_on, shops):
    _villages, kopi, batik, robusta, kain = shops
    checkout = checkout_place(
        basket=basket_fill(items=[(robusta, 1), (kain, 1)]),
        buyer=buyer_at(),
        choices=choices_for(
            [(kopi, Fulfilment.PICKUP_HALL, "card"), (batik, Fulfilment.PICKUP_HALL, "card")]
        ),
    )
    url = reverse("checkout:card-pay", kwargs={"token": checkout.token})
    started = int(time.time())

    pages = at_once(*[lambda: Client().get(url)] * 10)

    assert [page.status_code for page in pages] == [200] * 10
    payment = CardPayment.objects.get(checkout=checkout)
    assert all(payment.intent_id.encode() in page.content for page in pages)
    # References restart with each test's database: the intents made during this test.
    made = [
        i
        for i in intents_all(stripe_on)
        if i["metadata"].get("checkout") == checkout.reference and i["created"] >= started
    ]
    assert [i["id"] for i in made] == [payment.intent_id]


def test_the_auto_cancel_racing_a_payment_ends_paid_or_cancelled(stripe_on):
    seller, (kopi,) = shop_create(
        name="Kopi Ijen Raya", village=hall_villages()[0], products=[("Kopi", 30000, 50)]
    )
    endings = set()
    for _round in range(6):
        checkout = checkout_place(
            basket=basket_fill(items=[(kopi, 2)]),
            buyer=buyer_at(),
            choices=choices_for([(seller, Fulfilment.PICKUP_HALL, "card")]),
        )
        payment, _intent = card_intent_ensure(checkout=checkout)
        later = timezone.now() + dt.timedelta(hours=25)
        allocated_before = StockRecord.objects.get(product=kopi).num_allocated

        def buyer_pays(payment=payment, checkout=checkout):
            browser_pays(stripe_on, payment.intent_id)
            return card_settle(checkout=checkout)

        at_once(lambda later=later: unpaid_cancel(now=later), buyer_pays)

        card_settle(checkout=checkout)  # the webhook, afterwards
        order = Order.objects.get(checkout=checkout)
        intent = intent_get(stripe_on, payment.intent_id)
        allocated = StockRecord.objects.get(product=kopi).num_allocated
        sources = list(Source.objects.filter(order=order))
        if order.status == statuses.PAID:
            assert intent["status"] == "succeeded"
            assert [s.amount_debited for s in sources] == [order.total_incl_tax]
            assert not refunds_of(stripe_on, payment.intent_id)
            assert allocated == allocated_before
            endings.add("paid")
        else:
            assert order.status == statuses.CANCELLED
            assert allocated == allocated_before - 2
            if intent["status"] == "succeeded":
                # Paid at the very moment it was cancelled: refunded in full.
                assert (
                    sum(r["amount"] for r in refunds_of(stripe_on, payment.intent_id))
                    == (intent["amount"])
                )
                assert [s.amount_refunded for s in sources] == [order.total_incl_tax]
                endings.add("cancelled and refunded")
            else:
                assert intent["status"] == "canceled"
                assert sources == []
                endings.add("cancelled")
    assert endings  # which endings occur depends on timing; each is checked above


@pytest.mark.parametrize("first", ["the payment", "the auto-cancel"])
def test_whichever_comes_first_of_payment_and_auto_cancel_wins(stripe_on, first):
    """The two orders the race above can take, each made to happen: a payment Stripe took
    just before the auto-cancel (its webhook not yet here) makes the cancel find it and
    record it; an auto-cancel just before the buyer's confirm makes Stripe refuse it."""
    seller, (kopi,) = shop_create(
        name="Kopi Ijen Raya", village=hall_villages()[0], products=[("Kopi", 30000, 5)]
    )
    checkout = checkout_place(
        basket=basket_fill(items=[(kopi, 2)]),
        buyer=buyer_at(),
        choices=choices_for([(seller, Fulfilment.PICKUP_HALL, "card")]),
    )
    payment, _intent = card_intent_ensure(checkout=checkout)
    later = timezone.now() + dt.timedelta(hours=25)
    if first == "the payment":
        browser_pays(stripe_on, payment.intent_id)
        assert unpaid_cancel(now=later) == 0
    else:
        assert unpaid_cancel(now=later) == 1
        assert browser_pays(stripe_on, payment.intent_id)["status"] == "canceled"
    card_settle(checkout=checkout)
    order = Order.objects.get(checkout=checkout)
    allocated = StockRecord.objects.get(product=kopi).num_allocated
    if first == "the payment":
        assert (order.status, allocated) == (statuses.PAID, 2)
        assert Source.objects.filter(order=order).count() == 1
    else:
        assert (order.status, allocated) == (statuses.CANCELLED, 0)
        assert not Source.objects.filter(order=order).exists()
