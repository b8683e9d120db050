"""The calls card payments make to Stripe, in one place: which client, which parameters
work with Stripe and with ``localstripe`` alike, and Stripe's errors turned into
``CardUnavailable`` for the services.

Stripe counts IDR in hundredths (it is not one of its zero-decimal currencies), while the
marketplace counts whole Rupiah: :func:`to_stripe` and :func:`from_stripe` convert.
"""

from __future__ import annotations

import logging
from typing import Any

import stripe
from django.conf import settings
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

CURRENCY = "idr"


class CardUnavailable(Exception):
    """Stripe could not be reached or refused the call; ``str()`` is for the buyer."""

    def __init__(self, message: str, *, code: str = ""):
        super().__init__(message)
        self.code = code


def card_configured() -> bool:
    """Card payment is offered only with both keys set (hidden, not broken, without)."""
    return bool(settings.STRIPE_SECRET_KEY and settings.STRIPE_PUBLISHABLE_KEY)


def to_stripe(rupiah: int) -> int:
    return int(rupiah) * 100


def from_stripe(amount: int) -> int:
    return int(amount) // 100


def client() -> stripe.StripeClient:
    from stripe._base_address import BaseAddresses

    base: BaseAddresses | None = (
        {"api": settings.STRIPE_API_BASE} if settings.STRIPE_API_BASE else None
    )
    # Stripe's own library retries network failures with the same idempotency key.
    return stripe.StripeClient(
        settings.STRIPE_SECRET_KEY, base_addresses=base, max_network_retries=2
    )


def _unavailable(exc: stripe.StripeError, what: str) -> CardUnavailable:
    logger.warning("Stripe %s failed: %s", what, exc)
    return CardUnavailable(
        _("Pembayaran kartu sedang tidak bisa diproses. Coba lagi sebentar lagi."),
        code=getattr(exc, "code", "") or "",
    )


def intent_create(*, amount: int, reference: str, orders: list[str], idempotency_key: str) -> Any:
    """A PaymentIntent for ``amount`` Rupiah, named by the checkout. The payment methods are
    those enabled in the Stripe dashboard (Stripe's default; cards at least): the services
    go by the intent's status, whatever the method."""
    try:
        return client().v1.payment_intents.create(
            params={
                "amount": to_stripe(amount),
                "currency": CURRENCY,
                "metadata": {"checkout": reference, "orders": ",".join(orders)[:500]},
            },
            options={"idempotency_key": idempotency_key},
        )
    except stripe.StripeError as exc:
        raise _unavailable(exc, "intent create") from exc


def intent_retrieve(intent_id: str) -> Any:
    try:
        return client().v1.payment_intents.retrieve(intent_id)
    except stripe.StripeError as exc:
        raise _unavailable(exc, "intent retrieve") from exc


def intent_cancel(intent_id: str) -> Any:
    """Cancel the intent; ``CardUnavailable`` when Stripe refuses (it succeeded meanwhile)
    or cannot be reached: the caller reads the intent again to know which."""
    try:
        return client().v1.payment_intents.cancel(intent_id)
    except stripe.StripeError as exc:
        raise _unavailable(exc, "intent cancel") from exc


def refund_create(
    *, intent_id: str, amount: int, metadata: dict[str, str], idempotency_key: str
) -> Any:
    try:
        return client().v1.refunds.create(
            params={
                "payment_intent": intent_id,
                "amount": to_stripe(amount),
                "metadata": metadata,
            },
            options={"idempotency_key": idempotency_key},
        )
    except stripe.StripeError as exc:
        raise _unavailable(exc, "refund create") from exc


def refunds_list(intent_id: str) -> list[Any]:
    """Every refund of the intent's payment (one page of 100 is more than an order has)."""
    try:
        page = client().v1.refunds.list(params={"payment_intent": intent_id, "limit": 100})
    except stripe.StripeError as exc:
        raise _unavailable(exc, "refund list") from exc
    return list(page.data)


def event_construct(*, payload: bytes, signature: str) -> Any:
    """The event Stripe signed, or ``ValueError`` / ``stripe.SignatureVerificationError``
    for a payload changed on the way, an old timestamp (over 5 minutes) or a wrong secret."""
    if not settings.STRIPE_WEBHOOK_SECRET:
        raise ValueError("STRIPE_WEBHOOK_SECRET is not set")
    return stripe.Webhook.construct_event(payload, signature, settings.STRIPE_WEBHOOK_SECRET)
