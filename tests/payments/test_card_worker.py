"""A Celery worker killed (SIGKILL) in the middle of handling Stripe's event: the task is
given back to the queue (``acks_late``, ``reject_on_worker_lost``), runs again, and the
payment is recorded once."""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import pytest
from django.db import connection, connections, transaction
from oscar.core.loading import get_model

from checkout.models import SentEmail
from order import statuses
from payments.models import StripeEvent
from payments.services.card import card_intent_ensure
from payments.tasks import stripe_event

from ..conftest import worker_run
from .card import browser_pays, card_checkout, events_of

Checkout = get_model("checkout", "Checkout")
Source = get_model("payment", "Source")


@pytest.fixture
def prefork_worker(django_db_setup, tmp_path_factory, localstripe_server):
    """A worker of its own whose task runs in a child process (which the test kills)."""
    from celery.result import allow_join_result

    from marketplace.celery import app

    app.conf.task_always_eager = False
    try:
        with allow_join_result():
            yield from worker_run(tmp_path_factory, localstripe_server, pool="prefork")
    finally:
        app.conf.task_always_eager = True


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text().split()
        found += [int(child) for child in text]
    return found


def _waiting_on_a_lock() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
            "WHERE NOT l.granted AND a.datname = current_database()"
        )
        return cursor.fetchone()[0]


def _until(condition, seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_task_records_the_payment_once(stripe_on, shops, prefork_worker):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL's row locks to stop the task in the middle")
    checkout = card_checkout(shops)
    payment, _intent = card_intent_ensure(checkout=checkout)
    browser_pays(stripe_on, payment.intent_id)
    (event,) = events_of(stripe_on, payment.intent_id, "payment_intent.succeeded")
    row = StripeEvent.objects.create(event_id=event["id"], type=event["type"], payload=event)

    # Hold the checkout's row: the task, once started, waits for it inside its transaction.
    held, release = threading.Event(), threading.Event()

    def hold():
        try:
            with transaction.atomic():
                Checkout.objects.select_for_update().get(pk=checkout.pk)
                held.set()
                release.wait(timeout=120)
        finally:
            connections.close_all()

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert held.wait(timeout=10)
        stripe_event.apply_async(kwargs={"event_pk": row.pk}, queue=prefork_worker.queue)
        assert _until(lambda: _waiting_on_a_lock() > 0), prefork_worker.log()
        children = _children(prefork_worker.pid)
        assert children, prefork_worker.log()
        for child in children:
            os.kill(child, signal.SIGKILL)
        # The task must not have done its work: it died holding nothing.
        row.refresh_from_db()
        assert row.processed_at is None
    finally:
        release.set()
        holder.join(timeout=30)

    assert _until(
        lambda: StripeEvent.objects.filter(pk=row.pk, processed_at__isnull=False).exists()
    ), prefork_worker.log()
    log = prefork_worker.log()
    assert "WorkerLostError" in log and "signal 9 (SIGKILL)" in log, log
    row.refresh_from_db()
    assert row.attempts == 1  # the killed attempt's count rolled back with the rest
    assert {o.status for o in checkout.orders.all()} == {statuses.PAID}
    assert Source.objects.filter(order__checkout=checkout).count() == 2
    assert SentEmail.objects.filter(key=f"cardpaid:{checkout.pk}:buyer").count() <= 1
