"""Review tasks (Celery beat): the one reminder per completed order."""

from celery import shared_task

from . import services


@shared_task(name="reviews.reminders_send", acks_late=True)
def reminders_send() -> int:
    """Daily: remind buyers of orders completed a few days ago to review them (once each)."""
    return services.reminders_send()
