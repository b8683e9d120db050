"""Product search on the database: the embedded default, and the contract other backends meet.

Every word of the query must appear in the product's title, description, category or
seller's name (case-insensitive); products whose title holds the words come first.
"""

from __future__ import annotations

from django.db.models import Case, IntegerField, Min, Q, QuerySet, Value, When
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from catalogue.selectors import products_for_cards
from sellers.selectors import LISTED_MARK, products_listed

Product = get_model("catalogue", "Product")

MAX_TERMS = 8
StrOrPromise = str | Promise

SORT_ORDERS: dict[str, tuple[StrOrPromise, tuple[str, ...] | None]] = {
    "relevancy": (_("Paling sesuai"), None),
    "newest": (_("Terbaru"), ("-date_created", "-id")),
    "price-asc": (_("Harga terendah"), ("min_price", "id")),
    "price-desc": (_("Harga tertinggi"), ("-min_price", "id")),
    "title-asc": (_("Nama A–Z"), ("title", "id")),
}


def products_search(*, query: str = "", categories=None, sort: str = "") -> QuerySet:
    """Listed products (``sellers.selectors.products_listed``) matching every word of
    ``query``, in ``categories``.

    ``categories`` is a queryset or list of categories (a category and its descendants);
    ``sort`` is a key of ``SORT_ORDERS`` (unknown keys sort by relevance).
    """
    products = products_listed(Product.objects.browsable())
    if categories is not None:
        products = products.filter(categories__in=categories)
    terms = query.split()[:MAX_TERMS]
    for term in terms:
        products = products.filter(
            Q(title__icontains=term)
            | Q(description__icontains=term)
            | Q(categories__name__icontains=term)
            | Q(stockrecords__partner__name__icontains=term)
        )
    # Joins above can repeat a product: keep one row each.
    results = Product.objects.filter(id__in=products.values("id"))
    ordering: tuple[str, ...] | None = SORT_ORDERS.get(sort, SORT_ORDERS["relevancy"])[1]
    if ordering and any(field.lstrip("-") == "min_price" for field in ordering):
        # Sorting by price: a product is as cheap as its cheapest seller.
        results = results.annotate(min_price=Min("stockrecords__price"))
    if ordering is None:
        if terms:
            title_hits = [When(title__icontains=term, then=Value(1)) for term in terms]
            results = results.annotate(
                title_hit=Case(*title_hits, default=Value(0), output_field=IntegerField())
            )
            ordering = ("-title_hit", "-date_created", "-id")
        else:
            ordering = ("-date_created", "-id")
    return products_for_cards(results.annotate(**{LISTED_MARK: Value(True)}).order_by(*ordering))
