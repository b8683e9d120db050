"""The Kampung Mall Django project: settings, URLs, Celery app, WSGI/ASGI."""

from .celery import app as celery_app

__all__ = ("celery_app",)
