"""WSGI entry point (gunicorn marketplace.wsgi)."""

import os
import sys

from django.core.wsgi import get_wsgi_application

from marketplace.env import ConfigurationError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings.dev")

try:
    application = get_wsgi_application()
except ConfigurationError as exc:
    # One line in the server's log instead of a traceback; gunicorn stops the worker.
    sys.stderr.write(f"Configuration error: {exc}\n")
    sys.exit(2)
