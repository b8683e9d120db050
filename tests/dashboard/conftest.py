"""Two shops, A and B, with products, photos, stock alerts and real orders: one of A's, one
of B's, and one mixed order with a line of each."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from oscar.core.loading import get_model

from catalogue.reviews.models import ProductReview, SellerReview
from checkout.models import Checkout
from order import statuses
from payments.models import TransferReceipt
from tests.sellers.factories import document_create

from .factories import (
    Shop,
    buyer_create,
    jpeg_bytes,
    order_paid,
    order_place,
    shipping_event_add,
    shop_create,
)

Line = get_model("order", "Line")
Order = get_model("order", "Order")
OrderNote = get_model("order", "OrderNote")
PaymentEventType = get_model("order", "PaymentEventType")
StockRecord = get_model("partner", "StockRecord")


@dataclass
class World:
    a: Shop
    b: Shop
    a_order: object
    b_order: object
    mixed: object
    shared_product: object
    staff: object

    def b_markers(self) -> list[str]:
        """Text of B's that seller A must never be shown (the mixed order's recipient is A's
        to see; their email, and the mixed order's whole total, are not)."""
        return [
            "Keripik Bening Pedas",
            "Madu Bening Hutan",
            "BENING-777",
            "BENING-778",
            "77.777",
            "77777",
            "66.666",
            "66666",
            "88.888",
            "88888",
            "Toko Bening Sari",
            "bening-sari@penjual.test",
            "Wulan",
            "Kinasih",
            "wulan@pembeli.test",
            "81299990001",
            "Jalan Melati Rahasia",
            "dewi@pembeli.test",
            "B-7702",
            "TRF-",
            "Catatan staf",
            "Kopi Bersama Dua Toko",
        ]


@pytest.fixture
def world(db) -> World:
    a = shop_create(
        name="Toko Arum Manis",
        email="arum-manis@penjual.test",
        products=[
            ("Kopi Arabika Arum 200 g", "ARUM-001", 11111),
            ("Gula Aren Arum", "ARUM-002", 12345),
        ],
    )
    b = shop_create(
        name="Toko Bening Sari",
        email="bening-sari@penjual.test",
        products=[
            ("Keripik Bening Pedas", "BENING-777", 77777),
            ("Madu Bening Hutan", "BENING-778", 66666),
        ],
    )
    document_create(seller=b.seller)

    # A product both shops stock: neither may rename or delete it, only staff.
    shared = a.products[0].__class__.objects.create(
        title="Kopi Bersama Dua Toko", product_class=a.products[0].product_class
    )
    for shop, sku in ((a, "ARUM-900"), (b, "BENING-900")):
        StockRecord.objects.create(
            product=shared, partner=shop.partner, partner_sku=sku, price=50000, num_in_stock=5
        )

    rahmat = buyer_create(first_name="Rahmat", last_name="Hidayat", email="rahmat@pembeli.test")
    wulan = buyer_create(first_name="Wulan", last_name="Kinasih", email="wulan@pembeli.test")
    dewi = buyer_create(first_name="Dewi", last_name="Lestari", email="dewi@pembeli.test")
    a_order = order_place(
        items=[(a.products[1], 2)],
        buyer=rahmat,
        phone="+6281211110001",
        street="Jalan Kenanga 3",
        number="A-5501",
    )
    b_order = order_place(
        items=[(b.products[0], 1), (b.products[1], 1)],
        buyer=wulan,
        phone="+6281299990001",
        street="Jalan Melati Rahasia 7",
        number="B-7702",
    )
    mixed = order_place(
        items=[(a.products[0], 1), (b.products[0], 1)],
        buyer=dewi,
        phone="+6281255550001",
        street="Jalan Cempaka 9",
        number="M-9903",
    )
    for order in (a_order, b_order, mixed):
        order_paid(order, reference=f"TRF-{order.number}")
    # A's and B's own orders are placed as checkout places them now: one seller's order under
    # a checkout, awaiting the transfer, so their pages offer the seller's steps.
    for shop, order, whatsapp in ((a, a_order, "+6281211110001"), (b, b_order, "+6281299990001")):
        checkout = Checkout.objects.create(
            reference=f"KM-0000-{order.number}",
            email=order.user.email,
            whatsapp=whatsapp,
            recipient=order.shipping_address.first_name,
            total=int(order.total_incl_tax),
            token=secrets.token_urlsafe(32),
        )
        Order.objects.filter(pk=order.pk).update(
            checkout=checkout,
            seller=shop.seller,
            payment_method="transfer",
            status=statuses.AWAITING_PAYMENT,
        )
        order.refresh_from_db()
        receipt = TransferReceipt(order=order)
        receipt.image.save("bukti.jpg", ContentFile(jpeg_bytes()), save=True)
    a.orders, b.orders = [a_order, mixed], [b_order, mixed]
    a.buyers, b.buyers = [rahmat, dewi], [wulan, dewi]

    staff = get_user_model().objects.create_superuser(
        username="staf", email="staf@dinas.test", password="staf-123"
    )
    for order in (b_order, mixed):
        OrderNote.objects.create(order=order, user=staff, message=f"Catatan staf {order.number}")
    shipping_event_add(mixed, b.lines(mixed))
    # Each shop has a review of itself and of a product from its own order.
    for shop, order in ((a, a_order), (b, b_order)):
        line = order.lines.first()
        SellerReview.objects.create(
            seller=shop.seller, user=order.user, order=order, score=4, body="Ramah"
        )
        ProductReview.objects.create(
            product=line.product, user=order.user, order=order, score=5, body="Enak", status=1
        )
    PaymentEventType.objects.get_or_create(name="Dibayar", code="paid")

    return World(
        a=a, b=b, a_order=a_order, b_order=b_order, mixed=mixed, shared_product=shared, staff=staff
    )


@pytest.fixture
def seller_client(client, world):
    """The test client signed in as seller A."""
    client.force_login(world.a.user)
    return client


@pytest.fixture
def status_pipelines(monkeypatch):
    """The project's line and order statuses (settings), as the models read them when they
    were defined: new lines and orders are "Baru" and may move to "Diproses"."""
    monkeypatch.setattr(Line, "pipeline", settings.OSCAR_LINE_STATUS_PIPELINE)
    monkeypatch.setattr(Order, "pipeline", settings.OSCAR_ORDER_STATUS_PIPELINE)
