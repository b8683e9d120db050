"""Stripe's webhook events, the record of truth of card payments.

:func:`stripe_event_receive` checks the signature (a changed byte, an old timestamp or a
wrong secret is refused and nothing is written), keeps the event once by its id, and
hands it to the ``payments.stripe_event`` task after commit. :func:`stripe_event_handle`
(the task) locks the event's row, does the work of its type and marks it done in the same
transaction: a delivery repeated a hundred times, twenty at once, or a worker killed in
the middle ends with the work done once.
"""

from __future__ import annotations

import json
import logging

from django.db import IntegrityError, transaction
from django.utils import timezone
from oscar.core.loading import get_model

from .. import gateway
from ..models import CardPayment, StripeEvent
from .card import card_refunds_reconcile, card_settle

logger = logging.getLogger(__name__)

Checkout = get_model("checkout", "Checkout")

#: The events the endpoint asks Stripe for (README); others are kept and ignored.
HANDLED = (
    "payment_intent.succeeded",
    "payment_intent.payment_failed",
    "payment_intent.processing",
    "payment_intent.canceled",
    "payment_intent.requires_action",
    "charge.refunded",
    "charge.refund.updated",
    "refund.created",
    "refund.updated",
    "refund.failed",
)


class WebhookRefused(Exception):
    """Not a genuine, fresh Stripe event: the endpoint answers 400."""


def stripe_event_receive(*, payload: bytes, signature: str) -> StripeEvent:
    """Verify and keep one delivery; returns the event's row (the one kept before, for a
    repeated delivery). Raises ``WebhookRefused``."""
    try:
        gateway.event_construct(payload=payload, signature=signature)
        data = json.loads(payload)
    except Exception as exc:  # noqa: BLE001 - every way a delivery fails its check
        raise WebhookRefused(str(exc)) from exc
    event_id = str(data.get("id") or "") if isinstance(data, dict) else ""
    if not event_id:
        raise WebhookRefused("event without id")
    found = StripeEvent.objects.filter(event_id=event_id).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            row = StripeEvent.objects.create(
                event_id=event_id[:255],
                type=str(data.get("type") or "")[:100],
                payload=data,
            )
    except IntegrityError:
        # The same event delivered twice at once: the other delivery kept it.
        return StripeEvent.objects.get(event_id=event_id)
    from ..tasks import stripe_event

    transaction.on_commit(lambda: stripe_event.delay(event_pk=row.pk))
    return row


def _intent_id(event: StripeEvent) -> str:
    data = (event.payload.get("data") or {}).get("object") or {}
    if event.type.startswith("payment_intent."):
        return str(data.get("id") or "")
    return str(data.get("payment_intent") or "")


def stripe_event_handle(*, event_pk: int) -> bool:
    """Do the work of one kept event, once; True when it was done now (False: done before,
    or nothing to do). Raises ``CardUnavailable`` when Stripe cannot be read (the task
    retries), with nothing written."""
    with transaction.atomic():
        event = StripeEvent.objects.select_for_update().filter(pk=event_pk).first()
        if event is None or event.processed_at is not None:
            return False
        event.attempts += 1
        if event.type in HANDLED:
            intent_id = _intent_id(event)
            payment = (
                CardPayment.objects.filter(intent_id=intent_id).select_related("checkout").first()
                if intent_id
                else None
            )
            if payment is None:
                logger.warning(
                    "Stripe event %s (%s) is about %r, which no checkout has: ignored",
                    event.event_id,
                    event.type,
                    intent_id,
                )
            elif event.type.startswith("payment_intent."):
                # Read the intent afresh: an old event (a failure delivered after the
                # success) must not undo what is known now.
                card_settle(checkout=payment.checkout)
            else:
                card_refunds_reconcile(intent_id=intent_id)
        event.processed_at = timezone.now()
        event.save(update_fields=["processed_at", "attempts"])
        return True
