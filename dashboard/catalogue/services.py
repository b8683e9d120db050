"""Writes for a seller's products in the dashboard: one product, its price, stock,
category and photos, always for the seller's own shop."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from dashboard.selectors import products_owned
from sellers.models import Seller

Product = get_model("catalogue", "Product")
ProductCategory = get_model("catalogue", "ProductCategory")
ProductClass = get_model("catalogue", "ProductClass")
ProductImage = get_model("catalogue", "ProductImage")
StockRecord = get_model("partner", "StockRecord")

#: The one product class sellers' goods use: shipped, stock tracked, no attributes.
PRODUCT_CLASS_NAME = "Produk UMKM"
#: Photos one product may have.
MAX_IMAGES = 8


@dataclass(frozen=True)
class ProductInput:
    title: str
    description: str
    category: object
    price: int
    num_in_stock: int
    weight_grams: int
    unit: str
    partner_sku: str = ""
    is_public: bool = True


def product_class_default():
    """The product class of sellers' goods (created on first use)."""
    product_class, _created = ProductClass.objects.get_or_create(
        name=PRODUCT_CLASS_NAME, defaults={"requires_shipping": True, "track_stock": True}
    )
    return product_class


def seller_product_save(
    *,
    seller: Seller,
    data: ProductInput,
    product=None,
    images_add: Sequence[ContentFile] = (),
    images_remove: Sequence = (),
):
    """Create (``product=None``) or update one of the seller's products, with its stock
    record at the seller's shop, its one category and its photos.

    ``images_add`` are photos already checked and cleaned by ``catalogue.images``; they are
    written to storage inside the transaction and removed again if it fails, so a refused
    save leaves no file behind. Removed photos' files are deleted after the commit.

    Raises ``PermissionDenied`` when the shop is suspended or the product is not the
    seller's own, and ``ValidationError`` (by field) when the SKU is already used by another
    of the seller's products, the stock is below what buyers have already ordered, or the
    product would have more than ``MAX_IMAGES`` photos.
    """
    if not seller.is_active:
        raise PermissionDenied(_("Toko Anda ditangguhkan: produk tidak dapat diubah."))
    partner = seller.partner
    stored: list[str] = []
    try:
        with transaction.atomic():
            product = _product_locked(partner=partner, product=product)
            stockrecord = (
                StockRecord.objects.select_for_update()
                .filter(product=product, partner=partner)
                .first()
                if product.pk
                else None
            )
            _check(partner=partner, data=data, product=product, stockrecord=stockrecord)
            removing = [i for i in images_remove if product.pk and i.product_id == product.pk]
            remaining = product.images.count() - len(removing) if product.pk else 0
            if remaining + len(images_add) > MAX_IMAGES:
                raise ValidationError(
                    {
                        NON_FIELD_ERRORS: _("Satu produk paling banyak memiliki %(max)d foto.")
                        % {"max": MAX_IMAGES}
                    }
                )

            product.title = data.title.strip()
            product.description = data.description.strip()
            product.weight_grams = data.weight_grams
            product.unit = data.unit
            product.is_public = data.is_public
            product.save()

            ProductCategory.objects.filter(product=product).exclude(category=data.category).delete()
            ProductCategory.objects.get_or_create(product=product, category=data.category)

            if stockrecord is None:
                stockrecord = StockRecord(product=product, partner=partner, num_allocated=0)
            stockrecord.price = Decimal(data.price)
            stockrecord.price_currency = settings.OSCAR_DEFAULT_CURRENCY
            stockrecord.num_in_stock = data.num_in_stock
            stockrecord.partner_sku = (
                data.partner_sku.strip() or stockrecord.partner_sku or f"KM-{product.pk}"
            )
            stockrecord.save()

            removed_files = [image.original.name for image in removing]
            # A queryset delete: Oscar's ProductImage.delete() renumbers through a product
            # that may hold the deleted photo in its prefetch cache, and saves it again.
            ProductImage.objects.filter(pk__in=[image.pk for image in removing]).delete()
            kept = list(ProductImage.objects.filter(product=product).order_by("display_order"))
            for content in images_add:
                image = ProductImage(product=product)
                image.original.save(content.name, content, save=False)
                stored.append(image.original.name)
                kept.append(image)
            for order, image in enumerate(kept):
                if image.pk is None or image.display_order != order:
                    image.display_order = order
                    image.save()
            transaction.on_commit(lambda: _files_delete(removed_files))
    except BaseException:
        _files_delete(stored)
        raise
    return product


def _product_locked(*, partner, product):
    if product is None:
        return Product(product_class=product_class_default(), structure=Product.STANDALONE)
    owned = products_owned(partner=partner).filter(pk=product.pk)
    locked = Product.objects.select_for_update().filter(pk__in=owned.values("pk")).first()
    if locked is None:
        raise PermissionDenied(_("Produk ini bukan milik toko Anda."))
    return locked


def _check(*, partner, data: ProductInput, product, stockrecord) -> None:
    errors = {}
    sku = data.partner_sku.strip()
    if sku:
        taken = StockRecord.objects.filter(partner=partner, partner_sku=sku)
        if stockrecord is not None:
            taken = taken.exclude(pk=stockrecord.pk)
        if taken.exists():
            errors["partner_sku"] = _("Kode produk ini sudah dipakai produk Anda yang lain.")
    allocated = (stockrecord.num_allocated or 0) if stockrecord is not None else 0
    if data.num_in_stock < allocated:
        errors["num_in_stock"] = _(
            "Stok tidak boleh kurang dari jumlah yang sudah dipesan pembeli (%(n)d)."
        ) % {"n": allocated}
    if errors:
        raise ValidationError(errors)


def _files_delete(names: Sequence[str]) -> None:
    for name in names:
        if name:
            default_storage.delete(name)
