"""Payment tasks: Stripe's webhook events, handled once each (``services.webhook``)."""

from __future__ import annotations

from celery import shared_task

from .gateway import CardUnavailable
from .services.webhook import stripe_event_handle


@shared_task(
    name="payments.stripe_event",
    # Idempotent (the event's row is locked and marked done in the same transaction), so
    # a worker killed in the middle may hand it to another: the message is acknowledged
    # only when the task is done, and given back when the worker process dies.
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(CardUnavailable, OSError),
    retry_backoff=True,
    max_retries=8,
)
def stripe_event(*, event_pk: int) -> bool:
    return stripe_event_handle(event_pk=event_pk)
