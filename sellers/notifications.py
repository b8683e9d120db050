"""Telling a user about their shop: on the site (Oscar's notifications, in the account
menu) and by email, sent by a Celery task once the transaction has committed.

Depends on nothing of the sellers' services or tasks, which depend on it."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.utils import translation
from oscar.core.loading import get_model

Notification = get_model("communication", "Notification")


def recipient_language():
    """The language a notification is written in: the site's (Indonesian), whatever
    language the staff member who caused it reads the site in. Users keep no language
    of their own yet."""
    return translation.override(settings.LANGUAGE_CODE)


def user_notify(*, user, subject: str, body: str) -> None:
    """Record the notification now and send the email after commit (never on rollback)."""
    Notification.objects.create(recipient=user, subject=subject, body=body)
    if user.email:
        transaction.on_commit(lambda: email_send.delay(user_id=user.pk, subject=subject, body=body))


@shared_task(name="sellers.email_send", autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def email_send(*, user_id: int, subject: str, body: str) -> None:
    """Send one plain-text email to a user; retried when the mail server is unreachable."""
    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None or not user.email:
        return
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
