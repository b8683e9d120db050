"""Money into and out of sellers' orders.

- :mod:`.seller`: payments the seller collects (QRIS, transfer, cash), confirmed by the
  seller, and the buyer's transfer receipts;
- :mod:`.card`: the checkout's one card payment through Stripe, collected by the platform,
  and its refunds;
- :mod:`.webhook`: Stripe's signed events, kept once and handled by a Celery task.
"""

from .seller import MAX_RECEIPTS, payment_confirm, payment_record, receipt_upload

__all__ = ["MAX_RECEIPTS", "payment_confirm", "payment_record", "receipt_upload"]
