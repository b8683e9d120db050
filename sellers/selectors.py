"""Reads for the seller directory and storefronts.

Until seller onboarding lands, a shop is an Oscar ``Partner``; its ``code`` is the slug.
"""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from oscar.core.loading import get_model

Partner = get_model("partner", "Partner")
Product = get_model("catalogue", "Product")


def shops_listed() -> QuerySet:
    """Shops with at least one public product, with how many they list."""
    return (
        Partner.objects.annotate(
            product_count=Count(
                "stockrecords__product",
                filter=Q(stockrecords__product__is_public=True),
                distinct=True,
            )
        )
        .filter(product_count__gt=0)
        .order_by("name")
    )


def products_for_shop(*, shop, only_public: bool = True) -> QuerySet:
    """The shop's products, newest first, with what product cards need."""
    products = Product.objects.filter(stockrecords__partner=shop).distinct()
    if only_public:
        products = products.filter(is_public=True)
    return (
        products.select_related("product_class")
        .prefetch_related("images", "stockrecords")
        .order_by("-date_created", "-id")
    )
