"""Moving a seller's order along its life (``order.statuses``).

Every change locks the order's row first, so two people (or a person and the auto-cancel
task) acting at once take turns: the second sees the first's result and is refused or
finds nothing to do. A cancelled order gives its stock back in the same transaction; a
completed one consumes it. Every change is recorded with who made it.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from payments.methods import PaymentMethod
from shipping.methods import PICKUP, Fulfilment

from . import statuses

Order = get_model("order", "Order")
OrderStatusChange = get_model("order", "OrderStatusChange")

ROLES = ("seller", "buyer", "staff", "system")
#: Line statuses that follow the order's (Oscar keeps a status per line too).
LINE_CANCELLED = "Dibatalkan"
LINE_RECEIVED = "Diterima"


class OrderRefused(ValidationError):
    """The change is not allowed now; the message says why."""


def next_statuses(*, order, role: str) -> list[str]:
    """The statuses ``role`` may move ``order`` to now, in the order buttons show them."""
    status = order.status
    cash = order.payment_method == PaymentMethod.CASH
    pickup = order.shipping_code in PICKUP
    if role == "seller":
        if status == statuses.AWAITING_PAYMENT:
            # Cash is paid at handover: the seller prepares first. QRIS and transfer are
            # confirmed by the seller when the money is in (payments.services).
            return [statuses.PREPARING, statuses.CANCELLED] if cash else [statuses.CANCELLED]
        if status in (statuses.PAID, statuses.LEGACY_NEW):
            return [statuses.PREPARING]
        if status == statuses.PREPARING:
            step = statuses.READY_FOR_PICKUP if pickup else statuses.SHIPPED
            return [step, statuses.CANCELLED] if cash and not order.paid_at else [step]
        if status in (statuses.SHIPPED, statuses.READY_FOR_PICKUP):
            # A cash order the buyer never collected (or refused at the door) is cancelled,
            # not completed: no cash came in and the goods are still there.
            if cash and not order.paid_at:
                return [statuses.COMPLETED, statuses.CANCELLED]
            return [statuses.COMPLETED]
        return []
    if role == "buyer":
        return [statuses.CANCELLED] if status == statuses.AWAITING_PAYMENT else []
    if role == "system":
        return [statuses.CANCELLED] if status == statuses.AWAITING_PAYMENT else []
    if role == "staff":
        return list(Order.pipeline.get(status, ()))
    return []


def order_status_change(
    *,
    order,
    new_status: str,
    by,
    role: str,
    note: str = "",
    now: dt.datetime | None = None,
):
    """Move ``order`` to ``new_status`` as ``role`` (seller, buyer, staff or system); returns
    the order as saved. Raises ``OrderRefused`` when the step is not allowed now.

    Asking again for the status the order already has changes nothing and sends nothing.
    """
    if role not in ROLES:
        raise ValueError(role)
    with transaction.atomic():
        locked = Order.objects.select_for_update().get(pk=order.pk)
        if locked.status == new_status:
            return locked
        if role == "system" and (
            locked.payment_deadline is None
            or locked.payment_deadline > (now or timezone.now())
            or locked.transfer_receipts.exists()
        ):
            raise OrderRefused(_("Batas waktu pembayaran belum lewat."))
        if new_status not in next_statuses(order=locked, role=role):
            raise OrderRefused(
                _("Pesanan %(number)s berstatus “%(status)s”: tidak bisa diubah menjadi “%(new)s”.")
                % {
                    "number": locked.number,
                    "status": statuses.status_label(locked.status),
                    "new": statuses.status_label(new_status),
                }
            )
        if new_status == statuses.PAID and locked.payment_method == PaymentMethod.CARD:
            # Only Stripe says a card payment arrived (payments.services.card).
            raise OrderRefused(
                _(
                    "Pesanan %(number)s dibayar dengan kartu: statusnya berubah saat Stripe "
                    "mengonfirmasi pembayaran."
                )
                % {"number": locked.number}
            )
        if (
            new_status == statuses.REFUNDED
            and locked.payment_method == PaymentMethod.CARD
            and locked.paid_at is not None
            and not _card_refunded(locked)
        ):
            # The money goes back through Stripe first (payments.services.card_refund),
            # which then moves the order; a status alone would refund nobody.
            raise OrderRefused(
                _("Kembalikan dana pesanan kartu %(number)s dengan formulir pengembalian dana.")
                % {"number": locked.number}
            )
        old_status = locked.status
        if new_status in (statuses.CANCELLED, statuses.REFUNDED):
            _stock_return(locked)
            locked.lines.update(status=LINE_CANCELLED)
            if note:
                locked.cancel_reason = note[:255]
        if new_status == statuses.COMPLETED:
            if locked.payment_method == PaymentMethod.CASH and not locked.paid_at:
                # Completing a cash order is the seller saying the cash was handed over.
                from payments.services import payment_record

                payment_record(order=locked, by=by)
            _stock_consume(locked)
            locked.lines.exclude(status=LINE_CANCELLED).update(status=LINE_RECEIVED)
            locked.completed_at = now or timezone.now()
        locked.status = new_status
        locked.save(update_fields=["status", "cancel_reason", "paid_at", "completed_at"])
        status_recorded(order=locked, old_status=old_status, by=by, role=role, note=note)
    return locked


def status_recorded(*, order, old_status: str, by, role: str, note: str = "") -> None:
    """The history row of a change just saved (who, when, from what) and, after commit,
    the people it concerns told. Inside the caller's lock on the order."""
    from .notifications import order_changed_notify

    OrderStatusChange.objects.create(
        order=order,
        old_status=old_status,
        new_status=order.status,
        changed_by=by if by is not None and by.is_authenticated else None,
        note=note[:255],
    )
    order_changed_notify(order=order, old_status=old_status, role=role)


def _card_refunded(order) -> bool:
    from payments.selectors import card_refunded

    return card_refunded(order=order) >= order.total_rupiah


def _stock_return(order) -> None:
    for line in order.lines.select_related("stockrecord", "product__product_class"):
        if line.stockrecord_id and line.num_allocated:
            line.cancel_allocation(line.num_allocated)


def _stock_consume(order) -> None:
    for line in order.lines.select_related("stockrecord", "product__product_class"):
        if line.stockrecord_id and line.num_allocated:
            line.consume_allocation(line.num_allocated)


__all__ = ["OrderRefused", "next_statuses", "order_status_change", "Fulfilment"]
