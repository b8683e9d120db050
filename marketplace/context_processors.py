"""Context every page shares: the site's name and the languages to switch between."""

from django.conf import settings


def site(request):
    return {
        "site_name": settings.SITE_NAME,
        "site_languages": settings.LANGUAGES,
    }
