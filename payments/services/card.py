"""The checkout's card payment through Stripe: one PaymentIntent for every seller's order
of a checkout paid by card, collected by the platform, and the refunds of those orders.

Every write here locks the checkout's row first: the pay page opened ten times at once,
the buyer's return, Stripe's webhooks, the auto-cancel and a refund take turns, and each
reads the PaymentIntent from Stripe *inside* the lock before it acts. So:

- one PaymentIntent per checkout (the first caller creates it, the others find it);
- the orders become paid once, whichever of the return and the webhook comes first;
- a checkout is cancelled only after Stripe has cancelled its intent: when that is refused
  because the payment went through, the orders become paid instead, never both;
- an order cancelled before its money arrived (by staff, say) is refunded automatically.

Stripe's answers are trusted only after checking the amount and currency against what
was asked (``CardMismatch`` otherwise).
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from order import statuses
from order.services import OrderRefused, order_status_change, status_recorded

from .. import gateway
from ..gateway import CardUnavailable
from ..methods import WITH_DEADLINE, PaymentMethod
from ..models import CardPayment, CardRefund
from ..qris import rupiah
from ..selectors import card_orders_awaiting, card_refunded
from .seller import payment_record

logger = logging.getLogger(__name__)

Checkout = get_model("checkout", "Checkout")
Order = get_model("order", "Order")
PaymentEvent = get_model("order", "PaymentEvent")
PaymentEventType = get_model("order", "PaymentEventType")

#: PaymentIntent statuses in which Stripe still accepts a cancel.
CANCELLABLE = ("requires_payment_method", "requires_confirmation", "requires_action")

__all__ = [
    "CardMismatch",
    "CardRefused",
    "CardUnavailable",
    "card_cancel",
    "card_intent_ensure",
    "card_refund",
    "card_refunds_reconcile",
    "card_settle",
    "card_switch",
]


class CardRefused(ValidationError):
    """The card step is not possible for this checkout now; the message says why."""


class CardMismatch(Exception):
    """Stripe's PaymentIntent does not match what the checkout asked (amount, currency)."""


def _locked(checkout) -> Any:
    return Checkout.objects.select_for_update().get(pk=checkout.pk)


def _awaiting_card_orders(checkout) -> list:
    return list(card_orders_awaiting(checkout=checkout).select_for_update().order_by("pk"))


def _checked(payment: CardPayment, intent) -> None:
    if (
        intent.id != payment.intent_id
        or intent.currency != payment.currency
        or intent.amount != gateway.to_stripe(payment.amount)
    ):
        logger.error(
            "PaymentIntent %s does not match checkout %s: %s %s, expected %s %s",
            intent.id,
            payment.checkout_id,
            intent.amount,
            intent.currency,
            gateway.to_stripe(payment.amount),
            payment.currency,
        )
        raise CardMismatch(intent.id)


def card_intent_ensure(*, checkout) -> tuple[CardPayment, Any]:
    """The checkout's PaymentIntent and its row, created on the first call for the total of
    its card orders still awaiting payment (whatever the number of calls at once: one).

    Raises ``CardRefused`` when the checkout waits for no card payment (paid, cancelled,
    switched to another method) and ``CardUnavailable`` when Stripe cannot be reached.
    """
    with transaction.atomic():
        locked = _locked(checkout)
        payment = CardPayment.objects.filter(checkout=locked).first()
        if payment is not None:
            if payment.paid_at is not None or payment.status == "canceled":
                raise CardRefused(_("Checkout ini tidak menunggu pembayaran kartu."))
            intent = gateway.intent_retrieve(payment.intent_id)
            _checked(payment, intent)
            _apply(locked, payment, intent)
            return payment, intent
        orders = _awaiting_card_orders(locked)
        if not orders:
            raise CardRefused(_("Checkout ini tidak menunggu pembayaran kartu."))
        amount = sum(order.total_rupiah for order in orders)
        intent = gateway.intent_create(
            amount=amount,
            reference=locked.reference,
            orders=[order.number for order in orders],
            # The same key for every attempt: Stripe answers a retried create with the
            # intent it made the first time (localstripe ignores it; the lock decides).
            idempotency_key=f"kampung-checkout-{locked.pk}-{locked.reference}",
        )
        payment = CardPayment.objects.create(
            checkout=locked,
            intent_id=intent.id,
            amount=amount,
            currency=gateway.CURRENCY,
            status=intent.status,
        )
        _checked(payment, intent)
        return payment, intent


