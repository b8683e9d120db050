"""A suspended seller's dashboard is read-only."""

from __future__ import annotations

from django.shortcuts import render

from sellers.models import Seller

#: Dashboard views a suspended seller may still post to.
ALLOWED = frozenset({"login", "logout"})


class SuspendedSellerReadOnlyMiddleware:
    """Refuse every request but GET and HEAD that a suspended seller makes to the dashboard,
    with a page that says the shop is suspended and why. Staff are never affected."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method in ("GET", "HEAD"):
            return None
        match = request.resolver_match
        if match is None or "dashboard" not in match.namespaces or match.url_name in ALLOWED:
            return None
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or user.is_staff:
            return None
        seller = Seller.objects.filter(user=user, status=Seller.Status.SUSPENDED).first()
        if seller is None:
            return None
        return render(
            request, "oscar/dashboard/seller_suspended.html", {"seller": seller}, status=403
        )
