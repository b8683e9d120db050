"""Buying test data: shops in real villages with payment and shipping set up, baskets
holding several shops' goods, and the buyer's details."""

from __future__ import annotations

from decimal import Decimal

from oscar.core.loading import get_class, get_model
from oscar.test.factories import create_product

from checkout.services import Buyer, Choice
from payments.models import SellerPayment
from registry.models import Village
from shipping.models import SellerShipping
from tests.payments.test_qris import static_qris
from tests.registry.factories import villages
from tests.sellers.factories import seller_create

Basket = get_model("basket", "Basket")
Selector = get_class("partner.strategy", "Selector")


def hall_villages() -> list[Village]:
    """Pesanggaran's villages, each with its village hall."""
    found = villages()
    for village in found:
        village.hall_address = f"Jl. Raya {village.name} No. 1"
        village.hall_hours = "Senin–Jumat 08.00–15.00"
        village.save()
    return found


def shop_create(
    *,
    name: str,
    village: Village,
    products: list[tuple[str, int, int]],
    qris: bool = True,
    bank: bool = True,
    weight_grams: int = 250,
):
    """A seller with products (title, price, stock), QRIS and a bank account."""
    seller = seller_create(name=name, village=village)
    SellerPayment.objects.update_or_create(
        seller=seller,
        defaults={
            "qris_payload": static_qris(name=name.upper()[:25]) if qris else "",
            "qris_merchant": name.upper()[:25] if qris else "",
            "bank_name": "BRI" if bank else "",
            "bank_account": "0123456789" if bank else "",
            "bank_holder": name if bank else "",
            "cash_on_pickup": True,
            "cash_on_delivery": True,
        },
    )
    SellerShipping.objects.get_or_create(seller=seller)
    made = []
    for title, price, stock in products:
        product = create_product(
            title=title,
            product_class="Produk UMKM",
            partner_name=name,
            price=Decimal(price),
            num_in_stock=stock,
        )
        product.weight_grams = weight_grams
        product.save()
        made.append(product)
    return seller, made


def basket_fill(*, items: list[tuple[object, int]], owner=None):
    """An open basket with ``quantity`` of each product (at its only stock record)."""
    basket = Basket.objects.create(owner=owner)
    basket.strategy = Selector().strategy(user=owner)
    for product, quantity in items:
        basket.add_product(product, quantity)
    return Basket.objects.get(pk=basket.pk)


def buyer_at(village: Village | None = None, **fields) -> Buyer:
    values = {
        "email": "sari@pembeli.test",
        "whatsapp": "+6281298765432",
        "recipient": "Sari Wulandari",
        "street": "Jl. Melati No. 5" if village else "",
        "rt": "002" if village else "",
        "rw": "001" if village else "",
        "village": village,
        "postcode": village.postal_code if village else "",
    }
    values.update(fields)
    return Buyer(**values)


def choices_for(sellers_and_choices) -> dict[str, Choice]:
    return {
        str(seller.pk): Choice(fulfilment=fulfilment, payment_method=method)
        for seller, fulfilment, method in sellers_and_choices
    }
