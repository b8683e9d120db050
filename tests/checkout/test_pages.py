"""The buying pages as a buyer and a seller use them: basket to checkout to the checkout's
page with its QR, and the seller's steps in the dashboard."""

from __future__ import annotations

import re

import lokal
import pytest
import zxingcpp
from django.core import mail
from django.urls import reverse
from oscar.core.loading import get_model
from PIL import Image

from checkout.models import Checkout
from order import statuses

Order = get_model("order", "Order")

pytestmark = pytest.mark.django_db


def _add(client, product, quantity=1):
    response = client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": quantity})
    assert response.status_code == 302


def _form(found, kopi, batik, **extra):
    data = {
        "action": "place",
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
    data.update(extra)
    return data


def test_a_guest_buys_from_two_shops_and_pays_by_qris(
    client, shops, django_capture_on_commit_callbacks
):
    found, kopi, batik, robusta, kain = shops
    _add(client, robusta, 2)
    _add(client, kain)

    page = client.get(reverse("checkout:index"))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Kopi Lereng Ijen" in body and "Batik Gajah Oling" in body
    assert "Jl. Raya" in body  # the hall's address, before choosing

    basket_id = re.search(r'name="basket_id" value="(\d+)"', body).group(1)
    data = _form(found, kopi, batik, basket_id=basket_id)
    with django_capture_on_commit_callbacks(execute=True):
        placed = client.post(reverse("checkout:index"), data)
    assert placed.status_code == 302, placed.content.decode()[:3000]
    checkout = Checkout.objects.get()
    assert placed["Location"] == checkout.get_absolute_url()
    assert checkout.whatsapp == "+6281298765432" and checkout.rt == "002"
    assert checkout.orders.count() == 2

    # The same submit again (a second tap): the same checkout.
    again = client.post(reverse("checkout:index"), data)
    assert again.status_code == 302 and again["Location"] == checkout.get_absolute_url()
    assert Checkout.objects.count() == 1

    page = client.get(checkout.get_absolute_url()).content.decode()
    kopi_order = checkout.orders.get(seller=kopi)
    assert kopi_order.number in page and "BRI" in page
    png = client.get(
        reverse("checkout:qris", kwargs={"token": checkout.token, "number": kopi_order.number})
    )
    assert png["Content-Type"] == "image/png"
    import io

    decoded = zxingcpp.read_barcodes(
        Image.open(io.BytesIO(b"".join(png.streaming_content) if png.streaming else png.content))
    )
    payload = decoded[0].text
    info = lokal.parse_qris(payload)
    assert info.valid and info.type == "dynamic"
    assert int(float(info.amount)) == kopi_order.total_rupiah == 45000 * 2
    buyer_mail = [m for m in mail.outbox if m.to == ["sari@pembeli.test"]]
    assert len(buyer_mail) == 1 and checkout.reference in buyer_mail[0].subject
    html = buyer_mail[0].alternatives[0][0]
    assert "wa.me/6281234567890" in html and "example.com" not in html
    assert "Kelompok" not in buyer_mail[0].body
    assert sorted(m.to[0] for m in mail.outbox if m.to != ["sari@pembeli.test"]) == sorted(
        [kopi.user.email, batik.user.email]
    )


def test_a_seller_confirms_the_payment_and_completes_the_order(client, shops):
    found, kopi, batik, robusta, kain = shops
    _add(client, robusta)
    client.post(
        reverse("checkout:index"), _form(found, kopi, batik, **{f"ship_{kopi.pk}": "pickup-hall"})
    )
    order = Order.objects.get(seller=kopi)
    seller_client = client.__class__()
    seller_client.force_login(kopi.user)
    url = reverse("dashboard:order-detail", kwargs={"number": order.number})
    page = seller_client.get(url).content.decode()
    assert "Konfirmasi pembayaran diterima" in page
    for status in (
        statuses.PAID,
        statuses.PREPARING,
        statuses.READY_FOR_PICKUP,
        statuses.COMPLETED,
    ):
        response = seller_client.post(url, {"order_action": "seller_step", "new_status": status})
        assert response.status_code == 302
        order.refresh_from_db()
        assert order.status == status
    # A step the order cannot take now is refused, and nothing changes.
    seller_client.post(url, {"order_action": "seller_step", "new_status": statuses.CANCELLED})
    order.refresh_from_db()
    assert order.status == statuses.COMPLETED


def test_another_seller_cannot_act_on_the_order(client, shops):
    found, kopi, batik, robusta, kain = shops
    _add(client, robusta)
    client.post(reverse("checkout:index"), _form(found, kopi, batik))
    order = Order.objects.get(seller=kopi)
    other = client.__class__()
    other.force_login(batik.user)
    url = reverse("dashboard:order-detail", kwargs={"number": order.number})
    assert other.get(url).status_code == 404
    other.post(url, {"order_action": "seller_step", "new_status": statuses.PAID})
    order.refresh_from_db()
    assert order.status == statuses.AWAITING_PAYMENT


def test_a_guessed_link_finds_nothing(client, shops):
    assert client.get(reverse("checkout:placed", kwargs={"token": "x" * 43})).status_code == 404


def test_the_buyer_cancels_before_paying_and_the_stock_returns(client, shops):
    found, kopi, batik, robusta, kain = shops
    _add(client, robusta, 2)
    client.post(reverse("checkout:index"), _form(found, kopi, batik))
    checkout = Checkout.objects.get()
    order = checkout.orders.get()
    client.post(
        reverse("checkout:cancel", kwargs={"token": checkout.token, "number": order.number})
    )
    order.refresh_from_db()
    assert order.status == statuses.CANCELLED
    assert robusta.stockrecords.get().num_allocated == 0


def test_bad_input_gets_messages_and_places_nothing(client, shops):
    found, kopi, batik, robusta, kain = shops
    _add(client, kain)
    response = client.post(
        reverse("checkout:index"),
        _form(found, kopi, batik, whatsapp="123", street="", rt="abc", postcode="9", village=""),
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Nomor" in body and "RT berupa angka" in body
    assert not Checkout.objects.exists()


@pytest.mark.parametrize(
    "method, fulfilment, steps_before",
    [
        ("qris", "pickup-hall", []),
        ("transfer", "courier", [statuses.PAID]),
        ("qris", "courier", [statuses.PAID, statuses.PREPARING]),
        ("cash", "pickup-hall", []),
        ("cash", "pickup-seller", [statuses.PREPARING]),
        ("cash", "courier", [statuses.PREPARING, statuses.SHIPPED]),
        ("qris", "pickup-hall", [statuses.PAID, statuses.PREPARING, statuses.READY_FOR_PICKUP]),
    ],
)
def test_every_step_a_seller_is_offered_is_taken(client, shops, method, fulfilment, steps_before):
    """The seller's page offers only steps that then succeed, in every state."""
    from django.db import transaction

    from order.services import order_status_change
    from payments.services import payment_confirm

    found, kopi, batik, robusta, kain = shops
    _add(client, robusta)
    client.post(
        reverse("checkout:index"),
        _form(found, kopi, batik, **{f"ship_{kopi.pk}": fulfilment, f"pay_{kopi.pk}": method}),
    )
    order = Order.objects.get(seller=kopi)
    for status in steps_before:
        if status == statuses.PAID:
            payment_confirm(order=order, by=kopi.user)
        else:
            order_status_change(order=order, new_status=status, by=kopi.user, role="seller")
    order.refresh_from_db()
    seller_client = client.__class__()
    seller_client.force_login(kopi.user)
    url = reverse("dashboard:order-detail", kwargs={"number": order.number})
    offered = re.findall(
        r'name="new_status" value="([^"]+)"', seller_client.get(url).content.decode()
    )
    assert offered, f"nothing offered in {order.status}"
    for status in offered:
        with transaction.atomic():
            response = seller_client.post(
                url, {"order_action": "seller_step", "new_status": status}, follow=True
            )
            body = response.content.decode()
            assert "alert-danger" not in body, (order.status, status)
            assert Order.objects.get(pk=order.pk).status == status
            transaction.set_rollback(True)


def test_a_transfer_receipt_reaches_the_seller(client, shops, django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.dashboard.factories import jpeg_bytes

    found, kopi, batik, robusta, kain = shops
    _add(client, robusta)
    client.post(
        reverse("checkout:index"),
        _form(found, kopi, batik, **{f"pay_{kopi.pk}": "transfer"}),
    )
    checkout = Checkout.objects.get()
    order = checkout.orders.get()
    url = reverse("checkout:receipt", kwargs={"token": checkout.token, "number": order.number})
    mail.outbox.clear()

    # Not a photo: refused, nothing kept.
    client.post(url, {"image": SimpleUploadedFile("bukti.pdf", b"%PDF-1.4 not a photo")})
    assert not order.transfer_receipts.exists()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"image": SimpleUploadedFile("bukti.jpg", jpeg_bytes(), "image/jpeg")})
    receipt = order.transfer_receipts.get()
    assert [m.to for m in mail.outbox] == [[kopi.user.email]]
    assert order.number in mail.outbox[0].subject
    assert kopi.user.notifications.filter(subject__contains=order.number).exists()
    seller_client = client.__class__()
    seller_client.force_login(kopi.user)
    opened = seller_client.get(
        reverse(
            "dashboard:order-transfer-receipt",
            kwargs={"number": order.number, "receipt_pk": receipt.pk},
        )
    )
    assert opened.status_code == 200 and opened["Content-Type"].startswith("image/")
    other = client.__class__()
    other.force_login(batik.user)
    assert (
        other.get(
            reverse(
                "dashboard:order-transfer-receipt",
                kwargs={"number": order.number, "receipt_pk": receipt.pk},
            )
        ).status_code
        == 404
    )


def test_a_price_or_fee_the_buyer_did_not_see_is_not_charged(client, shops):
    """The page's signature of prices and fees must still hold when the buyer places: a
    seller's new price, or a village changed without pricing the courier again, sends the
    buyer back to the page with the new figures and nothing placed."""
    found, kopi, batik, robusta, kain = shops
    _add(client, kain)
    body = client.get(reverse("checkout:index")).content.decode()
    signature = re.search(r'name="signature" value="([0-9a-f]+)"', body).group(1)

    # Priced without an address; the buyer then picks a village and places at once.
    data = _form(found, kopi, batik, signature=signature)
    response = client.post(reverse("checkout:index"), data)
    assert response.status_code == 400
    assert "Harga atau ongkos kirim berubah" in response.content.decode()
    assert not Checkout.objects.exists()

    fresh = re.search(r'name="signature" value="([0-9a-f]+)"', response.content.decode()).group(1)
    kain.stockrecords.update(price=260000)
    response = client.post(reverse("checkout:index"), {**data, "signature": fresh})
    assert response.status_code == 400 and not Checkout.objects.exists()

    again = re.search(r'name="signature" value="([0-9a-f]+)"', response.content.decode()).group(1)
    assert client.post(reverse("checkout:index"), {**data, "signature": again}).status_code == 302
    assert Checkout.objects.get().orders.get().total_rupiah == 260000 + 10000


def test_placing_and_receipts_are_limited_per_address(shops, settings):
    """A script placing unpaid orders (which hold stock) or sending receipts is stopped."""
    from django.test import Client

    settings.CHECKOUT_PLACE_RATE = "3/h"
    settings.CHECKOUT_RECEIPT_RATE = "2/h"
    found, kopi, batik, robusta, kain = shops
    client = Client(REMOTE_ADDR="10.9.9.9")
    statuses_seen = []
    for _n in range(4):
        _add(client, robusta)
        response = client.post(reverse("checkout:index"), _form(found, kopi, batik))
        statuses_seen.append(response.status_code)
    assert statuses_seen == [302, 302, 302, 429]
    assert Checkout.objects.count() == 3

    checkout = Checkout.objects.first()
    order = checkout.orders.get()
    url = reverse("checkout:receipt", kwargs={"token": checkout.token, "number": order.number})
    codes = [client.post(url, {}).status_code for _n in range(3)]
    assert codes == [302, 302, 429]
