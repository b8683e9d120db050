"""A seller's orders in the dashboard: only orders with their lines, and of each only their
own lines, subtotal and what is needed to ship them. Seller A and seller B share one mixed
order (M-9903: A's coffee at Rp11.111 and B's crisps at Rp77.777)."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from oscar.core.loading import get_model

Line = get_model("order", "Line")
Order = get_model("order", "Order")
OrderNote = get_model("order", "OrderNote")
PaymentEvent = get_model("order", "PaymentEvent")


def text(response) -> str:
    return response.content.decode()


def detail(order):
    return reverse("dashboard:order-detail", kwargs={"number": order.number})


def test_order_list_shows_own_orders_with_own_totals(seller_client, world):
    body = text(seller_client.get(reverse("dashboard:order-list")))

    assert "A-5501" in body and "M-9903" in body
    assert "B-7702" not in body
    assert "Rp11.111" in body  # A's part of the mixed order
    assert "Rp24.690" in body  # 2 × Rp12.345
    assert "88.888" not in body  # the mixed order's whole total
    assert "dewi@pembeli.test" not in body


@pytest.mark.parametrize(
    "query",
    [
        "product_title=Keripik",  # B's product in the mixed order
        "order_number=B-7702",
        "name=Wulan",  # B's buyer
    ],
)
def test_search_never_matches_another_sellers_lines(seller_client, world, query):
    response = seller_client.get(reverse("dashboard:order-list") + "?" + query)

    assert response.status_code == 200
    assert [order.number for order in response.context["orders"]] == []


def test_search_finds_orders_by_own_product(seller_client, world):
    response = seller_client.get(reverse("dashboard:order-list") + "?product_title=Kopi Arabika")

    assert [order.number for order in response.context["orders"]] == ["M-9903"]


def test_csv_has_only_own_lines(seller_client, world):
    response = seller_client.get(reverse("dashboard:order-list") + "?response_format=csv")

    rows = list(csv.reader(io.StringIO(text(response))))
    assert response["Content-Type"].startswith("text/csv")
    assert sorted((row[0], row[2]) for row in rows[1:]) == [
        ("A-5501", "Gula Aren Arum"),
        ("M-9903", "Kopi Arabika Arum 200 g"),
    ]
    assert "Keripik" not in text(response) and "dewi@pembeli.test" not in text(response)


def test_csv_cells_that_look_like_formulas_are_kept_as_text(seller_client, world):
    address = world.mixed.shipping_address
    address.first_name, address.last_name = "", '=HYPERLINK("http://x.test","klik")'
    address.save()

    response = seller_client.get(reverse("dashboard:order-list") + "?response_format=csv")

    names = [row[7] for row in csv.reader(io.StringIO(text(response))) if row[0] == "M-9903"]
    assert names and all(name.startswith("'=HYPERLINK") for name in names)


def test_csv_of_selected_orders_skips_foreign_ones(seller_client, world):
    response = seller_client.post(
        reverse("dashboard:order-list"),
        {
            "action": "download_selected_orders",
            "selected_order": [world.b_order.pk, world.mixed.pk],
        },
    )

    body = text(response)
    assert "M-9903" in body and "Kopi Arabika Arum 200 g" in body
    assert "B-7702" not in body and "Keripik" not in body


def test_mixed_order_page_shows_only_own_lines_and_what_is_needed_to_ship(seller_client, world):
    response = seller_client.get(detail(world.mixed))

    body = text(response)
    assert response.status_code == 200
    assert "Kopi Arabika Arum 200 g" in body and "Rp11.111" in body
    for hidden in ("Keripik Bening Pedas", "BENING-777", "77.777", "88.888"):
        assert hidden not in body
    assert "Dewi Lestari" in body and "Jalan Cempaka 9" in body and "+6281255550001" in body
    # Not needed to ship: the buyer's email, payments, staff notes.
    for hidden in ("dewi@pembeli.test", "TRF-", "Catatan staf", "Transfer bank"):
        assert hidden not in body


def test_staff_see_the_whole_mixed_order(client, world):
    client.force_login(world.staff)

    body = text(client.get(detail(world.mixed)))

    assert "Kopi Arabika Arum 200 g" in body and "Keripik Bening Pedas" in body


def test_another_sellers_order_is_not_found(seller_client, world):
    assert seller_client.get(detail(world.b_order)).status_code == 404


def line_action(client, order, line, action, **data):
    return client.post(
        detail(order),
        {
            "line_action": action,
            "selected_line": [line.pk],
            f"selected_line_qty_{line.pk}": line.quantity,
            **data,
        },
    )


def test_seller_changes_the_status_of_own_line(seller_client, world, status_pipelines):
    own = world.a.lines(world.mixed)[0]
    other = world.b.lines(world.mixed)[0]

    response = line_action(
        seller_client, world.mixed, own, "change_line_statuses", new_status="Diproses"
    )

    assert response.status_code == 302
    own.refresh_from_db()
    other.refresh_from_db()
    assert own.status == "Diproses"
    assert other.status == "Baru"


def test_seller_cannot_change_another_sellers_line_in_a_mixed_order(
    seller_client, world, status_pipelines
):
    other = world.b.lines(world.mixed)[0]

    response = line_action(
        seller_client, world.mixed, other, "change_line_statuses", new_status="Diproses"
    )

    assert response.status_code == 302
    other.refresh_from_db()
    assert other.status == "Baru"
    page = seller_client.get(response["Location"])
    assert "Baris tidak valid diminta" in text(page)  # Oscar's "Invalid lines requested"


def test_seller_records_shipping_of_own_line(seller_client, world):
    own = world.a.lines(world.mixed)[0]

    line_action(
        seller_client, world.mixed, own, "create_shipping_event", shipping_event_type="dikirim"
    )

    assert list(own.shipping_events.values_list("event_type__code", flat=True)) == ["dikirim"]


def test_notes_of_a_shipping_event_covering_other_shops_are_not_shown(seller_client, world):
    from .factories import shipping_event_add

    own = world.a.lines(world.mixed)
    whole = shipping_event_add(world.mixed, own + world.b.lines(world.mixed), name="Diambil")
    whole.notes = "Paket Toko B remuk, diganti"
    whole.save()
    mine = shipping_event_add(world.mixed, own, name="Dikemas")
    mine.notes = "Resi JNE 0042"
    mine.save()

    body = text(seller_client.get(detail(world.mixed)))

    assert "Diambil" in body and "Paket Toko B remuk" not in body
    assert "Dikemas" in body and "Resi JNE 0042" in body


@pytest.mark.parametrize(
    "data",
    [
        {"order_action": "change_order_status", "new_status": "Diproses"},
        {"order_action": "save_note", "message": "catatan penjual"},
        {"order_action": "create_order_payment_event", "amount": "1", "payment_event_type": "paid"},
    ],
)
def test_whole_order_actions_are_for_staff(seller_client, world, status_pipelines, data):
    notes = OrderNote.objects.count()
    status = world.mixed.status

    response = seller_client.post(detail(world.mixed), data)

    assert response.status_code == 403
    world.mixed.refresh_from_db()
    assert world.mixed.status == status
    assert OrderNote.objects.count() == notes
    assert not PaymentEvent.objects.exists()


def test_payment_events_are_for_staff(seller_client, world):
    own = world.a.lines(world.mixed)[0]

    response = line_action(
        seller_client, world.mixed, own, "create_payment_event", payment_event_type="paid"
    )

    assert response.status_code == 403
    assert not PaymentEvent.objects.exists()


@pytest.mark.parametrize(
    "name", ["dashboard:order-stats", "dashboard:order-shipping-address", "note"]
)
def test_order_statistics_notes_and_address_are_for_staff(seller_client, world, name):
    if name == "note":
        note = OrderNote.objects.create(order=world.mixed, message="staf", user=world.staff)
        url = reverse(
            "dashboard:order-detail-note", kwargs={"number": "M-9903", "note_id": note.pk}
        )
    elif name == "dashboard:order-stats":
        url = reverse(name)
    else:
        url = reverse(name, kwargs={"number": world.mixed.number})

    assert seller_client.get(url).status_code == 403
    assert seller_client.post(url, {"first_name": "Diubah", "line1": "x"}).status_code == 403
    world.mixed.shipping_address.refresh_from_db()
    assert world.mixed.shipping_address.first_name == "Dewi"


def test_line_page_only_for_own_lines(seller_client, world):
    own = world.a.lines(world.mixed)[0]
    other = world.b.lines(world.mixed)[0]

    def url(line):
        return reverse(
            "dashboard:order-line-detail", kwargs={"number": "M-9903", "line_id": line.pk}
        )

    assert seller_client.get(url(own)).status_code == 200
    assert seller_client.get(url(other)).status_code == 404


def test_malformed_line_action_is_a_message_not_an_error(seller_client, world, status_pipelines):
    own = world.a.lines(world.mixed)[0]

    for data in (
        {"line_action": "change_line_statuses", "selected_line": [own.pk]},
        {"line_action": "change_line_statuses", "selected_line": ["x"]},
        {"line_action": "change_line_statuses", "selected_line": ["²"]},
        {
            "line_action": "change_line_statuses",
            "selected_line": [own.pk],
            f"selected_line_qty_{own.pk}": "²",
        },
        {
            "line_action": "create_shipping_event",
            "selected_line": [own.pk],
            f"selected_line_qty_{own.pk}": "1",
        },
        {
            "line_action": "change_line_statuses",
            "selected_line": [own.pk],
            f"selected_line_qty_{own.pk}": "1",
        },
    ):
        response = seller_client.post(detail(world.mixed), data)
        assert response.status_code == 302
    own.refresh_from_db()
    assert own.status == "Baru"


def test_seller_home_shows_own_sales_only(seller_client, world):
    body = text(seller_client.get(reverse("dashboard:index")))

    assert "Rp35.801" in body  # 24.690 + 11.111
    assert "88.888" not in body and "77.777" not in body


def test_orders_sort_by_own_part(seller_client, world):
    response = seller_client.get(reverse("dashboard:order-list") + "?sort=seller_total&dir=asc")

    assert [o.number for o in response.context["orders"]] == ["M-9903", "A-5501"]
    assert [o.seller_total for o in response.context["orders"]] == [11111, 24690]
