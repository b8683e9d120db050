"""The product page's holes (``marketplace.pagecache``): what on a shared product page is
each visitor's own. Each asks the database only for a visitor it concerns."""

from __future__ import annotations

from oscar.apps.customer.history import CustomerHistoryManager
from oscar.core.loading import get_class, get_model

from marketplace.holes import render

Product = get_model("catalogue", "Product")
ProductAlert = get_model("customer", "ProductAlert")
ProductAlertForm = get_class("customer.forms", "ProductAlertForm")


def _product(pk):
    return Product.objects.filter(pk=pk).select_related("product_class").first()


def stock_alert(request, product) -> str:
    """Out of stock: the form that asks to be told when it is back (its e-mail field only
    for a visitor who is not signed in), or that the visitor already asked."""
    found = _product(product)
    if found is None:
        return ""
    user = request.user
    active = (
        user.is_authenticated
        and ProductAlert.objects.filter(
            product=found, user=user, status=ProductAlert.ACTIVE
        ).exists()
    )
    return render(
        "oscar/catalogue/partials/add_to_basket_form.html",
        request,
        product=found,
        alert_form=ProductAlertForm(user=user, product=found),
        has_active_alert=active,
    )


def review_link(request, product) -> str:
    """ "Tulis ulasan", to the review page of the buyer's completed order of the product,
    while they have not reviewed it (nobody else sees it)."""
    from .reviews.services import order_to_review

    number = order_to_review(user=request.user, product_id=int(product))
    if number is None:
        return ""
    return render("oscar/catalogue/reviews/partials/review_link.html", request, number=number)


def recently_viewed(request) -> str:
    """The visitor's recently viewed products (from their cookie), without the one on the
    page and without any that are no longer listed."""
    from search.backends.database import listed

    ids = CustomerHistoryManager.extract(request)
    match = getattr(request, "resolver_match", None)
    current = str(match.kwargs.get("pk", "")) if match else ""
    ids = [i for i in ids if isinstance(i, int) and str(i) != current]
    if not ids:
        return ""
    shown = set(listed().filter(product_id__in=ids).values_list("product_id", flat=True))
    products = [p for p in CustomerHistoryManager.get(request) if p.pk in shown]
    if not products:
        return ""
    return render(
        "oscar/customer/history/recently_viewed_list.html",
        request,
        products=products,
    )


def back_button(request) -> str:
    """Oscar's "back to the search results" link, from the visitor's own Referer."""
    from oscar.templatetags.history_tags import get_back_button

    button = get_back_button({"request": request})
    if not button:
        return ""
    return render("oscar/catalogue/partials/back_button.html", request, backbutton=button)
