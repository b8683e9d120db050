"""Reads for sellers: which products may be listed, the seller directory and storefronts.

A product is listed (in search, categories, storefronts, and can be bought) only when it
is public, an active seller stocks it, and, if its category or an ancestor requires a
document (processed food requires PIRT), that seller holds one that is still valid.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from oscar.core.loading import get_model

from .models import Seller, SellerApplication, SellerDocument

Category = get_model("catalogue", "Category")
Partner = get_model("partner", "Partner")
Product = get_model("catalogue", "Product")
ProductCategory = get_model("catalogue", "ProductCategory")
StockRecord = get_model("partner", "StockRecord")


def document_requirements() -> dict[str, list]:
    """Document kind → the categories that require it (each also covers its subcategories)."""
    requirements: dict[str, list] = defaultdict(list)
    for category in Category.objects.exclude(required_document="").order_by("path"):
        requirements[category.required_document].append(category)
    return dict(requirements)


def _under(categories, prefix: str = "category__") -> Q:
    condition = Q()
    for category in categories:
        condition |= Q(**{f"{prefix}path__startswith": category.path})
    return condition


def products_listed(products: QuerySet | None = None, *, on: dt.date | None = None) -> QuerySet:
    """``products`` (all by default) narrowed to those the site may show and sell on ``on``."""
    day = on or timezone.localdate()
    products = Product.objects.all() if products is None else products
    products = products.filter(is_public=True).filter(
        Exists(
            StockRecord.objects.filter(
                product=OuterRef("pk"), partner__seller__status=Seller.Status.ACTIVE
            )
        )
    )
    for kind, categories in document_requirements().items():
        needs = Exists(ProductCategory.objects.filter(_under(categories), product=OuterRef("pk")))
        holds = Exists(
            SellerDocument.objects.filter(
                seller__partner__stockrecords__product=OuterRef("pk"),
                kind=kind,
                expires_on__gte=day,
            )
        )
        products = products.filter(~needs | holds)
    return products


def seller_documents_valid(*, seller: Seller, on: dt.date | None = None) -> QuerySet:
    """The seller's documents that are valid on ``on`` (today)."""
    day = on or timezone.localdate()
    return seller.documents.filter(expires_on__gte=day)


def seller_missing_documents(*, seller: Seller, on: dt.date | None = None) -> list[dict]:
    """Why some of the seller's products are not listed: for each required document kind the
    seller lacks (or whose document expired), the kind and the seller's products it hides."""
    day = on or timezone.localdate()
    held = set(seller_documents_valid(seller=seller, on=day).values_list("kind", flat=True))
    missing = []
    for kind, categories in document_requirements().items():
        if kind in held:
            continue
        hidden = (
            Product.objects.filter(stockrecords__partner=seller.partner)
            .filter(
                Exists(ProductCategory.objects.filter(_under(categories), product=OuterRef("pk")))
            )
            .distinct()
        )
        count = hidden.count()
        if count:
            missing.append({"kind": kind, "categories": categories, "products": count})
    return missing


def seller_for_user(user) -> Seller | None:
    """The user's shop, if they have one (active or suspended)."""
    if not user.is_authenticated:
        return None
    return Seller.objects.select_related("partner").filter(user=user).first()


def application_latest(*, user) -> SellerApplication | None:
    if not user.is_authenticated:
        return None
    return SellerApplication.objects.filter(user=user).order_by("-created_at").first()


def shops_listed() -> QuerySet:
    """Active shops with at least one listed product, with how many they list."""
    listed = products_listed()
    return (
        Seller.objects.filter(status=Seller.Status.ACTIVE)
        .select_related("partner", "village__district")
        .annotate(
            product_count=Count(
                "partner__stockrecords__product",
                filter=Q(partner__stockrecords__product__in=listed.values("pk")),
                distinct=True,
            )
        )
        .filter(product_count__gt=0)
        .order_by("partner__name")
    )


def products_for_shop(*, shop: Seller, only_listed: bool = True) -> QuerySet:
    """The shop's products, newest first, with what product cards need."""
    products = Product.objects.filter(stockrecords__partner=shop.partner)
    if only_listed:
        products = products_listed(products)
    return (
        Product.objects.filter(pk__in=products.values("pk"))
        .select_related("product_class")
        .prefetch_related("images", "stockrecords")
        .order_by("-date_created", "-id")
    )
