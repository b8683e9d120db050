"""Telling the buyer and the seller that an order moved: queued after commit, sent once."""

from __future__ import annotations

from django.db import transaction


def order_changed_notify(*, order, old_status: str, role: str) -> None:
    from checkout.tasks import order_status_notify

    order_id, status = order.pk, order.status
    transaction.on_commit(
        lambda: order_status_notify.delay(order_id=order_id, status=status, role=role)
    )