def card_settle(*, checkout) -> CardPayment | None:
    """Read the checkout's PaymentIntent from Stripe and bring the checkout to what it
    says: paid orders when it succeeded (once), the failure's message when the card was
    declined. Used by the buyer's return and by every webhook event: the intent is read
    afresh each time, so events that arrive late or out of order change nothing wrongly.

    Returns the payment row (``None`` for a checkout without one). Raises
    ``CardUnavailable`` (Stripe not reachable: try again) and ``CardMismatch``.
    """
    with transaction.atomic():
        locked = _locked(checkout)
        payment = CardPayment.objects.filter(checkout=locked).first()
        if payment is None:
            return None
        intent = gateway.intent_retrieve(payment.intent_id)
        _checked(payment, intent)
        _apply(locked, payment, intent)
        return payment


def _apply(checkout, payment: CardPayment, intent) -> None:
    """Inside the checkout's lock: keep the intent's status and, the first time it has
    succeeded, record every card order of the checkout as paid."""
    payment.status = intent.status
    error = getattr(intent, "last_payment_error", None)
    if intent.status == "requires_payment_method" and error:
        payment.error = str(getattr(error, "message", "") or _("Kartu ditolak."))[:255]
    if intent.status == "succeeded" and payment.paid_at is None:
        payment.paid_at = timezone.now()
        payment.error = ""
        _orders_paid(checkout, payment, intent.id)
    payment.save()


def _orders_paid(checkout, payment: CardPayment, intent_id: str) -> None:
    from checkout.tasks import card_paid_notify

    any_paid = False
    orders = Order.objects.select_for_update().filter(
        checkout=checkout, payment_method=PaymentMethod.CARD
    )
    for order in orders.order_by("pk"):
        if order.paid_at is not None:
            continue
        payment_record(
            order=order, by=None, reference=intent_id, note=_("Dibayar dengan kartu (Stripe)")
        )
        if order.status == statuses.AWAITING_PAYMENT:
            order.status = statuses.PAID
            order.save(update_fields=["status", "paid_at"])
            status_recorded(order=order, old_status=statuses.AWAITING_PAYMENT, by=None, role="card")
            any_paid = True
        elif order.status in (statuses.CANCELLED, statuses.REFUNDED):
            # Cancelled before the money came (by staff, or while the buyer was paying):
            # the buyer gets this order's share back.
            order.save(update_fields=["paid_at"])
            _refund(
                payment=payment,
                order=order,
                amount=order.total_rupiah,
                reason=_("Pesanan sudah dibatalkan saat pembayaran masuk."),
                request_key=f"cancelled:{order.pk}",
                by=None,
            )
        else:
            order.save(update_fields=["paid_at"])
    if any_paid:
        checkout_id = checkout.pk
        transaction.on_commit(lambda: card_paid_notify.delay(checkout_id=checkout_id))


def _intent_cancel(checkout, payment: CardPayment) -> bool:
    """Inside the checkout's lock: cancel the intent at Stripe. False when it cannot be
    cancelled because the money is in (the orders are then recorded paid)."""
    if payment.status == "canceled":
        return True
    try:
        intent = gateway.intent_cancel(payment.intent_id)
    except CardUnavailable:
        # Refused (it succeeded or is processing meanwhile) or unreachable: read it again.
        intent = gateway.intent_retrieve(payment.intent_id)
        _checked(payment, intent)
        if intent.status != "canceled":
            _apply(checkout, payment, intent)
            if intent.status in ("succeeded", "processing"):
                return False
            raise
    payment.status = intent.status
    payment.save(update_fields=["status", "date_updated"])
    return True


