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


def notifications(request):
    """Oscar's unread-notification count, asked only by a page that shows it (Oscar's
    context processor counts on every page, signed in)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def unread() -> int:
        from oscar.core.loading import get_model

        Notification = get_model("communication", "Notification")
        return Notification.objects.filter(recipient=user, date_read=None).count()

    return {"num_unread_notifications": SimpleLazyObject(unread)}
