"""Refunds of card-paid orders through Stripe: staff refund part or all of a seller's order
from the dashboard (the same form twice is one refund, never more than was paid), the
refund is written to the order's payment rows, a full refund moves the order and returns
its stock; an order cancelled before its money arrived is refunded automatically; a
refund that Stripe confirms later (its webhook) is recorded then."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from oscar.core.loading import get_model

from order import statuses
from order.services import OrderRefused, order_status_change
from payments.models import CardPayment, CardRefund
from payments.services.card import card_intent_ensure, card_refund, card_settle

from .card import api, browser_pays, card_checkout, deliver, refunds_of

Order = get_model("order", "Order")
Source = get_model("payment", "Source")
StockRecord = get_model("partner", "StockRecord")

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(db):
    # Oscar's order dashboard for staff, as the dashboard tests' staff (a superuser).
    return get_user_model().objects.create_superuser("staf_keuangan", "keuangan@dinas.test", "x")


def _paid(server, shops):
    checkout = card_checkout(shops)
    payment, _intent = card_intent_ensure(checkout=checkout)
    browser_pays(server, payment.intent_id)
    card_settle(checkout=checkout)
    payment.refresh_from_db()
    return checkout, payment


def _refund_form(client, order, amount, reason="Barang rusak", key="a1"):
    return client.post(
        reverse("dashboard:order-detail", kwargs={"number": order.number}),
        {"order_action": "card_refund", "amount": amount, "reason": reason, "request_key": key},
    )


def test_staff_refund_part_then_the_rest_from_the_dashboard(
    client, stripe_on, shops, staff, django_capture_on_commit_callbacks
):
    checkout, payment = _paid(stripe_on, shops)
    order = checkout.orders.order_by("number").last()  # the batik: Rp250.000 + hall pickup
    total = order.total_rupiah
    client.force_login(staff)
    page = client.get(reverse("dashboard:order-detail", kwargs={"number": order.number}))
    assert "Kembalikan dana" in page.content.decode()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        _refund_form(client, order, 50000, key="first")
        _refund_form(client, order, 50000, key="first")  # the same form sent twice
    assert [r["amount"] for r in refunds_of(stripe_on, payment.intent_id)] == [5000000]
    refund = CardRefund.objects.get()
    assert (refund.status, refund.recorded, refund.amount) == ("succeeded", True, 50000)
    source = Source.objects.get(order=order)
    assert source.amount_refunded == 50000
    order.refresh_from_db()
    assert order.status == statuses.PAID
    assert [m.to for m in mail.outbox] == [[checkout.email]]
    assert "dikembalikan" in mail.outbox[0].subject.lower()

    too_much = _refund_form(client, order, total, key="second")
    assert too_much.status_code == 302
    assert CardRefund.objects.count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        _refund_form(client, order, total - 50000, key="third")
    order.refresh_from_db()
    assert order.status == statuses.REFUNDED
    assert Source.objects.get(order=order).amount_refunded == total
    assert sum(r["amount"] for r in refunds_of(stripe_on, payment.intent_id)) == total * 100
    batik = order.lines.get().stockrecord
    assert batik.num_allocated == 0
    # Nothing more to refund: no form.
    page = client.get(reverse("dashboard:order-detail", kwargs={"number": order.number}))
    assert "Kembalikan dana" not in page.content.decode()
    # The other seller's order was not touched.
    other = checkout.orders.exclude(pk=order.pk).get()
    assert other.status == statuses.PAID
    assert Source.objects.get(order=other).amount_refunded == 0


def test_a_status_alone_refunds_nobody(stripe_on, shops, staff):
    checkout, _payment = _paid(stripe_on, shops)
    order = checkout.orders.first()
    with pytest.raises(OrderRefused):
        order_status_change(order=order, new_status=statuses.REFUNDED, by=staff, role="staff")
    with pytest.raises(OrderRefused):
        card_refund(order=order, amount=0, by=staff, reason="x", request_key="zero")


def test_an_unpaid_card_order_cannot_be_marked_paid_by_hand(stripe_on, shops, staff):
    checkout = card_checkout(shops)
    order = checkout.orders.first()
    with pytest.raises(OrderRefused):
        order_status_change(order=order, new_status=statuses.PAID, by=staff, role="staff")
    with pytest.raises(OrderRefused):
        card_refund(order=order, amount=1000, by=staff, reason="x", request_key="unpaid")


def test_money_for_an_order_cancelled_meanwhile_goes_back_automatically(
    stripe_on, shops, staff, django_capture_on_commit_callbacks
):
    checkout = card_checkout(shops)
    payment, _intent = card_intent_ensure(checkout=checkout)
    cancelled = checkout.orders.order_by("number").first()
    order_status_change(order=cancelled, new_status=statuses.CANCELLED, by=staff, role="staff")
    browser_pays(stripe_on, payment.intent_id)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        card_settle(checkout=checkout)
        card_settle(checkout=checkout)

    cancelled.refresh_from_db()
    kept = checkout.orders.exclude(pk=cancelled.pk).get()
    assert (cancelled.status, kept.status) == (statuses.CANCELLED, statuses.PAID)
    (refund,) = refunds_of(stripe_on, payment.intent_id)
    assert refund["amount"] == cancelled.total_rupiah * 100
    row = CardRefund.objects.get()
    assert (row.order_id, row.status, row.recorded) == (cancelled.pk, "succeeded", True)
    source = Source.objects.get(order=cancelled)
    assert source.amount_debited == source.amount_refunded == cancelled.total_incl_tax
    assert StockRecord.objects.get(pk=cancelled.lines.get().stockrecord_id).num_allocated == 0
    assert any("dikembalikan" in m.subject.lower() for m in mail.outbox)


def test_a_refund_stripe_confirms_later_is_recorded_by_its_webhook(
    client, stripe_on, shops, django_capture_on_commit_callbacks
):
    """A refund made at Stripe whose answer never reached us (a worker killed after the
    call) stays pending here; Stripe's ``charge.refunded`` event records it."""
    checkout, payment = _paid(stripe_on, shops)
    order = checkout.orders.first()
    pending = CardRefund.objects.create(
        card_payment=payment, order=order, request_key="staff:lost", amount=10000, reason="x"
    )
    status, made = api(
        stripe_on,
        "POST",
        "/v1/refunds",
        {
            "payment_intent": payment.intent_id,
            "amount": 1000000,
            "metadata[request_key]": "staff:lost",
        },
    )
    assert status == 200, made
    event = {
        "id": "evt_refunded_later",
        "object": "event",
        "type": "charge.refunded",
        "data": {"object": {"id": "ch_x", "object": "charge", "payment_intent": payment.intent_id}},
    }
    with django_capture_on_commit_callbacks(execute=True):
        assert deliver(client, stripe_on, event).status_code == 200
    pending.refresh_from_db()
    assert (pending.refund_id, pending.status, pending.recorded) == (made["id"], "succeeded", True)
    assert Source.objects.get(order=order).amount_refunded == 10000
    # A retried request with the same key finds it rather than refunding again.
    card_refund(order=order, amount=10000, by=None, reason="x", request_key="staff:lost")
    assert len(refunds_of(stripe_on, payment.intent_id)) == 1
    assert CardPayment.objects.get(pk=payment.pk).paid_at is not None