def card_cancel(*, checkout, by, role: str, note: str = "", now: dt.datetime | None = None) -> list:
    """Cancel the checkout's card orders still awaiting payment, after cancelling its
    PaymentIntent at Stripe; returns the orders cancelled.

    When Stripe refuses the cancel because the payment went through, the orders are
    recorded paid instead and nothing is cancelled (an empty list). ``role`` is the buyer's
    or the auto-cancel's (``system``: only past the payment deadline). Raises
    ``CardUnavailable`` when Stripe cannot be reached: nothing is cancelled then.
    """
    with transaction.atomic():
        locked = _locked(checkout)
        orders = _awaiting_card_orders(locked)
        if not orders:
            return []
        if role == "system" and any(
            order.payment_deadline and order.payment_deadline > (now or timezone.now())
            for order in orders
        ):
            return []
        payment = CardPayment.objects.filter(checkout=locked).first()
        if payment is not None and not _intent_cancel(locked, payment):
            return []
        cancelled = []
        for order in orders:
            try:
                order_status_change(
                    order=order,
                    new_status=statuses.CANCELLED,
                    by=by,
                    role=role,
                    note=note,
                    now=now,
                )
            except OrderRefused:
                continue
            cancelled.append(order)
        return cancelled


def card_switch(*, checkout, methods: dict[int, str]) -> list:
    """The buyer pays the checkout's orders another way after all (``methods``: order id →
    QRIS, transfer or cash, each one that order's seller takes for its shipping). The
    PaymentIntent is cancelled first; if the card payment went through meanwhile nothing
    is switched and ``CardRefused`` says it is paid. Returns the orders switched."""
    from payments.selectors import payment_methods

    with transaction.atomic():
        locked = _locked(checkout)
        orders = _awaiting_card_orders(locked)
        if not orders:
            raise CardRefused(_("Checkout ini tidak menunggu pembayaran kartu."))
        problems = []
        for order in orders:
            allowed = payment_methods(seller=order.seller, fulfilment=order.shipping_code)
            if methods.get(order.pk) not in allowed:
                problems.append(
                    _("%(shop)s: pilih cara bayar yang diterima toko ini.")
                    % {"shop": order.seller.name}
                )
        if problems:
            raise CardRefused(problems)
        payment = CardPayment.objects.filter(checkout=locked).first()
        if payment is not None and not _intent_cancel(locked, payment):
            raise CardRefused(_("Pembayaran kartu Anda sudah masuk: pesanan sudah dibayar."))
        for order in orders:
            method = methods[order.pk]
            hours = (
                settings.CHECKOUT_PAYMENT_HOURS
                if method in WITH_DEADLINE
                else settings.CHECKOUT_SELLER_HOURS
            )
            order.payment_method = method
            order.payment_deadline = order.date_placed + dt.timedelta(hours=hours)
            order.save(update_fields=["payment_method", "payment_deadline"])
        return orders


def card_refund(*, order, amount: int, by, reason: str, request_key: str) -> CardRefund:
    """Give ``amount`` Rupiah of a card-paid ``order`` back to the buyer's card (staff's
    dashboard, the complaint flow). The same ``request_key`` twice is one refund; the
    order's refunds never exceed its total. A refund that empties the order moves it to
    "Dana dikembalikan". Raises ``OrderRefused`` (not a paid card order, too much) or
    ``CardUnavailable``."""
    if order.payment_method != PaymentMethod.CARD or order.checkout_id is None:
        raise OrderRefused(_("Hanya pesanan yang dibayar dengan kartu bisa dikembalikan di sini."))
    with transaction.atomic():
        checkout = Checkout.objects.select_for_update().get(pk=order.checkout_id)
        payment = CardPayment.objects.filter(checkout=checkout).first()
        locked = Order.objects.select_for_update().get(pk=order.pk)
        if payment is None or payment.paid_at is None or locked.paid_at is None:
            raise OrderRefused(_("Pesanan ini belum dibayar: tidak ada dana untuk dikembalikan."))
        return _refund(
            payment=payment,
            order=locked,
            amount=amount,
            reason=reason,
            request_key=request_key,
            by=by,
        )


def refundable(*, order) -> int:
    """What of ``order`` may still be refunded, in Rupiah."""
    return max(order.total_rupiah - card_refunded(order=order, recorded=False), 0)


