"""Telling a user about their shop: on the site (Oscar's notifications, in the account
menu) and by email, sent by a Celery task once the transaction has committed."""

from __future__ import annotations

from django.conf import settings
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
    from .tasks import email_send

    Notification.objects.create(recipient=user, subject=subject, body=body)
    if user.email:
        transaction.on_commit(lambda: email_send.delay(user_id=user.pk, subject=subject, body=body))
