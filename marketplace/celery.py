"""The Celery app. Broker and result backend are Redis from REDIS_URL; without it,
tasks run in-process (CELERY_TASK_ALWAYS_EAGER), as in the embedded demo."""

import os
import sys

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings.dev")

app = Celery("marketplace")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@signals.setup_logging.connect
def _log_like_django(loglevel=None, **kwargs):
    """Workers and beat log through Django's ``LOGGING``, whose every handler masks personal
    data; Celery's own set-up would replace the root handlers with unfiltered ones."""
    import logging
    import logging.config

    from django.conf import settings

    from security.pii import log_handlers_mask

    logging.config.dictConfig(settings.LOGGING)
    log_handlers_mask()
    if loglevel:
        logging.getLogger().setLevel(loglevel)


def _check_before_start() -> None:
    """A worker or beat with a wrong setting or a Redis that does not answer says so in one
    line and stops, instead of a traceback or retrying the broker for minutes."""
    from marketplace.env import ConfigurationError

    try:
        from django.conf import settings

        redis_url = settings.REDIS_URL
    except ConfigurationError as exc:
        sys.stderr.write(f"Configuration error: {exc}\n")
        sys.exit(2)
    if not redis_url:
        sys.stderr.write(
            "Configuration error: REDIS_URL is not set: a Celery worker needs Redis "
            "(without it, tasks already run in-process).\n"
        )
        sys.exit(2)
    from marketplace.checks import redis_reachable

    errors = redis_reachable(None)
    if errors:
        sys.stderr.write(f"Configuration error: {errors[0].msg} {errors[0].hint}\n")
        sys.exit(2)


if "worker" in sys.argv or "beat" in sys.argv:
    _check_before_start()
