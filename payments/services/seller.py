"""Money into a seller's order: the seller confirms a QRIS or transfer payment, or the cash
at handover; a buyer uploads a transfer receipt.

A payment is recorded once, as Oscar's ``Source`` (with a debit ``Transaction``) and a
``PaymentEvent`` on the order, so the order pages, the dashboard and later statements read
one truth. Confirming locks the order's row: a second confirmation finds it paid and does
nothing; a confirmation after the buyer (or the auto-cancel) cancelled is refused.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from order import statuses
from order.services import OrderRefused, status_recorded

from ..methods import SELLER_COLLECTED, PaymentMethod
from ..models import TransferReceipt

Order = get_model("order", "Order")
PaymentEvent = get_model("order", "PaymentEvent")
PaymentEventType = get_model("order", "PaymentEventType")
Source = get_model("payment", "Source")
SourceType = get_model("payment", "SourceType")


def payment_record(*, order, by, reference: str = "", note: str = "") -> None:
    """Record that ``order`` is paid in full (inside the caller's lock on the order):
    Oscar's ``Source`` of the order's method with its debit ``Transaction`` (``note`` says
    who confirmed it) and a "paid" ``PaymentEvent`` over every line."""
    amount = order.total_incl_tax
    source_type, _created = SourceType.objects.get_or_create(
        code=order.payment_method, defaults={"name": PaymentMethod(order.payment_method).label}
    )
    source = Source.objects.create(
        order=order,
        source_type=source_type,
        currency=order.currency,
        amount_allocated=amount,
        reference=reference[:255],
    )
    source.debit(amount, reference=reference[:128], status=note or _("Dikonfirmasi penjual"))
    event_type, _created = PaymentEventType.objects.get_or_create(
        code="paid", defaults={"name": "Dibayar"}
    )
    event = PaymentEvent.objects.create(
        order=order, amount=amount, reference=reference[:128], event_type=event_type
    )
    for line in order.lines.all():
        event.line_quantities.create(line=line, quantity=line.quantity)
    order.paid_at = timezone.now()


def payment_confirm(*, order, by, reference: str = ""):
    """The seller says the money of ``order`` has arrived. Returns the order.

    Confirming an order already paid changes nothing (and tells nobody again). An order
    cancelled or otherwise past waiting is refused with the reason.
    """
    if order.payment_method not in SELLER_COLLECTED:
        raise OrderRefused(_("Pembayaran ini dikonfirmasi oleh sistem pembayaran, bukan penjual."))
    with transaction.atomic():
        locked = Order.objects.select_for_update().get(pk=order.pk)
        if locked.paid_at is not None:
            return locked
        if locked.status == statuses.AWAITING_PAYMENT:
            payment_record(order=locked, by=by, reference=reference)
            old_status = locked.status
            locked.status = statuses.PAID
            locked.save(update_fields=["status", "paid_at"])
            status_recorded(order=locked, old_status=old_status, by=by, role="seller")
            return locked
        if locked.payment_method == PaymentMethod.CASH and locked.status not in statuses.FINAL:
            # Cash handed over while the order is being prepared or collected.
            payment_record(order=locked, by=by, reference=reference)
            locked.save(update_fields=["paid_at"])
            return locked
        raise OrderRefused(
            _("Pesanan %(number)s berstatus “%(status)s”: pembayaran tidak bisa dikonfirmasi.")
            % {"number": locked.number, "status": statuses.status_label(locked.status)}
        )


#: Receipts a buyer may send for one order (a guest's link is all it takes).
MAX_RECEIPTS = 5


def receipt_upload(*, order, upload) -> TransferReceipt:
    """Keep a transfer receipt photo of ``order``, checked and re-encoded like a product
    photo (JPEG, PNG or WebP, at most 8 MB, metadata dropped). Anything else gets a
    ``ValidationError`` and leaves no file behind."""
    from catalogue.images import product_image_prepare

    if order.payment_method != PaymentMethod.TRANSFER or order.status != statuses.AWAITING_PAYMENT:
        raise OrderRefused(_("Bukti transfer hanya untuk pesanan transfer yang belum dibayar."))
    if order.transfer_receipts.count() >= MAX_RECEIPTS:
        raise OrderRefused(
            _("Sudah %(count)s bukti transfer untuk pesanan ini: hubungi penjual lewat WhatsApp.")
            % {"count": MAX_RECEIPTS}
        )
    content = product_image_prepare(upload=upload)
    receipt = TransferReceipt(order=order)
    receipt.image.save(content.name or "bukti.jpg", content, save=True)
    from checkout.tasks import receipt_notify

    transaction.on_commit(lambda: receipt_notify.delay(receipt_id=receipt.pk))
    return receipt
