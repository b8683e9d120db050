"""Checkout tasks: the emails and notices of a placed checkout and of each order's changes
(sent once each, whatever retries or duplicates do), and the auto-cancel of unpaid orders
(Celery beat)."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from . import notifications, services


@shared_task(
    name="checkout.placed_notify", autoretry_for=(OSError,), retry_backoff=True, max_retries=5
)
def checkout_placed_notify(*, checkout_id: int) -> int:
    """The buyer's confirmation and each seller's new-order email and notice."""
    return notifications.checkout_placed(checkout_id=checkout_id)


@shared_task(
    name="checkout.order_status_notify", autoretry_for=(OSError,), retry_backoff=True, max_retries=5
)
def order_status_notify(*, order_id: int, status: str, role: str) -> int:
    return notifications.order_status(order_id=order_id, status=status, role=role)


@shared_task(
    name="checkout.receipt_notify", autoretry_for=(OSError,), retry_backoff=True, max_retries=5
)
def receipt_notify(*, receipt_id: int) -> int:
    return notifications.receipt_uploaded(receipt_id=receipt_id)


@shared_task(
    name="checkout.card_paid_notify", autoretry_for=(OSError,), retry_backoff=True, max_retries=5
)
def card_paid_notify(*, checkout_id: int) -> int:
    return notifications.card_paid(checkout_id=checkout_id)


@shared_task(
    name="checkout.card_refund_notify", autoretry_for=(OSError,), retry_backoff=True, max_retries=5
)
def card_refund_notify(*, refund_id: int) -> int:
    return notifications.card_refunded(refund_id=refund_id)


@shared_task(name="checkout.unpaid_cancel", acks_late=True)
def unpaid_cancel() -> int:
    """Every 10 minutes: cancel QRIS, transfer and card orders unpaid past their deadline
    (and cash orders their seller did not take on)."""
    return services.unpaid_cancel(now=timezone.now())
