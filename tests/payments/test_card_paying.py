"""Paying a multi-seller checkout by card, at the HTTP level against localstripe: the card
is offered only when configured, one PaymentIntent for the checkout's total in IDR, the
return checked against Stripe before "paid", declines and 3-D Secure, switching to
another way of paying, and cancelling."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse
from oscar.core.loading import get_model

from checkout.services import CheckoutRefused, checkout_place
from order import statuses
from payments.models import CardPayment
from shipping.methods import Fulfilment

from ..checkout.factories import basket_fill, buyer_at, choices_for
from .card import browser_pays, card_checkout, intent_get, three_d_secure

Order = get_model("order", "Order")
Source = get_model("payment", "Source")
StockRecord = get_model("partner", "StockRecord")

pytestmark = pytest.mark.django_db


def _pay_page(client, checkout):
    response = client.get(reverse("checkout:card-pay", kwargs={"token": checkout.token}))
    assert response.status_code == 200, response
    return response


def _return(client, checkout):
    return client.get(reverse("checkout:card-return", kwargs={"token": checkout.token}))


def test_without_keys_the_card_is_not_offered_and_not_accepted(client, settings, shops):
    settings.STRIPE_SECRET_KEY = settings.STRIPE_PUBLISHABLE_KEY = ""
    _villages, kopi, batik, robusta, kain = shops
    with pytest.raises(CheckoutRefused) as refused:
        checkout_place(
            basket=basket_fill(items=[(robusta, 1)]),
            buyer=buyer_at(),
            choices=choices_for([(kopi, Fulfilment.PICKUP_HALL, "card")]),
        )
    assert "kartu" in " ".join(refused.value.messages)
    placed = checkout_place(
        basket=basket_fill(items=[(kain, 1)]),
        buyer=buyer_at(),
        choices=choices_for([(batik, Fulfilment.PICKUP_HALL, "qris")]),
    )
    assert (
        client.get(reverse("checkout:card-pay", kwargs={"token": placed.token})).status_code == 404
    )


def test_one_card_payment_pays_every_sellers_order(
    client, stripe_on, shops, django_capture_on_commit_callbacks
):
    checkout = card_checkout(shops)
    mail.outbox.clear()
    page = _pay_page(client, checkout)
    html = page.content.decode()
    policy = page["Content-Security-Policy"]
    assert "https://js.stripe.com" in policy
    assert stripe_on.publishable_key in html

    payment = CardPayment.objects.get(checkout=checkout)
    intent = intent_get(stripe_on, payment.intent_id)
    assert intent["client_secret"] in html
    assert (intent["amount"], intent["currency"]) == (checkout.total * 100, "idr")
    assert intent["metadata"]["checkout"] == checkout.reference
    numbers = sorted(checkout.orders.values_list("number", flat=True))
    assert intent["metadata"]["orders"] == ",".join(numbers)
    # A second visit reuses the intent.
    _pay_page(client, checkout)
    assert CardPayment.objects.filter(checkout=checkout).count() == 1

    assert browser_pays(stripe_on, payment.intent_id)["status"] == "succeeded"
    with django_capture_on_commit_callbacks(execute=True):
        response = _return(client, checkout)
    assert response.status_code == 302
    assert response["Location"] == reverse("checkout:placed", kwargs={"token": checkout.token})

    orders = list(checkout.orders.order_by("number"))
    assert {order.status for order in orders} == {statuses.PAID}
    for order in orders:
        source = Source.objects.get(order=order)
        assert source.source_type.code == "card"
        assert (source.amount_debited, source.reference) == (order.total_incl_tax, intent["id"])
    placed = client.get(response["Location"]).content.decode()
    assert "Pembayaran kartu diterima" in placed
    subjects = sorted(message.subject for message in mail.outbox)
    assert sum("Pembayaran kartu diterima" in s for s in subjects) == 1, subjects
    assert len([m for m in mail.outbox if m.to == [checkout.email]]) == 1
    assert len(mail.outbox) == 3, subjects  # the buyer once, each seller once

    # Back on the pay page after paying: it says so, and makes no second intent.
    again = client.get(reverse("checkout:card-pay", kwargs={"token": checkout.token}))
    assert again.status_code == 302
    _return(client, checkout)
    assert Source.objects.filter(order__checkout=checkout).count() == 2


def test_placing_by_card_through_the_checkout_page(client, stripe_on, shops):
    _villages, kopi, batik, robusta, kain = shops
    client.post(reverse("basket:add", kwargs={"pk": robusta.pk}), {"quantity": 1})
    client.post(reverse("basket:add", kwargs={"pk": kain.pk}), {"quantity": 1})
    page = client.get(reverse("checkout:index"))
    html = page.content.decode()
    assert "Kartu debit/kredit" in html
    signature = re.search(r'name="signature" value="([^"]+)"', html).group(1)
    basket_id = re.search(r'name="basket_id" value="([^"]+)"', html).group(1)
    response = client.post(
        reverse("checkout:index"),
        {
            "basket_id": basket_id,
            "signature": signature,
            "action": "place",
            "email": "sari@pembeli.test",
            "whatsapp": "081298765432",
            "recipient": "Sari Wulandari",
            "pay_mode": "card",
            f"ship_{kopi.pk}": Fulfilment.PICKUP_HALL,
            f"ship_{batik.pk}": Fulfilment.PICKUP_HALL,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert "/bayar/" in response["Location"]
    order_methods = set(Order.objects.values_list("payment_method", flat=True))
    assert order_methods == {"card"}


def test_a_declined_card_says_why_and_leaves_the_checkout_waiting(client, stripe_on, shops):
    checkout = card_checkout(shops)
    _pay_page(client, checkout)
    payment = CardPayment.objects.get(checkout=checkout)

    assert browser_pays(stripe_on, payment.intent_id, card="declined")["status"] == (
        "requires_payment_method"
    )
    response = _return(client, checkout)
    assert response["Location"] == reverse("checkout:card-pay", kwargs={"token": checkout.token})
    retry = client.get(response["Location"]).content.decode()
    assert "Pembayaran sebelumnya gagal" in retry
    assert "Ganti cara bayar" in retry
    assert {o.status for o in checkout.orders.all()} == {statuses.AWAITING_PAYMENT}
    assert CardPayment.objects.get(checkout=checkout).error


def test_a_failed_3d_secure_is_retried_on_the_same_intent(client, stripe_on, shops):
    """localstripe cannot confirm an intent again after a declined charge (real Stripe
    can); after a failed 3-D Secure it can, which shows the retry on one intent."""
    checkout = card_checkout(shops)
    _pay_page(client, checkout)
    payment = CardPayment.objects.get(checkout=checkout)
    intent = browser_pays(stripe_on, payment.intent_id, card="3ds")
    assert three_d_secure(stripe_on, intent, success=False)["status"] == "requires_payment_method"
    response = _return(client, checkout)
    assert "/bayar/" in response["Location"]
    assert "Pembayaran sebelumnya gagal" in client.get(response["Location"]).content.decode()
    assert {o.status for o in checkout.orders.all()} == {statuses.AWAITING_PAYMENT}

    assert browser_pays(stripe_on, payment.intent_id, card="visa")["status"] == "succeeded"
    _return(client, checkout)
    assert {o.status for o in checkout.orders.all()} == {statuses.PAID}
    assert CardPayment.objects.filter(checkout=checkout).count() == 1
    assert CardPayment.objects.get(checkout=checkout).error == ""


def test_three_d_secure_then_paid(client, stripe_on, shops):
    checkout = card_checkout(shops)
    _pay_page(client, checkout)
    payment = CardPayment.objects.get(checkout=checkout)
    intent = browser_pays(stripe_on, payment.intent_id, card="3ds")
    assert intent["status"] == "requires_action"
    # Leaving 3-D Secure half-way: back to the pay page, nothing paid.
    assert "/bayar/" in _return(client, checkout)["Location"]
    assert "data-action" in _pay_page(client, checkout).content.decode()
    assert three_d_secure(stripe_on, intent)["status"] == "succeeded"
    _return(client, checkout)
    assert {o.status for o in checkout.orders.all()} == {statuses.PAID}


def test_after_a_decline_the_buyer_pays_each_shop_another_way(client, stripe_on, shops):
    checkout = card_checkout(shops)
    _pay_page(client, checkout)
    payment = CardPayment.objects.get(checkout=checkout)
    browser_pays(stripe_on, payment.intent_id, card="declined")
    orders = list(checkout.orders.order_by("number"))
    form = {f"method_{orders[0].number}": "qris", f"method_{orders[1].number}": "cash"}

    bad = client.post(
        reverse("checkout:card-switch", kwargs={"token": checkout.token}),
        {f"method_{orders[0].number}": "card"},
    )
    assert bad.status_code == 302
    assert {o.payment_method for o in checkout.orders.all()} == {"card"}

    response = client.post(reverse("checkout:card-switch", kwargs={"token": checkout.token}), form)
    assert response["Location"] == reverse("checkout:placed", kwargs={"token": checkout.token})
    methods = dict(checkout.orders.values_list("number", "payment_method"))
    assert methods == {orders[0].number: "qris", orders[1].number: "cash"}
    assert intent_get(stripe_on, payment.intent_id)["status"] == "canceled"
    page = client.get(response["Location"]).content.decode()
    assert "qris.png" in page


def test_the_buyer_cancels_the_card_checkout_and_its_intent(client, stripe_on, shops):
    checkout = card_checkout(shops)
    _pay_page(client, checkout)
    payment = CardPayment.objects.get(checkout=checkout)
    order = checkout.orders.first()
    client.post(
        reverse("checkout:cancel", kwargs={"token": checkout.token, "number": order.number})
    )
    assert {o.status for o in checkout.orders.all()} == {statuses.CANCELLED}
    assert intent_get(stripe_on, payment.intent_id)["status"] == "canceled"
    assert set(StockRecord.objects.values_list("num_allocated", flat=True)) == {0}
    # Paying the cancelled intent is refused by Stripe; the return shows no payment.
    browser_pays(stripe_on, payment.intent_id)
    _return(client, checkout)
    assert {o.status for o in checkout.orders.all()} == {statuses.CANCELLED}
    assert not Source.objects.filter(order__checkout=checkout).exists()
