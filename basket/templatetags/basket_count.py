"""The header's basket count without loading the basket.

``request.basket`` is Oscar's basket with its offers applied, its lines priced and checked by
the purchase strategy: a dozen queries and the offer machinery on every page, for one
number. The count is the sum of the open basket's line quantities (Oscar's ``num_items``),
one query. The full basket is still loaded when the page already has it, and when a
signed-in buyer also has a cookie basket (just signed in: Oscar merges the two when it
loads the basket, and the count must include the merged lines).
"""

from __future__ import annotations

from django import template
from django.conf import settings
from django.core.signing import BadSignature, Signer
from django.db.models import Sum
from oscar.core.loading import get_model

register = template.Library()

Basket = get_model("basket", "Basket")
Line = get_model("basket", "Line")


@register.simple_tag(takes_context=True)
def basket_count(context) -> int:
    request = context.get("request")
    if request is None or not hasattr(request, "basket"):
        return 0
    if getattr(request, "_basket_cache", None) is not None:
        return request._basket_cache.num_items
    cookie = request.COOKIES.get(getattr(settings, "OSCAR_BASKET_COOKIE_OPEN", "oscar_open_basket"))
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        if cookie:
            return request.basket.num_items  # the merge happens in the full load
        lines = Line.objects.filter(basket__owner=user, basket__status=Basket.OPEN)
    elif cookie:
        try:
            basket_id = Signer().unsign(cookie)
        except BadSignature:
            return request.basket.num_items  # the middleware drops the bad cookie
        lines = Line.objects.filter(
            basket_id=basket_id, basket__owner=None, basket__status=Basket.OPEN
        )
    else:
        return 0
    return lines.aggregate(n=Sum("quantity"))["n"] or 0
