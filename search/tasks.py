"""Index writes, off the request: one task per batch of changed products (see
``search.indexing.schedule``). Idempotent, so a task redelivered after a lost worker only
writes the same rows again."""

from __future__ import annotations

from celery import shared_task
from django.db import OperationalError


@shared_task(
    name="search.index_products",
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError, ConnectionError),
    retry_backoff=True,
    max_retries=5,
)
def index_products(*, product_ids: list[int], seller_ids: list[int] | None = None) -> int:
    from .indexing import index_products as run

    return run(product_ids=product_ids, seller_ids=seller_ids or [])
