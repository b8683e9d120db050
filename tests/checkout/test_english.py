"""The buying flow read in English: basket, checkout and the checkout's page say it in
English (locale/en), and a checkout placed by a buyer reading English mails the buyer in
English while the sellers keep hearing Indonesian."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from checkout.models import Checkout
from checkout.services import checkout_place
from order import statuses
from shipping.methods import Fulfilment

from .factories import basket_fill, buyer_at, choices_for

pytestmark = pytest.mark.django_db


def _english(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302


def _add(client, product, quantity=1):
    response = client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": quantity})
    assert response.status_code == 302


def _reads(text: str, *, present: tuple[str, ...], absent: tuple[str, ...]) -> None:
    missing = [words for words in present if words not in text]
    left = [words for words in absent if words in text]
    assert not missing, f"missing: {missing}"
    assert not left, f"should not be there: {left}"


def _place_form(found, kopi, batik, basket_id: str) -> dict:
    return {
        "action": "place",
        "basket_id": basket_id,
        "recipient": "Sari Wulandari",
        "email": "sari@pembeli.test",
        "whatsapp": "0812-9876-5432",
        "street": "Jl. Melati No. 5",
        "rt": "2",
        "rw": "1",
        "village": str(found[2].pk),
        f"ship_{kopi.pk}": "pickup-hall",
        f"pay_{kopi.pk}": "qris",
        f"ship_{batik.pk}": "courier",
        f"pay_{batik.pk}": "transfer",
    }


def test_the_basket_and_the_checkout_read_in_english(client, shops):
    found, kopi, batik, robusta, kain = shops
    _english(client)
    _add(client, robusta, 2)
    _add(client, kain)

    basket = client.get(reverse("basket:summary"))
    assert basket.status_code == 200
    html = basket.content.decode()
    assert '<html lang="en"' in html
    _reads(
        html,
        present=("Proceed to checkout", "This shop's subtotal", "Kopi Lereng Ijen"),
        absent=("Lanjut ke checkout", "Subtotal toko ini", "Keranjang"),
    )

    page = client.get(reverse("checkout:index"))
    assert page.status_code == 200
    _reads(
        page.content.decode(),
        present=(
            "Place order",
            "Pick up at the village hall",
            "Local courier",
            "Calculate shipping",
            "Delivery address",
            "Regency/city",
            "Village",
            "village hall:",
        ),
        absent=(
            "Buat pesanan",
            "Ambil di balai desa",
            "Kurir lokal",
            "Hitung ongkos kirim",
            "Alamat pengiriman",
            "Kabupaten/kota",
            "Desa/kelurahan",
            "Pembayaran",
            "Pengiriman",
        ),
    )


def test_a_checkout_placed_in_english_reads_and_mails_in_english(
    client, shops, django_capture_on_commit_callbacks, mailoutbox
):
    found, kopi, batik, robusta, kain = shops
    _english(client)
    _add(client, robusta, 2)
    _add(client, kain)
    body = client.get(reverse("checkout:index")).content.decode()
    basket_id = re.search(r'name="basket_id" value="(\d+)"', body).group(1)

    with django_capture_on_commit_callbacks(execute=True):
        placed = client.post(reverse("checkout:index"), _place_form(found, kopi, batik, basket_id))
    assert placed.status_code == 302, placed.content.decode()[:3000]
    checkout = Checkout.objects.get()
    assert checkout.language == "en"
    assert placed["Location"] == checkout.get_absolute_url()

    page = client.get(checkout.get_absolute_url())
    assert page.status_code == 200
    _reads(
        page.content.decode(),
        present=(
            f"Order {checkout.reference}",
            "Awaiting payment",
            "Pick up at the village hall",
            "Local courier",
            "Pick up at",
            "Pay before",
            "Transfer exactly",
            "Chat with the seller on WhatsApp",
            "Deliver to",
        ),
        absent=(
            "Menunggu pembayaran",
            "Ambil di balai desa",
            "Kurir lokal",
            "Bayar sebelum",
            "Transfer tepat",
            "Terima kasih",
            "Chat penjual",
            "Dikirim ke",
        ),
    )

    buyer_mail = [m for m in mailoutbox if m.to == ["sari@pembeli.test"]]
    assert len(buyer_mail) == 1
    message = buyer_mail[0]
    assert message.subject.startswith(f"Order {checkout.reference} received")
    html = message.alternatives[0][0]
    for text in (message.body, html):
        _reads(
            text,
            present=(
                "Hello Sari Wulandari,",
                f"Your order has been recorded under number {checkout.reference}",
                "Order number",
                "Pick up at the village hall",
                "Shipping cost: Rp",
                "Bank transfer",
                "open the link below for a QR code with the exact amount",
                "Pay before",
                "View and track your order",
                "The Kampung Mall team",
            ),
            absent=(
                "Halo",
                "Terima kasih",
                "Nomor pesanan",
                "Ambil di balai desa",
                "Ongkos kirim",
                "Bayar sebelum",
                "Salam",
                "Tim Kampung Mall",
            ),
        )
    assert "Seller's WhatsApp" in message.body

    # The sellers read their dashboard in Indonesian: their emails stay Indonesian.
    seller_mail = [m for m in mailoutbox if m.to != ["sari@pembeli.test"]]
    assert sorted(m.to[0] for m in seller_mail) == sorted([kopi.user.email, batik.user.email])
    for sent in seller_mail:
        assert sent.subject.startswith("Pesanan baru ")
        assert "Sari Wulandari memesan dari toko Anda" in sent.body


def test_the_checkout_page_follows_the_readers_language(shops, client):
    found, kopi, batik, robusta, kain = shops
    checkout = checkout_place(
        basket=basket_fill(items=[(robusta, 1), (kain, 1)]),
        buyer=buyer_at(),
        choices=choices_for(
            [
                (kopi, Fulfilment.PICKUP_SELLER, "transfer"),
                (batik, Fulfilment.PICKUP_HALL, "cash"),
            ]
        ),
        language="en",
    )
    assert set(checkout.orders.values_list("status", flat=True)) == {statuses.AWAITING_PAYMENT}

    _english(client)
    _reads(
        client.get(checkout.get_absolute_url()).content.decode(),
        present=(
            "Awaiting payment",
            "Transfer exactly",
            "Pay in cash when you pick up the order.",
            "Each shop handles its own order and takes its own payment.",
        ),
        absent=("Menunggu pembayaran", "Transfer tepat", "Bayar tunai saat mengambil"),
    )

    from django.test import Client

    _reads(
        Client().get(checkout.get_absolute_url()).content.decode(),
        present=("Menunggu pembayaran", "Transfer tepat", "Bayar tunai saat mengambil"),
        absent=("Awaiting payment", "Transfer exactly", "Pay in cash when you pick up"),
    )
