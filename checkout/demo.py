"""Demo buying: sellers with QRIS, bank accounts and shipping set up, and the demo buyer's
checkouts in every state across several sellers. Safe to run again: settings are
updated in place and the checkouts are made only when the buyer has none."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.test.utils import override_settings
from lokal import qris_crc
from oscar.core.loading import get_class, get_model

from order import statuses
from order.services import order_status_change
from payments.models import SellerPayment
from payments.services import payment_confirm
from shipping.methods import Fulfilment
from shipping.models import SellerShipping

from .services import Buyer, Choice, checkout_place

Basket = get_model("basket", "Basket")
Checkout = get_model("checkout", "Checkout")
Product = get_model("catalogue", "Product")
Selector = get_class("partner.strategy", "Selector")

BANKS = ("BRI", "BNI", "Bank Jatim", "BSI", "Mandiri")


def _tlv(tag: str, value: str) -> str:
    return f"{tag}{len(value):02d}{value}"


def static_qris(*, merchant: str, city: str, nmid: str) -> str:
    """A static merchant QRIS as a bank prints it (the demo's are made up, valid CRC)."""
    body = (
        _tlv("00", "01")
        + _tlv("01", "11")
        + _tlv("26", _tlv("00", "ID.CO.BANKJATIM.WWW") + _tlv("01", "93600114" + nmid[-10:]))
        + _tlv("51", _tlv("00", "ID.CO.QRIS.WWW") + _tlv("02", nmid) + _tlv("03", "UMI"))
        + _tlv("52", "5499")
        + _tlv("53", "360")
        + _tlv("58", "ID")
        + _tlv("59", merchant[:25])
        + _tlv("60", city[:15])
        + "6304"
    )
    return body + qris_crc(body)


@transaction.atomic
def seller_settings_ensure(*, sellers) -> int:
    """QRIS and a bank account for every demo seller but the last (cash only), and their
    shipping (the last seller delivers by courier only)."""
    for index, seller in enumerate(sellers):
        merchant = seller.name.upper()
        cash_only = index == len(sellers) - 1 and len(sellers) > 2
        SellerPayment.objects.update_or_create(
            seller=seller,
            defaults={
                "qris_payload": ""
                if cash_only
                else static_qris(
                    merchant=merchant, city="BANYUWANGI", nmid=f"ID10251{seller.pk:08d}"
                ),
                "qris_merchant": "" if cash_only else merchant[:25],
                "bank_name": "" if cash_only else BANKS[index % len(BANKS)],
                "bank_account": "" if cash_only else f"00{3510 + index}{seller.pk:06d}",
                "bank_holder": "" if cash_only else seller.name,
                "cash_on_pickup": True,
                "cash_on_delivery": index % 2 == 0,
            },
        )
        SellerShipping.objects.update_or_create(
            seller=seller,
            defaults={
                "pickup_at_seller": True,
                "pickup_address": f"Rumah produksi {seller.name}, {seller.village}",
                "pickup_hours": "Setiap hari 08.00–17.00",
                "pickup_at_hall": True,
                "courier": True,
            },
        )
    return len(sellers)


def _basket(user, products):
    basket = Basket.objects.create(owner=user)
    basket.strategy = Selector().strategy(user=user)
    for product in products:
        basket.add_product(product, 1)
    return Basket.objects.get(pk=basket.pk)


#: (per seller: fulfilment, payment), then the steps each order takes afterwards.
PLAN = [
    ([(Fulfilment.COURIER, "qris"), (Fulfilment.PICKUP_HALL, "qris")], []),
    ([(Fulfilment.COURIER, "transfer")], ["paid"]),
    (
        [(Fulfilment.PICKUP_HALL, "cash"), (Fulfilment.PICKUP_SELLER, "cash")],
        [statuses.PREPARING, statuses.READY_FOR_PICKUP],
    ),
    ([(Fulfilment.COURIER, "qris")], ["paid", statuses.PREPARING, statuses.SHIPPED]),
    (
        [(Fulfilment.PICKUP_HALL, "transfer"), (Fulfilment.COURIER, "qris")],
        ["paid", statuses.PREPARING, "ship-or-ready", statuses.COMPLETED],
    ),
    ([(Fulfilment.PICKUP_HALL, "qris")], ["buyer-cancel"]),
]


def checkouts_ensure(*, buyer_user, buyer_village, sellers) -> int:
    """The demo buyer's checkouts in every state; none made if the buyer has any."""
    if Checkout.objects.filter(user=buyer_user).exists():
        return 0
    with_qris = [s for s in sellers if s.payment.has_qris]
    buyer = Buyer(
        email=buyer_user.email,
        whatsapp="+6281233445566",
        recipient=buyer_user.get_full_name() or "Siti Rahmawati",
        street="Jl. Kenanga No. 7, Dusun Krajan",
        rt="002",
        rw="004",
        village=buyer_village,
        postcode=buyer_village.postal_code,
    )
    made = 0
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        for number, (groups, steps) in enumerate(PLAN):
            chosen = [with_qris[(number + i) % len(with_qris)] for i in range(len(groups))]
            products = []
            choices = {}
            for seller, (fulfilment, method) in zip(chosen, groups, strict=True):
                product = (
                    Product.objects.filter(
                        stockrecords__partner=seller.partner, stockrecords__num_in_stock__gte=3
                    )
                    .order_by("pk")
                    .first()
                )
                if product is None:
                    continue
                products.append(product)
                choices[str(seller.pk)] = Choice(fulfilment=fulfilment, payment_method=method)
            if not products:
                continue
            checkout = checkout_place(
                basket=_basket(buyer_user, products), buyer=buyer, choices=choices, user=buyer_user
            )
            made += 1
            placed: list[Any] = list(checkout.orders.order_by("pk"))
            for order in placed:
                seller_user = order.seller.user
                for step in steps:
                    if step == "paid":
                        if order.payment_method != "cash":
                            order = payment_confirm(order=order, by=seller_user)
                    elif step == "buyer-cancel":
                        order = order_status_change(
                            order=order,
                            new_status=statuses.CANCELLED,
                            by=buyer_user,
                            role="buyer",
                            note="Salah pilih ukuran.",
                        )
                    else:
                        status = step
                        if step == "ship-or-ready":
                            status = (
                                statuses.READY_FOR_PICKUP if order.is_pickup else statuses.SHIPPED
                            )
                        if status == statuses.READY_FOR_PICKUP and not order.is_pickup:
                            status = statuses.SHIPPED
                        order = order_status_change(
                            order=order, new_status=status, by=seller_user, role="seller"
                        )
    return made
