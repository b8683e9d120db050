"""Reads for sellers: which products may be listed, the seller directory and storefronts.

A product is listed (in search, categories, storefronts, and can be bought) only when it
is public, an active seller stocks it, and, if its category or an ancestor requires a
document (processed food requires PIRT), that seller holds one that is still valid.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Value
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from catalogue.selectors import products_for_cards
from registry.models import District, Resident, Village

from .choices import DOCUMENT_BADGES, DocumentStatus
from .models import Seller, SellerApplication, SellerDocument

if TYPE_CHECKING:
    from catalogue.models import Category as CategoryModel

Category = get_model("catalogue", "Category")
Line = get_model("order", "Line")
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


#: Set on products that a listing query has just filtered by ``products_listed``, so that
#: the purchase strategy need not ask again for each product card.
LISTED_MARK = "listed_now"


def stockrecords_selling(
    stockrecords: QuerySet | None = None,
    *,
    on: dt.date | None = None,
    requirements: dict[str, list] | None = None,
) -> QuerySet:
    """``stockrecords`` (all by default) narrowed to those a buyer may buy from on ``on``:
    the product is public, the seller active, and for each document the product's category
    (or an ancestor) requires, that same seller holds one in force (verified, not expired).

    ``requirements`` is ``document_requirements()`` when the caller already has it (the
    purchase strategy asks once per request)."""
    day = on or timezone.localdate()
    records = StockRecord.objects.all() if stockrecords is None else stockrecords
    records = records.filter(product__is_public=True, partner__seller__status=Seller.Status.ACTIVE)
    if requirements is None:
        requirements = document_requirements()
    for kind, categories in requirements.items():
        needs = Exists(
            ProductCategory.objects.filter(_under(categories), product=OuterRef("product"))
        )
        holds = Exists(
            SellerDocument.objects.in_force(day).filter(
                seller__partner=OuterRef("partner"), kind=kind
            )
        )
        records = records.filter(~needs | holds)
    return records


def products_listed(
    products: QuerySet | None = None,
    *,
    partner=None,
    on: dt.date | None = None,
    requirements: dict[str, list] | None = None,
) -> QuerySet:
    """``products`` (all by default) narrowed to those the site may show and sell on ``on``:
    those with a stock record a buyer may buy from (``stockrecords_selling``), of ``partner``
    if given (a storefront lists only what its own shop may sell)."""
    records = stockrecords_selling(on=on, requirements=requirements)
    if partner is not None:
        records = records.filter(partner=partner)
    products = Product.objects.all() if products is None else products
    return products.filter(Exists(records.filter(product=OuterRef("pk"))))


def product_is_listed(
    *, product, on: dt.date | None = None, requirements: dict[str, list] | None = None
) -> bool:
    """Whether the site may show and sell ``product`` on ``on`` (today): ``products_listed``
    for one product. The marketplace sells stand-alone products only; a parent or variant,
    which has no stock record or no categories of its own, is never listed."""
    return products_listed(
        Product.objects.filter(pk=product.pk), on=on, requirements=requirements
    ).exists()


def seller_documents_valid(*, seller: Seller, on: dt.date | None = None) -> QuerySet:
    """The seller's documents in force on ``on`` (today): verified by staff, not expired."""
    return seller.documents.in_force(on)


def seller_missing_documents(*, seller: Seller, on: dt.date | None = None) -> list[dict]:
    """Why some of the seller's products are not listed: for each required document kind the
    seller lacks (or whose document expired), the kind, the seller's products it hides, and
    whether one waits for staff to check it (``pending``)."""
    day = on or timezone.localdate()
    held = set(seller_documents_valid(seller=seller, on=day).values_list("kind", flat=True))
    waiting = set(
        seller.documents.filter(status=DocumentStatus.PENDING, expires_on__gte=day).values_list(
            "kind", flat=True
        )
    )
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
            missing.append(
                {
                    "kind": kind,
                    "categories": categories,
                    "products": count,
                    "pending": kind in waiting,
                }
            )
    return missing


def seller_open_orders(*, seller: Seller) -> int:
    """How many orders have lines of the shop not yet finished (received or cancelled, the
    ends of ``OSCAR_LINE_STATUS_PIPELINE``): what someone must still ship."""
    finished = [
        status for status, following in settings.OSCAR_LINE_STATUS_PIPELINE.items() if not following
    ]
    return (
        Line.objects.filter(partner=seller.partner)
        .exclude(status__in=finished)
        .values("order")
        .distinct()
        .count()
    )


def seller_for_user(user) -> Seller | None:
    """The user's shop, if they have one (active or suspended)."""
    if not user.is_authenticated:
        return None
    return Seller.objects.select_related("partner").filter(user=user).first()


def application_latest(*, user) -> SellerApplication | None:
    if not user.is_authenticated:
        return None
    return SellerApplication.objects.filter(user=user).order_by("-created_at").first()


