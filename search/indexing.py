"""Keeping the maintained listing (``search.models.ProductEntry``) and, when configured,
the Elasticsearch index up to date.

``schedule`` names products or sellers whose listing may have changed; after the
transaction commits, one Celery task per batch (``search.index_products``) rebuilds their
rows from the listing rule of ``sellers.selectors`` (the same rule the purchase strategy
and product pages apply) and passes them on to the configured backend. ``index_all``
rebuilds everything in bulk (``manage.py search_reindex``). Writing a row is idempotent:
a task run twice, or two runs racing, leave the same rows.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Sum
from django.utils import timezone
from oscar.core.loading import get_model

from .models import ProductEntry, SearchTerm
from .text import words_of

logger = logging.getLogger(__name__)

Category = get_model("catalogue", "Category")
Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")
Line = get_model("order", "Line")

BATCH = 500
#: Bumped after every index write: the key of whatever listing pages cache.
VERSION_KEY = "search:version"


# --- scheduling -------------------------------------------------------------------------


class _Batch:
    """What one transaction changed, indexed once after it commits."""

    def __init__(self) -> None:
        self.products: set[int] = set()
        self.sellers: set[int] = set()

    def __call__(self) -> None:
        from .tasks import index_products

        products = sorted(self.products)
        for start in range(0, max(len(products), 1), BATCH):
            chunk = products[start : start + BATCH]
            sellers = sorted(self.sellers) if start == 0 else []
            if chunk or sellers:
                index_products.delay(product_ids=chunk, seller_ids=sellers)


def schedule(*, products: Iterable[int] = (), sellers: Iterable[int] = ()) -> None:
    """Index ``products`` and every product of ``sellers`` (ids) after the current
    transaction commits (at once outside one). A transaction's calls join one batch."""
    products, sellers = set(products), set(sellers)
    if not (products or sellers):
        return
    if getattr(settings, "SEARCH_INDEX_IMMEDIATE", False):
        # Tests: the test's own transaction never commits, so index now, in it.
        index_products(product_ids=products, seller_ids=sellers)
        return
    conn = transaction.get_connection()
    if conn.in_atomic_block:
        for _savepoints, func, _robust in conn.run_on_commit:
            if isinstance(func, _Batch):
                func.products |= products
                func.sellers |= sellers
                return
    batch = _Batch()
    batch.products, batch.sellers = products, sellers
    transaction.on_commit(batch)


# --- building rows ----------------------------------------------------------------------


def _thumbnailer() -> Callable[[Any], str]:
    """The card's photo address for a product image (the same thumbnail the product card
    template made), memoised per source file for one batch."""
    from oscar.core.thumbnails import get_thumbnailer

    thumbnailer = get_thumbnailer()
    made: dict[str, str] = {}

    def url(image) -> str:
        if isinstance(image, dict) or getattr(image, "is_missing", False):
            return ""  # no photo: the card shows a plain tile, nothing to download
        name = getattr(image.original, "name", None) or str(image.original)
        if name not in made:
            try:
                thumb = thumbnailer.generate_thumbnail(
                    image.original,
                    size="240x240",
                    crop="center",
                    quality=60,
                    format="WEBP",
                    upscale=False,
                )
                made[name] = thumb.url if thumb else ""
            except Exception:  # a broken file must not stop the index
                logger.exception("No thumbnail for %s", name)
                made[name] = ""
        return made[name]

    return url


def _category_tree() -> tuple[dict[str, Any], int]:
    nodes = {c.path: c for c in Category.objects.only("id", "path", "name", "depth")}
    return nodes, Category.steplen


def _held_documents(seller_ids: set[int], day: dt.date) -> dict[tuple[int, str], dt.date]:
    """(seller, kind) → the last day a verified document of that kind is in force."""
    from sellers.models import SellerDocument

    held: dict[tuple[int, str], dt.date] = {}
    for seller_id, kind, expires in (
        SellerDocument.objects.in_force(day)
        .filter(seller_id__in=seller_ids)
        .values_list("seller_id", "kind", "expires_on")
    ):
        key = (seller_id, kind)
        if key not in held or expires > held[key]:
            held[key] = expires
    return held


def _sold(product_ids: list[int]) -> dict[int, int]:
    from order import statuses

    rows = (
        Line.objects.filter(product_id__in=product_ids)
        .exclude(order__status=statuses.CANCELLED)
        .values("product_id")
        .annotate(units=Sum("quantity"))
    )
    return {row["product_id"]: row["units"] or 0 for row in rows}


