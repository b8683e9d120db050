"""Seller tasks: the daily document check and the pruning of old registry-check attempts
(Celery beat). Emails to sellers are sent by ``sellers.notifications.email_send``."""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.utils import timezone

from . import services


@shared_task(name="sellers.documents_check", acks_late=True)
def documents_check(day: str | None = None) -> dict[str, int]:
    """The daily document check (Celery beat, 06:00 Jakarta): reminders 30 days ahead and
    expiry notices. ``day`` (ISO date) checks as of that day instead of today.

    Safe to run twice: each document is reminded and reported once (see the service).
    """
    today = dt.date.fromisoformat(day) if day else timezone.localdate()
    return services.documents_check(today=today)


@shared_task(name="sellers.application_attempts_prune")
def application_attempts_prune() -> int:
    """Daily (Celery beat): forget registry-check attempts the rate limit no longer needs."""
    return services.application_attempts_prune()