def application_nik_conflicts(*, application: SellerApplication) -> list[str]:
    """Why the applicant's NIK needs a look at their KTP in person, even when the registry
    data match: the NIK's resident already has a shop or is linked to another account, or
    another open application uses the NIK. Empty when nothing else uses it.

    Works for an application not saved yet (at submission) too."""
    conflicts: list[str] = []
    resident = (
        application.resident
        or Resident.objects.filter(nik_index=application.nik_index).only("pk", "user").first()
    )
    if resident is not None:
        shop = Seller.objects.filter(resident=resident).select_related("partner").first()
        if shop is not None and shop.user_id != application.user_id:
            conflicts.append(
                str(_("Penduduk dengan NIK ini sudah memiliki toko: %(shop)s."))
                % {"shop": shop.name}
            )
        if resident.user_id is not None and resident.user_id != application.user_id:
            conflicts.append(str(_("NIK ini sudah terhubung dengan akun lain.")))
    others = SellerApplication.objects.filter(
        nik_index=application.nik_index,
        status__in=[SellerApplication.Status.AWAITING_OPERATOR, SellerApplication.Status.PENDING],
    ).exclude(user_id=application.user_id)
    if others.exists():
        conflicts.append(str(_("Ada pendaftaran lain dengan NIK ini yang masih diproses.")))
    return conflicts


def _listed_per_shop(category_id: int | None = None) -> dict[int, tuple[int, int, int]]:
    """Shop id → (products listed, village id, district id), from the maintained listing
    (``search.models``) in one grouped query, cached under the index's version and the day
    (the directory is the same for every visitor); with ``category_id``, only products in
    that category or below."""
    from django.core.cache import cache

    from search.backends.database import listed
    from search.indexing import version

    key = f"sellers:directory:{version()}:{timezone.localdate()}:{category_id}"
    found = cache.get(key)
    if found is None:
        entries = listed()
        if category_id is not None:
            entries = entries.filter(categories=category_id)
        found = {
            row["seller_id"]: (row["n"], row["village_id"], row["district_id"])
            for row in entries.order_by()
            .values("seller_id", "village_id", "district_id")
            .annotate(n=Count("pk"))
        }
        cache.set(key, found, 10 * 60)
    return found


def shops_listed(
    *,
    district: District | None = None,
    village: Village | None = None,
    category: CategoryModel | None = None,
) -> list[Seller]:
    """Active shops with at least one listed product, with how many they list
    (``product_count``), by name.

    Narrowed to a ``district`` or ``village``, and to a ``category``: the shop's main
    category is in it, or the shop lists a product in it (a category covers its
    subcategories).
    """
    counts = _listed_per_shop()
    shops = Seller.objects.filter(status=Seller.Status.ACTIVE, pk__in=list(counts))
    if district is not None:
        shops = shops.filter(village__district=district)
    if village is not None:
        shops = shops.filter(village=village)
    if category is not None:
        in_category = list(_listed_per_shop(category.pk))
        shops = shops.filter(
            Q(main_category__path__startswith=category.path) | Q(pk__in=in_category)
        )
    found = list(shops.select_related("partner", "village__district").order_by("partner__name"))
    for shop in found:
        shop.product_count = counts[shop.pk][0]  # type: ignore[attr-defined]
    return found


def products_for_shop(*, shop: Seller, only_listed: bool = True) -> QuerySet:
    """The shop's products, newest first, with what product cards need."""
    products = Product.objects.filter(stockrecords__partner=shop.partner)
    if only_listed:
        products = products_listed(products, partner=shop.partner)
    return products_for_cards(
        Product.objects.filter(pk__in=products.values("pk"))
        .annotate(**({LISTED_MARK: Value(True)} if only_listed else {}))
        .order_by("-date_created", "-id")
    )


def districts_with_shops() -> QuerySet:
    """Districts where at least one shop lists a product: the directory's district filter."""
    ids = {district for _n, _village, district in _listed_per_shop().values()}
    return District.objects.filter(pk__in=ids).order_by("name")


def villages_with_shops(*, district: District | None = None) -> QuerySet:
    """Villages (of ``district``) where at least one shop lists a product."""
    ids = {village for _n, village, _district in _listed_per_shop().values()}
    villages = Village.objects.filter(pk__in=ids)
    if district is not None:
        villages = villages.filter(district=district)
    return villages.select_related("district").order_by("district__name", "name")


def seller_badges(*, seller: Seller, on: dt.date | None = None) -> list[dict]:
    """The storefront's badges: PIRT and halal while the seller holds such a document valid
    on ``on`` (today), and NIB when the seller gave one. Each is ``{"kind", "label"}``."""
    held = set(seller_documents_valid(seller=seller, on=on).values_list("kind", flat=True))
    badges = [
        {"kind": str(kind), "label": label}
        for kind, label in DOCUMENT_BADGES.items()
        if kind in held
    ]
    if seller.nib:
        badges.append({"kind": "nib", "label": _("NIB")})
    return badges


def seller_documents(*, seller: Seller) -> QuerySet:
    """All of the seller's documents, valid or not, by kind and newest expiry first."""
    return seller.documents.order_by("kind", "-expires_on", "-pk")


def products_needing_document(*, seller: Seller, kind: str) -> QuerySet:
    """The seller's public products in a category that requires a document of ``kind``:
    those a missing or expired document of that kind hides."""
    categories = document_requirements().get(kind, [])
    if not categories:
        return Product.objects.none()
    return (
        Product.objects.filter(stockrecords__partner=seller.partner, is_public=True)
        .filter(Exists(ProductCategory.objects.filter(_under(categories), product=OuterRef("pk"))))
        .distinct()
        .order_by("title")
    )


def shop_reviews(*, seller: Seller, limit: int = 5) -> list:
    """The newest reviews of the shop that are shown, with their reviewers (one query)."""
    from catalogue.reviews.models import Review, SellerReview

    return list(
        SellerReview.objects.filter(seller=seller, visibility=Review.Visibility.SHOWN)
        .select_related("user")
        .order_by("-date_created", "-pk")[:limit]
    )
