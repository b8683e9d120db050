"""The header's and the messages' holes of a shared page (``marketplace.pagecache``):
what is each visitor's own on every public page."""

from __future__ import annotations

from django.contrib.auth.context_processors import PermWrapper
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.db.models import Q
from django.template.context_processors import csrf
from django.template.loader import get_template


def hole_context(request, **extra) -> dict:
    """What a hole's template may read: the visitor, their permissions and messages, a
    CSRF token. Not the context processors: a hole is small and drawn on every page."""
    user = getattr(request, "user", None)
    return {
        "request": request,
        "user": user,
        "perms": PermWrapper(user) if user is not None else {},
        "messages": get_messages(request) if request is not None else [],
        "LANGUAGE_CODE": getattr(request, "LANGUAGE_CODE", ""),
        **(csrf(request) if request is not None else {}),
        **extra,
    }


def render(template_name: str, request, **extra) -> str:
    return get_template(template_name).render(hole_context(request, **extra))


def messages(request) -> str:
    return render("oscar/partials/alert_messages.html", request)


def basket_link(request) -> str:
    return render("partials/header_basket.html", request)


def account_menu(request) -> str:
    user = request.user
    return render(
        "partials/header_account.html",
        request,
        # One query, where Django's permission check asks two (the user's own and their
        # groups') on every page, signed in.
        shop_access=user.is_authenticated
        and (
            user.is_superuser
            or Permission.objects.filter(
                Q(user=user) | Q(group__user=user),
                content_type__app_label="partner",
                codename="dashboard_access",
            ).exists()
        ),
    )
