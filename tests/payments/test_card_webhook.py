"""Stripe's signed webhook as the record of truth: a changed byte, an old timestamp or a
wrong secret is refused with nothing written; the same event a hundred times, or twenty
at once, pays once and emails once; before, after or together with the buyer's return,
the checkout ends the same; an old failure after the success undoes nothing; localstripe's
own delivery to the running site pays the checkout without the buyer coming back."""

from __future__ import annotations

import json
import time

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from oscar.core.loading import get_model

from order import statuses
from payments.models import CardPayment, StripeEvent
from payments.services.card import card_intent_ensure, card_settle
from tests.concurrency import at_once

from .card import api, browser_pays, card_checkout, deliver, events_of

Order = get_model("order", "Order")
Source = get_model("payment", "Source")


def _paid_event(server, checkout) -> dict:
    payment, _intent = card_intent_ensure(checkout=checkout)
    assert browser_pays(server, payment.intent_id)["status"] == "succeeded"
    (event,) = events_of(server, payment.intent_id, "payment_intent.succeeded")
    return event


def _state(checkout) -> tuple:
    """What a buyer, a seller and the books see: statuses, payments, emails."""
    orders = Order.objects.filter(checkout=checkout).order_by("number")
    return (
        [order.status for order in orders],
        Source.objects.filter(order__checkout=checkout).count(),
        sorted(
            str(amount)
            for amount in Source.objects.filter(order__checkout=checkout).values_list(
                "amount_debited", flat=True
            )
        ),
        sorted(message.subject for message in mail.outbox),
    )


@pytest.mark.django_db
def test_a_changed_byte_an_old_timestamp_or_a_wrong_secret_is_refused(client, stripe_on, shops):
    checkout = card_checkout(shops)
    event = _paid_event(stripe_on, checkout)

    assert deliver(client, stripe_on, event, tamper=True).status_code == 400
    assert deliver(client, stripe_on, event, timestamp=int(time.time()) - 600).status_code == 400
    payload = json.dumps(event).encode()
    assert (
        client.post(
            "/payments/stripe/webhook/",
            data=payload,
            content_type="application/json",
            HTTP_STRIPE_SIGNATURE="t=1,v1=abc",
        ).status_code
        == 400
    )
    assert (
        client.post(
            "/payments/stripe/webhook/", data=payload, content_type="application/json"
        ).status_code
        == 400
    )
    assert client.get("/payments/stripe/webhook/").status_code == 405
    assert not StripeEvent.objects.exists()
    assert {o.status for o in checkout.orders.all()} == {statuses.AWAITING_PAYMENT}
    assert not Source.objects.exists()


@pytest.mark.django_db
def test_the_same_event_a_hundred_times_pays_and_emails_once(
    client, stripe_on, shops, django_capture_on_commit_callbacks
):
    checkout = card_checkout(shops)
    event = _paid_event(stripe_on, checkout)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        answers = {deliver(client, stripe_on, event).status_code for _ in range(100)}
    assert answers == {200}
    assert StripeEvent.objects.count() == 1
    assert StripeEvent.objects.get().processed_at is not None
    statuses_, sources, amounts, subjects = _state(checkout)
    assert statuses_ == [statuses.PAID, statuses.PAID]
    assert sources == 2
    assert [m.to for m in mail.outbox].count([checkout.email]) == 1
    assert len(subjects) == 3  # the buyer once, each seller once


