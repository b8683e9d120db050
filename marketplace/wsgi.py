"""WSGI entry point (gunicorn marketplace.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings.dev")

application = get_wsgi_application()
