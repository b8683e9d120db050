"""Catalogue test data, on top of Oscar's own factories."""

from __future__ import annotations

from decimal import Decimal

from oscar.apps.catalogue.categories import create_from_breadcrumbs
from oscar.core.loading import get_model
from oscar.test.factories import create_product

from tests.sellers.factories import seller_create

ProductCategory = get_model("catalogue", "ProductCategory")


def product_for_sale(
    *,
    title: str = "Kopi Robusta Lereng Ijen 250 g",
    category: str = "Kopi",
    shop: str = "Kopi Lereng Ijen",
    price: int = 45000,
    stock: int = 20,
    upc: str | None = None,
):
    """A public product in a category, sold by a shop (an approved seller) at a Rupiah price."""
    product = create_product(
        title=title,
        upc=upc,
        product_class="Produk UMKM",
        partner_name=shop,
        price=Decimal(price),
        num_in_stock=stock,
    )
    ProductCategory.objects.create(product=product, category=create_from_breadcrumbs(category))
    # Only products of an approved, active seller are listed.
    seller_create(partner=product.stockrecords.get().partner)
    return product
