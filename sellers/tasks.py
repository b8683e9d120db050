"""Seller tasks: emails to sellers, the daily document check and the pruning of old
registry-check attempts (Celery beat)."""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.utils import timezone

from . import services


@shared_task(name="sellers.email_send", autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def email_send(*, user_id: int, subject: str, body: str) -> None:
    """Send one plain-text email to a user; retried when the mail server is unreachable."""
    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None or not user.email:
        return
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])


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
