"""Checking valid rows against the seller's shop, and writing them in bulk.

Rows are matched to the shop's stock records by SKU (``partner_sku``), never to another
shop's: the same SKU in two shops is two products. Writes use ``bulk_create`` and
``bulk_update``, which send no model signals; Oscar's receivers that matter for an
update, its stock alerts and back-in-stock emails, get the ``post_save`` of each stock
record whose stock the file changed and for which they have work.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models.signals import post_save
from django.utils import timezone
from django.utils.translation import gettext as _
from oscar.checks import use_productcategory_materialised_view
from oscar.core.loading import get_model
from oscar.core.utils import slugify

from spreadsheets import RowError

from .rows import Row

Product = get_model("catalogue", "Product")
ProductAlert = get_model("customer", "ProductAlert")
ProductCategory = get_model("catalogue", "ProductCategory")
StockAlert = get_model("partner", "StockAlert")
StockRecord = get_model("partner", "StockRecord")

#: Rows per query; also keeps ``IN (...)`` lists under SQLite's parameter limit.
BATCH_SIZE = 500
#: Rows per ``bulk_update`` query: its ``CASE`` grows with the batch, and so the work per
#: row, so smaller batches are faster.
UPDATE_BATCH_SIZE = 100
_PRODUCT_FIELDS = ("title", "description", "weight_grams", "unit")
_STOCK_FIELDS = ("price", "price_currency", "num_in_stock")


@dataclass(frozen=True)
class ImportResult:
    rows: int
    created: int
    #: Products already in the shop whose data the file changed.
    updated: int
    #: Products already in the shop whose data the file left as it was.
    unchanged: int


def shop_check(rows: list[Row], *, partner) -> tuple[dict[str, Any], list[RowError]]:
    """The shop's stock records for the rows' SKUs (SKU → stock record with its product),
    locked until the transaction ends; and every row that cannot update its product: one
    that another shop also sells (only staff change those), or whose new stock is below
    what buyers have already ordered. Run inside a transaction."""
    existing: dict[str, Any] = {}
    for chunk in _chunks([row.sku for row in rows]):
        stockrecords = (
            StockRecord.objects.select_for_update()
            .select_related("product")
            .filter(partner=partner, partner_sku__in=chunk)
        )
        existing.update((sr.partner_sku, sr) for sr in stockrecords)
    shared: set[int] = set()
    for chunk in _chunks([sr.product_id for sr in existing.values()]):
        shared.update(
            StockRecord.objects.filter(product_id__in=chunk)
            .exclude(partner=partner)
            .values_list("product_id", flat=True)
        )

    errors = []
    for row in rows:
        stockrecord = existing.get(row.sku)
        if stockrecord is None:
            continue
        product = stockrecord.product
        if product.pk in shared or product.structure != Product.STANDALONE:
            message = _(
                "Produk dengan SKU ini juga dijual toko lain, jadi hanya bisa diubah staf. "
                "Hapus baris ini atau pakai SKU lain."
            )
            errors.append(RowError(row.line, "sku", message))
        allocated = stockrecord.num_allocated or 0
        if row.num_in_stock < allocated:
            message = _("Stok tidak boleh kurang dari jumlah yang sudah dipesan pembeli (%(n)d).")
            errors.append(RowError(row.line, "stok", message % {"n": allocated}))
    return existing, errors


def rows_write(
    rows: list[Row], *, partner, product_class, existing: dict[str, Any]
) -> ImportResult:
    """Create and update the shop's products, their category and their stock records;
    run inside a transaction, after ``shop_check``."""
    now = timezone.now()
    currency = settings.OSCAR_DEFAULT_CURRENCY

    new_products: list[tuple[Row, Any]] = []
    changed_products: list[Any] = []
    changed_stock: list[Any] = []
    new_stock_levels: list[Any] = []
    wanted_category: dict[int, int] = {}
    for row in rows:
        stockrecord = existing.get(row.sku)
        if stockrecord is None:
            product = Product(
                product_class=product_class,
                structure=Product.STANDALONE,
                title=row.title,
                slug=slugify(row.title),
                description=row.description or "",
                weight_grams=row.weight_grams,
                unit=row.unit,
                is_public=True,
            )
            new_products.append((row, product))
            continue
        product = stockrecord.product
        wanted: dict[str, Any] = {
            "title": row.title,
            "weight_grams": row.weight_grams,
            "unit": row.unit,
        }
        if row.description is not None:
            wanted["description"] = row.description
        if _changes_apply(product, wanted):
            product.date_updated = now
            changed_products.append(product)
        stock_before = stockrecord.num_in_stock
        if _changes_apply(
            stockrecord,
            {
                "price": Decimal(row.price),
                "price_currency": currency,
                "num_in_stock": row.num_in_stock,
            },
        ):
            stockrecord.date_updated = now
            changed_stock.append(stockrecord)
            if stockrecord.num_in_stock != stock_before:
                new_stock_levels.append(stockrecord)
        wanted_category[product.pk] = row.category_id

    _products_create([p for _row, p in new_products])
    Product.objects.bulk_update(
        changed_products, [*_PRODUCT_FIELDS, "date_updated"], batch_size=UPDATE_BATCH_SIZE
    )
    StockRecord.objects.bulk_update(
        changed_stock, [*_STOCK_FIELDS, "date_updated"], batch_size=UPDATE_BATCH_SIZE
    )
    StockRecord.objects.bulk_create(
        [
            StockRecord(
                product=product,
                partner=partner,
                partner_sku=row.sku,
                price=Decimal(row.price),
                price_currency=currency,
                num_in_stock=row.num_in_stock,
                num_allocated=0,
            )
            for row, product in new_products
        ],
        batch_size=BATCH_SIZE,
    )
    recategorised = _categories_set(
        new={product.pk: row.category_id for row, product in new_products},
        existing=wanted_category,
    )

    _stock_saved_send(new_stock_levels)

    updated = {p.pk for p in changed_products}
    updated |= {sr.product_id for sr in changed_stock}
    updated |= recategorised
    # The bulk writes sent no signals: name what changed to the search index, as one batch.
    from search.indexing import schedule

    schedule(products=updated | {p.pk for _row, p in new_products})
    return ImportResult(
        rows=len(rows),
        created=len(new_products),
        updated=len(updated),
        unchanged=len(wanted_category) - len(updated),
    )


def _stock_saved_send(stockrecords: list) -> None:
    """Send the ``post_save`` that ``StockRecord.save()`` would have sent, for the stock
    records a receiver has work for: Oscar's stock alerts (a low-stock threshold set, or an
    alert open) and its back-in-stock emails (a buyer waiting for the product). Sending it
    for every row costs seconds per thousand rows for nothing."""
    waiting: set[int] = set()
    open_alerts: set[int] = set()
    for chunk in _chunks(stockrecords):
        waiting.update(
            ProductAlert.objects.filter(
                status=ProductAlert.ACTIVE, product_id__in=[sr.product_id for sr in chunk]
            ).values_list("product_id", flat=True)
        )
        open_alerts.update(
            StockAlert.objects.filter(
                status=StockAlert.OPEN, stockrecord_id__in=[sr.pk for sr in chunk]
            ).values_list("stockrecord_id", flat=True)
        )
    for stockrecord in stockrecords:
        if (
            stockrecord.product_id in waiting
            or stockrecord.pk in open_alerts
            or stockrecord.low_stock_threshold is not None
        ):
            post_save.send(
                sender=StockRecord,
                instance=stockrecord,
                created=False,
                update_fields=None,
                raw=False,
                using=connection.alias,
            )


def _products_create(products: list) -> None:
    if connection.features.can_return_rows_from_bulk_insert:
        Product.objects.bulk_create(products, batch_size=BATCH_SIZE)
    else:
        for product in products:  # a database that cannot say which keys it gave
            product.save()


def _categories_set(*, new: dict[int, int], existing: dict[int, int]) -> set[int]:
    """Each product in exactly its one category (product pk → category pk); returns the
    existing products whose category changed."""
    links = [ProductCategory(product_id=pk, category_id=cat) for pk, cat in new.items()]
    stale: list[int] = []
    changed: set[int] = set()
    kept: set[int] = set()
    for chunk in _chunks(list(existing)):
        for pk, product_id, category_id in ProductCategory.objects.filter(
            product_id__in=chunk
        ).values_list("pk", "product_id", "category_id"):
            if category_id == existing[product_id]:
                kept.add(product_id)
            else:
                stale.append(pk)
                changed.add(product_id)
    for product_id, category_id in existing.items():
        if product_id not in kept:
            links.append(ProductCategory(product_id=product_id, category_id=category_id))
            changed.add(product_id)
    for chunk in _chunks(stale):
        ProductCategory.objects.filter(pk__in=chunk).delete()
    ProductCategory.objects.bulk_create(links, batch_size=BATCH_SIZE)
    if (links or stale) and use_productcategory_materialised_view():
        with connection.cursor() as cursor:
            cursor.execute(
                "REFRESH MATERIALIZED VIEW CONCURRENTLY catalogue_product_category_hierarchy;"
            )
    return changed


def _chunks(items: list, size: int = BATCH_SIZE) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _changes_apply(obj, wanted: dict[str, Any]) -> list[str]:
    """Set the fields that differ; return their names."""
    changed = []
    for name, value in wanted.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed.append(name)
    return changed
