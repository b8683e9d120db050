"""Reads of the catalogue shared by Wagtail pages and views."""

from __future__ import annotations

from django.core.cache import cache
from django.db.models import Exists, OuterRef, QuerySet
from oscar.core.loading import get_model

Category = get_model("catalogue", "Category")
Option = get_model("catalogue", "Option")


def products_for_cards(products: QuerySet) -> QuerySet:
    """``products`` with what a product card needs, in a fixed number of queries however
    many cards: product class, photos, stock records with their sellers and villages, and
    whether the product has options (Oscar's ``Product.has_options`` asks once per product
    otherwise)."""
    return (
        products.select_related("product_class")
        .annotate(
            has_product_class_options=Exists(
                Option.objects.filter(productclass=OuterRef("product_class"))
            ),
            has_product_options=Exists(Option.objects.filter(product=OuterRef("pk"))),
        )
        .prefetch_related("images", "stockrecords__partner__seller__village")
    )


def categories_top() -> QuerySet:
    """Public top-level categories, in tree order: the site's category menu."""
    return Category.get_root_nodes().filter(is_public=True)


MENU_CACHE_KEY = "catalogue:category-menu"


def categories_menu() -> list[dict[str, str]]:
    """The header's category strip, cached until a category changes (see receivers)."""
    menu = cache.get(MENU_CACHE_KEY)
    if menu is None:
        menu = [{"name": c.name, "url": c.get_absolute_url()} for c in categories_top()]
        cache.set(MENU_CACHE_KEY, menu, timeout=24 * 60 * 60)
    return menu
