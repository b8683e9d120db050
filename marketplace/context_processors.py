"""Context every page shares: the site's name, the languages, the category menu."""

from django.conf import settings
from django.utils.functional import SimpleLazyObject


def site(request):
    from catalogue.selectors import categories_menu

    return {
        "site_name": settings.SITE_NAME,
        "site_languages": settings.LANGUAGES,
        # Lazy: only pages that draw the header ask the cache for it.
        "menu_categories": SimpleLazyObject(categories_menu),
    }
