"""The auto-cancel beat task run by a real Celery worker through Redis: the unpaid order is
cancelled, its stock returns, and the buyer and seller emails are sent once (recorded)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from oscar.core.loading import get_model

from checkout.models import SentEmail
from checkout.services import checkout_place
from checkout.tasks import unpaid_cancel
from order import statuses
from shipping.methods import Fulfilment

from .factories import basket_fill, buyer_at, choices_for, hall_villages, shop_create

Order = get_model("order", "Order")
StockRecord = get_model("partner", "StockRecord")


@pytest.mark.django_db(transaction=True)
def test_the_worker_cancels_unpaid_orders_once(celery_worker):
    seller, (kain,) = shop_create(
        name="Batik Gajah Oling", village=hall_villages()[0], products=[("Kain", 250000, 3)]
    )
    checkout = checkout_place(
        basket=basket_fill(items=[(kain, 2)]),
        buyer=buyer_at(),
        choices=choices_for([(seller, Fulfilment.PICKUP_HALL, "qris")]),
    )
    order = checkout.orders.get()
    Order.objects.filter(pk=order.pk).update(
        payment_deadline=timezone.now() - dt.timedelta(minutes=1)
    )

    first = unpaid_cancel.apply_async(queue=celery_worker.queue).get(timeout=60)
    again = unpaid_cancel.apply_async(queue=celery_worker.queue).get(timeout=60)

    assert (first, again) == (1, 0)
    order.refresh_from_db()
    assert order.status == statuses.CANCELLED
    assert StockRecord.objects.get(product=kain).num_allocated == 0
    keys = set(SentEmail.objects.values_list("key", flat=True))
    assert {
        f"status:{order.pk}:{statuses.CANCELLED}:buyer",
        f"status:{order.pk}:{statuses.CANCELLED}:seller",
    } <= keys
