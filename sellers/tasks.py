"""Seller tasks: emails to sellers and the daily document check (Celery beat)."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail


@shared_task(name="sellers.email_send", autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def email_send(*, user_id: int, subject: str, body: str) -> None:
    """Send one plain-text email to a user; retried when the mail server is unreachable."""
    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None or not user.email:
        return
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
