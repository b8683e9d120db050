"""The Celery app. Broker and result backend are Redis from REDIS_URL; without it,
tasks run in-process (CELERY_TASK_ALWAYS_EAGER), as in the embedded demo."""

import os
import sys

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings.dev")

app = Celery("marketplace")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def _configuration_error_hook(**kwargs):
    """Print a wrong setting as one line when a worker starts, not as a traceback."""
    from marketplace.env import ConfigurationError

    try:
        from django.conf import settings

        settings.INSTALLED_APPS  # noqa: B018 - forces the settings to load
    except ConfigurationError as exc:
        sys.stderr.write(f"Configuration error: {exc}\n")
        sys.exit(2)


if "worker" in sys.argv or "beat" in sys.argv:
    _configuration_error_hook()
