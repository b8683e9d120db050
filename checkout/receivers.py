"""The site's name and address in Django's sites table come from settings: Oscar's order
emails and ``Order.site`` read them (otherwise "example.com")."""

from __future__ import annotations

from urllib.parse import urlparse

from django.conf import settings


def site_from_settings(**kwargs) -> None:
    from django.contrib.sites.models import Site

    url = settings.SITE_URL or settings.WAGTAILADMIN_BASE_URL
    domain = urlparse(url).netloc or "127.0.0.1:8000"
    Site.objects.update_or_create(
        pk=settings.SITE_ID, defaults={"domain": domain[:100], "name": settings.SITE_NAME[:50]}
    )