def _refund(*, payment, order, amount: int, reason: str, request_key: str, by) -> CardRefund:
    existing = CardRefund.objects.filter(request_key=request_key[:100]).first()
    if existing is not None:
        return existing
    left = refundable(order=order)
    if not 1 <= amount <= left:
        raise OrderRefused(
            _("Jumlah pengembalian harus antara Rp1 dan %(left)s.") % {"left": rupiah(left)}
        )
    refund = CardRefund.objects.create(
        card_payment=payment,
        order=order,
        request_key=request_key[:100],
        amount=amount,
        reason=reason[:255],
        created_by=by if by is not None and by.is_authenticated else None,
    )
    # A worker killed after Stripe refunded but before this commits leaves the refund at
    # Stripe only: the next attempt finds it by its request key instead of refunding again.
    made = next(
        (
            found
            for found in gateway.refunds_list(payment.intent_id)
            if _metadata(found).get("request_key") == refund.request_key
        ),
        None,
    )
    if made is None:
        made = gateway.refund_create(
            intent_id=payment.intent_id,
            amount=amount,
            metadata={
                "request_key": refund.request_key,
                "order": order.number,
                "checkout": payment.checkout.reference,
            },
            idempotency_key=f"kampung-refund-{refund.request_key}",
        )
    refund.refund_id = made.id
    _refund_status(refund, order, made.status)
    return refund


def _metadata(stripe_object) -> dict:
    metadata = getattr(stripe_object, "metadata", None)
    if metadata is None:
        return {}
    return metadata.to_dict() if hasattr(metadata, "to_dict") else dict(metadata)


def _refund_status(refund: CardRefund, order, status: str) -> None:
    """Keep Stripe's status of the refund; the first time it succeeded, write it to the
    order's payment rows (and tell the buyer after commit)."""
    from checkout.tasks import card_refund_notify

    refund.status = {
        "succeeded": CardRefund.Status.SUCCEEDED,
        "failed": CardRefund.Status.FAILED,
        "canceled": CardRefund.Status.CANCELED,
    }.get(status, CardRefund.Status.PENDING)
    moved = False
    if refund.status == CardRefund.Status.SUCCEEDED and not refund.recorded:
        moved = _refund_record(refund, order)
        refund.recorded = True
        if not moved:
            refund_id = refund.pk
            transaction.on_commit(lambda: card_refund_notify.delay(refund_id=refund_id))
    refund.save()


def _refund_record(refund: CardRefund, order) -> bool:
    """Oscar's refund ``Transaction`` on the order's card ``Source`` and a "refunded"
    ``PaymentEvent``; an order refunded in full becomes "Dana dikembalikan" (its stock
    returns if it was never handed over). True when the order's status moved."""
    source = order.sources.filter(source_type__code=PaymentMethod.CARD).first()
    if source is not None:
        source.refund(refund.amount, reference=refund.refund_id or "", status=refund.reason[:128])
    event_type, _created = PaymentEventType.objects.get_or_create(
        code="refunded", defaults={"name": "Dikembalikan"}
    )
    PaymentEvent.objects.create(
        order=order,
        amount=refund.amount,
        reference=(refund.refund_id or "")[:128],
        event_type=event_type,
    )
    refund.recorded = True
    refund.save(update_fields=["recorded"])
    if card_refunded(order=order) >= order.total_rupiah and order.status not in (
        statuses.CANCELLED,
        statuses.REFUNDED,
    ):
        order_status_change(
            order=order,
            new_status=statuses.REFUNDED,
            by=refund.created_by,
            role="staff",
            note=refund.reason,
        )
        return True
    return False


def card_refunds_reconcile(*, intent_id: str) -> int:
    """Bring the checkout's refunds to what Stripe says (``charge.refunded`` and
    ``refund.*`` events): a pending refund that succeeded is recorded, one that failed is
    marked. Returns how many changed."""
    payment = CardPayment.objects.filter(intent_id=intent_id).select_related("checkout").first()
    if payment is None:
        return 0
    changed = 0
    with transaction.atomic():
        Checkout.objects.select_for_update().get(pk=payment.checkout_id)
        for made in gateway.refunds_list(intent_id):
            refund = (
                CardRefund.objects.select_for_update()
                .filter(card_payment=payment, refund_id=made.id)
                .first()
            )
            if refund is None:
                key = _metadata(made).get("request_key", "")
                refund = (
                    CardRefund.objects.select_for_update()
                    .filter(card_payment=payment, request_key=key)
                    .first()
                    if key
                    else None
                )
            if refund is None:
                logger.warning(
                    "Refund %s of %s is not one of ours: not recorded", made.id, intent_id
                )
                continue
            before = (refund.status, refund.recorded)
            refund.refund_id = made.id
            order = Order.objects.select_for_update().get(pk=refund.order_id)
            _refund_status(refund, order, made.status)
            changed += (refund.status, refund.recorded) != before
    return changed
