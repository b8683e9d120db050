"""Template tags of the seller dashboard."""

from __future__ import annotations

from django import template

from dashboard.selectors import seller_document_notices, seller_for_dashboard

register = template.Library()


@register.simple_tag(takes_context=True)
def seller_dashboard_notices(context) -> dict:
    """The shop of the signed-in seller and what keeps its products off the site (shown on
    every dashboard page). Empty for staff and for anyone without a shop."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.is_staff:
        return {}
    seller = seller_for_dashboard(user)
    if seller is None:
        return {}
    return {"seller": seller, "notices": seller_document_notices(seller=seller)}
