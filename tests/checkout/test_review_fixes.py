"""What a second reading of the buying code found, each shown fixed: staff's status changes
in Oscar's dashboard take the services' path, a cash order never collected can be
cancelled, lines follow their order, a seller cannot post a step the page did not offer,
and a transfer with a receipt waits for the seller instead of being auto-cancelled."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model

from checkout.services import checkout_place, unpaid_cancel
from order import statuses
from order.services import order_status_change
from payments.services import MAX_RECEIPTS, receipt_upload
from shipping.methods import Fulfilment
from tests.dashboard.factories import jpeg_bytes

from .factories import basket_fill, buyer_at, choices_for, hall_villages, shop_create

Order = get_model("order", "Order")
StockRecord = get_model("partner", "StockRecord")

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop():
    seller, (kain,) = shop_create(
        name="Batik Gajah Oling", village=hall_villages()[0], products=[("Kain", 250000, 5)]
    )
    return seller, kain


def _order(seller, product, method="qris", fulfilment=Fulfilment.PICKUP_HALL, quantity=2):
    checkout = checkout_place(
        basket=basket_fill(items=[(product, quantity)]),
        buyer=buyer_at(),
        choices=choices_for([(seller, fulfilment, method)]),
    )
    return checkout.orders.get()


def _allocated(product) -> int:
    return StockRecord.objects.get(product=product).num_allocated or 0


@pytest.fixture
def staff_client(client):
    staff = get_user_model().objects.create_superuser(
        username="staf", email="staf@dinas.test", password="staf-123"
    )
    client.force_login(staff)
    return client


def test_staff_cancelling_in_oscars_dashboard_returns_the_stock(staff_client, shop):
    seller, kain = shop
    order = _order(seller, kain)
    url = reverse("dashboard:order-detail", kwargs={"number": order.number})
    staff_client.post(
        url, {"order_action": "change_order_status", "new_status": statuses.CANCELLED}
    )
    order.refresh_from_db()
    assert order.status == statuses.CANCELLED
    assert _allocated(kain) == 0
    assert set(order.lines.values_list("status", flat=True)) == {"Dibatalkan"}


def test_staff_marking_paid_records_the_payment_and_the_bulk_action_too(staff_client, shop):
    seller, kain = shop
    one, two = _order(seller, kain, quantity=1), _order(seller, kain, quantity=1)
    url = reverse("dashboard:order-detail", kwargs={"number": one.number})
    staff_client.post(url, {"order_action": "change_order_status", "new_status": statuses.PAID})
    one.refresh_from_db()
    assert one.status == statuses.PAID and one.paid_at and one.sources.count() == 1

    staff_client.post(
        reverse("dashboard:order-list"),
        {
            "action": "change_order_statuses",
            "selected_order": [two.pk],
            "new_status": statuses.CANCELLED,
        },
    )
    two.refresh_from_db()
    assert two.status == statuses.CANCELLED
    assert _allocated(kain) == 1  # one's unit is still held, two's came back


def test_a_cash_order_never_collected_is_cancelled_not_completed(shop):
    seller, kain = shop
    order = _order(seller, kain, method="cash")
    for status in (statuses.PREPARING, statuses.READY_FOR_PICKUP):
        order = order_status_change(order=order, new_status=status, by=seller.user, role="seller")
    order = order_status_change(
        order=order,
        new_status=statuses.CANCELLED,
        by=seller.user,
        role="seller",
        note="Tidak diambil.",
    )
    assert order.status == statuses.CANCELLED and order.paid_at is None
    record = StockRecord.objects.get(product=kain)
    assert (record.num_in_stock, record.num_allocated) == (5, 0)


def test_a_seller_cannot_post_a_step_the_page_did_not_offer(client, shop):
    seller, kain = shop
    order = _order(seller, kain, method="cash")
    client.force_login(seller.user)
    url = reverse("dashboard:order-detail", kwargs={"number": order.number})
    client.post(url, {"order_action": "seller_step", "new_status": statuses.PAID})
    client.post(
        url,
        {
            "line_action": "change_line_statuses",
            "selected_line": [order.lines.get().pk],
            f"selected_line_qty_{order.lines.get().pk}": "2",
            "new_status": "Dibatalkan",
        },
    )
    order.refresh_from_db()
    assert order.status == statuses.AWAITING_PAYMENT and order.paid_at is None
    assert order.lines.get().status == "Baru"
    assert _allocated(kain) == 2


def test_a_transfer_with_a_receipt_waits_for_the_seller(shop):
    seller, kain = shop
    order = _order(seller, kain, method="transfer")
    receipt_upload(order=order, upload=SimpleUploadedFile("bukti.jpg", jpeg_bytes(), "image/jpeg"))
    assert unpaid_cancel(now=timezone.now() + dt.timedelta(hours=30)) == 0
    order.refresh_from_db()
    assert order.status == statuses.AWAITING_PAYMENT and _allocated(kain) == 2


def test_receipts_per_order_are_limited(shop):
    from order.services import OrderRefused

    seller, kain = shop
    order = _order(seller, kain, method="transfer")
    for _n in range(MAX_RECEIPTS):
        receipt_upload(order=order, upload=SimpleUploadedFile("b.jpg", jpeg_bytes(), "image/jpeg"))
    with pytest.raises(OrderRefused):
        receipt_upload(order=order, upload=SimpleUploadedFile("b.jpg", jpeg_bytes(), "image/jpeg"))
    assert order.transfer_receipts.count() == MAX_RECEIPTS