def entries_build(
    product_ids: Iterable[int], *, on: dt.date | None = None, thumbnail=None, tree=None
) -> tuple[list[ProductEntry], dict[int, list[int]]]:
    """The rows ``product_ids`` should have (products not listable have none) and each
    row's categories with their ancestors."""
    from sellers.choices import DocumentKind
    from sellers.models import Seller
    from sellers.selectors import document_requirements
    from shipping.selectors import seller_shipping

    day = on or timezone.localdate()
    ids = sorted(set(product_ids))
    if not ids:
        return [], {}
    nodes, steplen = tree or _category_tree()
    thumbnail = thumbnail or _thumbnailer()
    requirements = {
        kind: [c.path for c in categories] for kind, categories in document_requirements().items()
    }
    products = list(
        Product.objects.filter(pk__in=ids, is_public=True)
        .select_related("product_class")
        .prefetch_related(
            "images",
            "categories",
            "product_options",
            "product_class__options",
        )
    )
    records: dict[int, list] = defaultdict(list)
    for record in StockRecord.objects.filter(
        product_id__in=[p.pk for p in products],
        partner__seller__status=Seller.Status.ACTIVE,
        price__isnull=False,
    ).select_related("partner__seller__village__district", "partner__seller__shipping"):
        records[record.product_id].append(record)
    sellers = {r.partner.seller.pk for rs in records.values() for r in rs}
    held = _held_documents(sellers, day)
    sold = _sold([p.pk for p in products])

    entries: list[ProductEntry] = []
    categories_of: dict[int, list[int]] = {}
    for product in products:
        # A product without a category is listed all the same (the listing rule asks only
        # for the documents its categories require); it is found by words, not by category.
        paths = [c.path for c in product.categories.all()]
        kinds = [
            kind
            for kind, required in requirements.items()
            if any(path.startswith(r) for path in paths for r in required)
        ]
        best = None
        for record in records.get(product.pk, []):
            seller = record.partner.seller
            until: dt.date | None = None
            for kind in kinds:
                expires = held.get((seller.pk, kind))
                if expires is None:
                    break
                until = expires if until is None else min(until, expires)
            else:
                key = (record.price, record.pk)
                if best is None or key < best[0]:
                    best = (key, record, until)
        if best is None:
            continue
        _key, record, until = best
        seller = record.partner.seller
        village = seller.village
        ancestors: set[str] = set()
        for path in paths:
            for end in range(steplen, len(path) + 1, steplen):
                ancestors.add(path[:end])
        names = [nodes[p].name for p in sorted(ancestors) if p in nodes]
        categories_of[product.pk] = [nodes[p].pk for p in sorted(ancestors) if p in nodes]
        free = (
            record.num_in_stock is None or (record.num_in_stock - (record.num_allocated or 0)) > 0
        )
        options = bool(product.product_options.all()) or bool(
            product.product_class and product.product_class.options.all()
        )
        entries.append(
            ProductEntry(
                product=product,
                stockrecord=record,
                seller=seller,
                village=village,
                district=village.district,
                category_path=min(paths) if paths else "",
                title=product.get_title()[:255],
                description=_plain(product.description)[:4000],
                context=" ".join([*names, seller.name, village.name, village.district.name]),
                url=product.get_absolute_url(),
                image=_photo(product, thumbnail),
                seller_name=seller.name[:128],
                seller_url=seller.get_absolute_url(),
                village_name=village.name[:100],
                price=int(record.price),
                in_stock=free,
                simple=not (product.is_parent or options),
                pickup_hall=seller_shipping(seller=seller).pickup_at_hall and village.has_hall,
                halal_until=held.get((seller.pk, DocumentKind.HALAL)),
                listed_until=until,
                date_created=product.date_created,
                sold=sold.get(product.pk, 0),
                rating=round(10 * (product.rating_average or 0)),
                rating_count=product.rating_count,
            )
        )
    return entries, categories_of


def _photo(product, thumbnail) -> str:
    # Not ``primary_image()``: without a photo it copies Oscar's placeholder into MEDIA_ROOT.
    images = list(product.images.all())
    return thumbnail(images[0]) if images else ""


def _plain(html: str) -> str:
    from django.utils.html import strip_tags

    return " ".join(strip_tags(html or "").split())


# --- writing rows -----------------------------------------------------------------------

_FIELDS = [
    f.name
    for f in ProductEntry._meta.concrete_fields
    if f.name not in ("product", "document", "indexed_at")
]
#: PostgreSQL's weighted full text of a row: title A, context B, description C, stemmed
#: (``indonesian``), and the title and context also as typed (``simple``: the stemmer cuts
#: "keripik" to "ripik", which a buyer typing "keri" would never reach).
DOCUMENT_SQL = (
    "setweight(to_tsvector('indonesian', title), 'A') || "
    "setweight(to_tsvector('simple', title), 'A') || "
    "setweight(to_tsvector('indonesian', context), 'B') || "
    "setweight(to_tsvector('simple', context), 'B') || "
    "setweight(to_tsvector('indonesian', description), 'C')"
)
_SQLITE_FTS = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_productentry_fts USING fts5("
    "title, context, description, tokenize = 'unicode61 remove_diacritics 2')"
)