@pytest.mark.django_db(transaction=True)
def test_twenty_deliveries_at_once_pay_once(stripe_on, shops):
    checkout = card_checkout(shops)
    event = _paid_event(stripe_on, checkout)
    mail.outbox.clear()

    answers = at_once(*[lambda: deliver(Client(), stripe_on, event).status_code] * 20)

    assert answers == [200] * 20
    assert StripeEvent.objects.count() == 1
    statuses_, sources, _amounts, subjects = _state(checkout)
    assert (statuses_, sources) == ([statuses.PAID, statuses.PAID], 2)
    assert [m.to for m in mail.outbox].count([checkout.email]) == 1
    assert len(subjects) == 3


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("order_of_arrival", ["webhook first", "return first", "together"])
def test_webhook_and_return_in_any_order_end_the_same(stripe_on, shops, order_of_arrival):
    checkout = card_checkout(shops)
    event = _paid_event(stripe_on, checkout)
    mail.outbox.clear()
    buyer = Client()
    back = reverse("checkout:card-return", kwargs={"token": checkout.token})

    def webhook():
        return deliver(Client(), stripe_on, event).status_code

    def buyer_returns():
        return buyer.get(back).status_code

    if order_of_arrival == "webhook first":
        answers = [webhook(), buyer_returns()]
    elif order_of_arrival == "return first":
        answers = [buyer_returns(), webhook()]
    else:
        answers = at_once(webhook, buyer_returns)

    assert sorted(answers) == [200, 302]
    statuses_, sources, amounts, subjects = _state(checkout)
    assert statuses_ == [statuses.PAID, statuses.PAID]
    assert sources == 2
    total = sum(o.total_rupiah for o in checkout.orders.all())
    assert total == checkout.total
    assert [m.to for m in mail.outbox].count([checkout.email]) == 1
    assert len(subjects) == 3
    assert CardPayment.objects.get(checkout=checkout).status == "succeeded"


@pytest.mark.django_db
def test_an_old_failure_after_the_success_undoes_nothing(
    client, stripe_on, shops, django_capture_on_commit_callbacks
):
    checkout = card_checkout(shops)
    event = _paid_event(stripe_on, checkout)
    with django_capture_on_commit_callbacks(execute=True):
        deliver(client, stripe_on, event)
    failed = {
        "id": "evt_old_failure",
        "object": "event",
        "type": "payment_intent.payment_failed",
        "data": {
            "object": {"id": event["data"]["object"]["id"], "status": "requires_payment_method"}
        },
    }
    with django_capture_on_commit_callbacks(execute=True):
        assert deliver(client, stripe_on, failed).status_code == 200
    assert {o.status for o in checkout.orders.all()} == {statuses.PAID}
    assert CardPayment.objects.get(checkout=checkout).status == "succeeded"
    # An event about an intent no checkout has is kept and ignored.
    stranger = {**failed, "id": "evt_stranger", "data": {"object": {"id": "pi_unknown"}}}
    with django_capture_on_commit_callbacks(execute=True):
        assert deliver(client, stripe_on, stranger).status_code == 200
    assert StripeEvent.objects.get(event_id="evt_stranger").processed_at is not None


@pytest.mark.django_db(transaction=True)
def test_localstripe_delivers_the_webhook_and_the_checkout_is_paid(live_server, stripe_on, shops):
    status, _body = api(
        stripe_on,
        "POST",
        "/_config/webhooks/kampung",
        {
            "url": live_server.url + "/payments/stripe/webhook/",
            "secret": stripe_on.webhook_secret,
            "events[0]": "payment_intent.succeeded",
        },
        key=False,
    )
    assert status == 200
    try:
        checkout = card_checkout(shops)
        payment, _intent = card_intent_ensure(checkout=checkout)
        browser_pays(stripe_on, payment.intent_id)
        # The buyer never comes back; localstripe delivers about a second later. Wait for
        # this intent's event: one of an earlier test's intents may arrive first.
        deadline = time.monotonic() + 20
        while (
            time.monotonic() < deadline
            and not StripeEvent.objects.filter(
                processed_at__isnull=False, payload__data__object__id=payment.intent_id
            ).exists()
        ):
            time.sleep(0.1)
        assert {o.status for o in checkout.orders.all()} == {statuses.PAID}
        # And the buyer's return afterwards changes nothing.
        card_settle(checkout=checkout)
        assert Source.objects.filter(order__checkout=checkout).count() == 2
    finally:
        api(
            stripe_on,
            "POST",
            "/_config/webhooks/kampung",
            {"url": "http://127.0.0.1:9/", "secret": "x", "events[0]": "none"},
            key=False,
        )


@pytest.mark.django_db
def test_a_form_post_to_the_webhook_is_refused_not_a_server_error(client, stripe_on):
    assert client.post("/payments/stripe/webhook/", {"id": "evt_x"}).status_code == 400
    assert (
        client.post("/payments/stripe/webhook/", b"{", content_type="application/json").status_code
        == 400
    )
    assert not StripeEvent.objects.exists()
