"""Test data for the seller dashboard: shops with products, photos and stock alerts, and real
Oscar orders placed through a basket (one shop's lines, or both shops' in one order)."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from oscar.core.loading import get_model
from oscar.test.factories import ShippingAddressFactory, create_basket, create_order
from PIL import Image

from registry.services import country_indonesia_ensure
from sellers.models import Seller
from tests.catalogue.factories import product_for_sale

Line = get_model("order", "Line")
Order = get_model("order", "Order")
OrderNote = get_model("order", "OrderNote")
ProductImage = get_model("catalogue", "ProductImage")
ShippingEvent = get_model("order", "ShippingEvent")
ShippingEventType = get_model("order", "ShippingEventType")
Source = get_model("payment", "Source")
SourceType = get_model("payment", "SourceType")
StockAlert = get_model("partner", "StockAlert")
Transaction = get_model("payment", "Transaction")


def jpeg_bytes(size=(60, 40), colour="green") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "JPEG")
    return out.getvalue()


def product_image_add(product, *, name: str = "foto.jpg"):
    image = ProductImage(product=product, display_order=product.images.count())
    image.original.save(name, ContentFile(jpeg_bytes()), save=False)
    image.save()
    return image


def buyer_create(*, first_name: str, last_name: str, email: str):
    return get_user_model().objects.create_user(
        username=email.split("@")[0],
        email=email,
        password="pembeli-123",
        first_name=first_name,
        last_name=last_name,
    )


def order_place(*, items, buyer, phone: str, street: str, number: str | None = None):
    """A real Oscar order of ``items`` ((product, quantity), ...) for ``buyer``, shipped to
    the buyer's name at ``street``."""
    basket = create_basket(empty=True)
    basket.owner = buyer
    basket.save()
    for product, quantity in items:
        basket.add_product(product, quantity)
    address = ShippingAddressFactory(
        first_name=buyer.first_name,
        last_name=buyer.last_name,
        line1=street,
        line2="",
        line4="Banyuwangi",
        postcode="68411",
        phone_number=phone,
        country=country_indonesia_ensure(),
    )
    return create_order(number=number, basket=basket, user=buyer, shipping_address=address)


def order_paid(order, *, reference: str):
    """Record a bank transfer for the whole order, as the payment step does."""
    source_type, _ = SourceType.objects.get_or_create(name="Transfer bank", code="transfer")
    source = Source.objects.create(
        order=order,
        source_type=source_type,
        amount_allocated=order.total_incl_tax,
        amount_debited=order.total_incl_tax,
        reference=reference,
    )
    Transaction.objects.create(
        source=source, txn_type="Debit", amount=order.total_incl_tax, reference=reference
    )
    return source


@dataclass
class Shop:
    """One seller and everything of theirs the tests look for."""

    seller: object
    products: list = field(default_factory=list)
    images: list = field(default_factory=list)
    alerts: list = field(default_factory=list)
    orders: list = field(default_factory=list)
    buyers: list = field(default_factory=list)

    @property
    def user(self):
        return self.seller.user

    @property
    def partner(self):
        return self.seller.partner

    @property
    def stockrecords(self):
        return [p.stockrecords.get(partner=self.partner) for p in self.products]

    def lines(self, order=None):
        lines = Line.objects.filter(partner=self.partner).order_by("pk")
        return list(lines.filter(order=order) if order is not None else lines)


def shop_create(*, name: str, email: str, products: list[tuple[str, str, int]]) -> Shop:
    """A seller with ``products`` ((title, sku, price), ...), each with a photo and stock."""
    shop = None
    for title, sku, price in products:
        product = product_for_sale(title=title, shop=name, price=price, stock=50, category="Kopi")
        stockrecord = product.stockrecords.get()
        stockrecord.partner_sku = sku
        stockrecord.low_stock_threshold = 5
        stockrecord.save()
        if shop is None:
            seller = Seller.objects.get(partner=stockrecord.partner)
            seller.user.email = email
            seller.user.save()
            shop = Shop(seller=seller)
        shop.products.append(product)
        shop.images.append(product_image_add(product))
        shop.alerts.append(StockAlert.objects.create(stockrecord=stockrecord, threshold=5))
    return shop


def shipping_event_add(order, lines, *, name: str = "Dikirim"):
    event_type, _ = ShippingEventType.objects.get_or_create(name=name, code=name.lower())
    event = ShippingEvent.objects.create(order=order, event_type=event_type, notes="resi")
    for line in lines:
        event.line_quantities.create(line=line, quantity=line.quantity)
    return event


def order_completed(*, buyer, products, phone: str = "+6281211110001"):
    """A completed order ("Selesai") of one of each of ``products`` (one shop's) for
    ``buyer``: what lets the buyer review them."""
    from django.utils import timezone

    order = order_place(items=[(p, 1) for p in products], buyer=buyer, phone=phone, street="Jl. A")
    order.seller = products[0].stockrecords.get().partner.seller
    order.status = "Selesai"
    order.completed_at = timezone.now()
    order.save()
    return order
