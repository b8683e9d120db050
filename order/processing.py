"""Oscar's order event handler, with status changes going through ``order.services``.

Staff change statuses in Oscar's own order dashboard (one order, or several from the list);
Oscar would only set the field. Here the change takes the same path as a seller's: the
order's row is locked, a cancelled order gives its stock back, a completed one consumes
it, "paid" records the payment, and the buyer and seller are told.
"""

from __future__ import annotations

from oscar.apps.order import processing
from oscar.apps.order.exceptions import InvalidOrderStatus

from payments.methods import SELLER_COLLECTED

from . import statuses


class EventHandler(processing.EventHandler):
    def handle_order_status_change(self, order, new_status, note_msg=None):
        from payments.services import payment_confirm

        from .services import OrderRefused, order_status_change

        try:
            if new_status == statuses.PAID and order.payment_method in SELLER_COLLECTED:
                changed = payment_confirm(order=order, by=self.user)
            else:
                changed = order_status_change(
                    order=order,
                    new_status=new_status,
                    by=self.user,
                    role="staff",
                    note=str(note_msg or "")[:255],
                )
        except OrderRefused as refused:
            raise InvalidOrderStatus(" ".join(refused.messages)) from refused
        order.status = changed.status
        order.paid_at = changed.paid_at