def _write(ids: list[int], entries: list[ProductEntry], categories_of: dict[int, list[int]]):
    keep = [e.product_id for e in entries]
    Through = ProductEntry.categories.through
    with transaction.atomic():
        ProductEntry.objects.filter(product_id__in=ids).exclude(product_id__in=keep).delete()
        if entries:
            now = timezone.now()
            for entry in entries:
                entry.indexed_at = now
            ProductEntry.objects.bulk_create(
                entries,
                update_conflicts=True,
                unique_fields=["product"],
                update_fields=[*_FIELDS, "indexed_at"],
                batch_size=BATCH,
            )
        Through.objects.filter(productentry_id__in=keep).delete()
        Through.objects.bulk_create(
            [
                Through(productentry_id=pid, category_id=cid)
                for pid, cids in categories_of.items()
                for cid in cids
            ],
            batch_size=2000,
            ignore_conflicts=True,
        )
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(
                    f"UPDATE search_productentry SET document = {DOCUMENT_SQL} "
                    "WHERE product_id = ANY(%s)",
                    [keep],
                )
            elif connection.vendor == "sqlite":
                cursor.execute(_SQLITE_FTS)
                for start in range(0, len(ids), BATCH):
                    chunk = ids[start : start + BATCH]
                    marks = ",".join(["%s"] * len(chunk))
                    cursor.execute(
                        f"DELETE FROM search_productentry_fts WHERE rowid IN ({marks})", chunk
                    )
                cursor.executemany(
                    "INSERT INTO search_productentry_fts (rowid, title, context, description) "
                    "VALUES (%s, %s, %s, %s)",
                    [(e.product_id, e.title, e.context, e.description) for e in entries],
                )
        words = words_of(*(f"{e.title} {e.context}" for e in entries))
        SearchTerm.objects.bulk_create(
            [SearchTerm(word=w) for w in sorted(words)], ignore_conflicts=True, batch_size=2000
        )


def version_bump_after_commit() -> None:
    """``version_bump`` once the current transaction commits (at once in tests, whose
    transactions never do)."""
    if getattr(settings, "SEARCH_INDEX_IMMEDIATE", False):
        version_bump()
    else:
        transaction.on_commit(version_bump)


def _version_start() -> int:
    # A version lost from the cache (evicted, flushed) starts again from the clock, never
    # from a number whose pages might still be stored.
    return int(time.time() * 1000)


def version_bump() -> None:
    """Listing pages' caches start afresh (their keys carry this number)."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, _version_start(), timeout=None)


def version() -> int:
    value = cache.get(VERSION_KEY)
    if value is None:
        cache.add(VERSION_KEY, _version_start(), timeout=None)
        value = cache.get(VERSION_KEY) or _version_start()
    return int(value)


def _seller_products(seller_ids: Iterable[int]) -> set[int]:
    return set(
        StockRecord.objects.filter(partner__seller__in=list(seller_ids)).values_list(
            "product_id", flat=True
        )
    )


def index_products(*, product_ids: Iterable[int] = (), seller_ids: Iterable[int] = ()) -> int:
    """Rebuild the rows of ``product_ids`` and of every product of ``seller_ids``, then
    the configured backend's documents for them; returns how many are listed."""
    from .backends import backend

    ids = sorted(set(product_ids) | _seller_products(seller_ids))
    listed = 0
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        with transaction.atomic():
            # Two tasks about the same products take turns: each reads and writes under the
            # products' row locks, so an older reading is never written after a newer one.
            list(
                Product.objects.select_for_update()
                .filter(pk__in=chunk)
                .order_by("pk")
                .values_list("pk", flat=True)
            )
            entries, categories_of = entries_build(chunk)
            _write(chunk, entries, categories_of)
        backend().index(chunk)
        listed += len(entries)
    if ids:
        # After the backend has the documents (Elasticsearch included): a listing cached
        # from here on is the new one.
        version_bump_after_commit()
    return listed


def index_all(*, stdout=None, progress: Callable[[int, int], None] | None = None) -> int:
    """Rebuild every row (removing rows of products gone), in batches, then the backend's
    whole index (Elasticsearch: a new index and an alias swap). Returns the rows listed."""
    from .backends import backend

    ids = list(Product.objects.order_by("pk").values_list("pk", flat=True))
    total, listed = len(ids), 0
    tree = _category_tree()
    thumbnail = _thumbnailer()
    ProductEntry.objects.exclude(product_id__in=Product.objects.values("pk")).delete()
    for start in range(0, total, BATCH):
        chunk = ids[start : start + BATCH]
        entries, categories_of = entries_build(chunk, thumbnail=thumbnail, tree=tree)
        _write(chunk, entries, categories_of)
        listed += len(entries)
        if progress:
            progress(min(start + BATCH, total), total)
    _terms_recount()
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        # Every row was rewritten: reclaim the old versions (a listing page scans the table)
        # and give the planner fresh statistics.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE search_productentry")
    backend().rebuild(stdout=stdout)
    version_bump()
    return listed


def _terms_recount() -> None:
    """The vocabulary from scratch, with how many listed rows use each word."""
    counts: dict[str, int] = defaultdict(int)
    for title, context in ProductEntry.objects.values_list("title", "context").iterator(2000):
        for word in words_of(title, context):
            counts[word] += 1
    with transaction.atomic():
        SearchTerm.objects.all().delete()
        SearchTerm.objects.bulk_create(
            [SearchTerm(word=w, frequency=n) for w, n in counts.items()], batch_size=5000
        )
