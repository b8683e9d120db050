"""The buying flow reads as natural Bahasa Indonesia, not as Oscar's own Indonesian catalogue
("cekout", "Tuliskan pesanan", "Urutan #…", "Kelompok"), nor in English where Oscar's
catalogue has no translation ("Re-order", "Page 1 of 11").

``locale/id/LC_MESSAGES/django.po`` holds our wording for Oscar's msgids and takes precedence
over Oscar's catalogue (LOCALE_PATHS). The pages are rendered in Indonesian, the site's
default language; the last tests check the catalogue itself."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.contrib.auth import get_user_model
from django.contrib.sites.models import Site
from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from oscar.core.loading import get_model

from tests.catalogue.factories import product_for_sale
from tests.dashboard.factories import buyer_create, order_place

CommunicationEventType = get_model("communication", "CommunicationEventType")

CATALOGUE = Path(__file__).resolve().parents[2] / "locale" / "id" / "LC_MESSAGES" / "django.po"

#: Oscar's own Indonesian (or its untranslated English) that must not reach a buyer or staff.
BAD_PHRASES = [
    "cekout",
    "Dimana kita harus mengirimnya",
    "proses untuk proses akhir",
    "Tuliskan pesanan",
    "Urutan #",
    "Re-order",
    "ulangan",
    "Page 1 of",
    "choose action",
    "choose new status",
    "Tidak ada aksi yang disampaikan",
    "troli belanja",
    "Kelompok",
    "Proceed to checkout",
    "Add to basket",
    "Order history",
]


def page_text(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def assert_wording(html: str, *, present: list[str]) -> None:
    """None of the bad phrases and all of ``present`` appear, case-insensitively."""
    lowered = html.lower()
    shown = [phrase for phrase in BAD_PHRASES if phrase.lower() in lowered]
    assert not shown, f"Oscar's wording on the page: {shown}"
    missing = [phrase for phrase in present if phrase.lower() not in lowered]
    assert not missing, f"expected wording missing: {missing}"


@pytest.fixture
def product(wagtail_site):
    return product_for_sale(title="Kopi Robusta Lereng Ijen 250 g", price=45000, stock=20)


@pytest.fixture
def buyer(db):
    return buyer_create(first_name="Dewi", last_name="Lestari", email="dewi@pembeli.test")


@pytest.fixture
def order(product, buyer):
    return order_place(
        items=[(product, 2)], buyer=buyer, phone="+6281211110001", street="Jalan Kenanga 3"
    )


def basket_add(client, product, quantity: int = 1):
    response = client.post(
        reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": quantity}, follow=True
    )
    assert response.status_code == 200
    return response


@pytest.mark.django_db
def test_product_page_buying_strings(client, product):
    html = page_text(client.get(product.get_absolute_url()))

    assert_wording(html, present=["Masukkan keranjang", "Ketersediaan", "Stok tersedia (20)"])


@pytest.mark.django_db
def test_basket_page(client, product):
    added = basket_add(client, product).content.decode()
    assert_wording(added, present=["sudah masuk keranjang"])

    html = page_text(client.get(reverse("basket:summary")))

    assert "Kopi Robusta Lereng Ijen 250 g" in html
    assert_wording(
        html,
        present=[
            "Keranjang",
            "Barang yang dibeli sekarang",
            "Ringkasan belanja",
            "Total keranjang",
            "Lanjut ke checkout",
            "Kode voucher/promo",
        ],
    )


@pytest.mark.django_db
def test_checkout_entry_for_a_guest(client, product):
    basket_add(client, product)

    response = client.get(reverse("checkout:index"), follow=True)

    html = page_text(response)
    assert_wording(html, present=[])
    if "oscar/checkout/gateway.html" in [t.name for t in response.templates]:
        assert_wording(
            html,
            present=[
                "Masuk atau lanjut sebagai tamu",
                "Alamat email saya",
                "Saya pelanggan baru dan ingin checkout sebagai tamu",
            ],
        )


@pytest.mark.django_db
def test_checkout_entry_for_a_signed_in_buyer(client, product, buyer):
    client.force_login(buyer)
    basket_add(client, product)

    response = client.get(reverse("checkout:index"), follow=True)

    html = page_text(response)
    assert_wording(html, present=[])
    if "oscar/checkout/shipping_address.html" in [t.name for t in response.templates]:
        assert_wording(html, present=["Mau dikirim ke mana?", "1. Alamat pengiriman"])


@pytest.mark.django_db
def test_order_history(client, buyer, order):
    client.force_login(buyer)

    html = page_text(client.get(reverse("customer:order-list")))

    assert str(order.number) in html
    assert_wording(
        html,
        present=["Riwayat pesanan", "Nomor pesanan", "Jumlah barang", "Total termasuk pajak"],
    )


@pytest.mark.django_db
def test_order_detail(client, buyer, order):
    client.force_login(buyer)

    html = page_text(client.get(reverse("customer:order", kwargs={"order_number": order.number})))

    assert_wording(
        html,
        present=[
            f"Pesanan #{order.number}",
            "Pesan lagi",
            "Pesan lagi semua barang",
            "Total pesanan",
            "Alamat pengiriman",
        ],
    )


@pytest.fixture
def staff_client(client, db):
    staff = get_user_model().objects.create_superuser(
        username="staf", email="staf@dinas.test", password="staf-123"
    )
    client.force_login(staff)
    return client


@pytest.mark.django_db
def test_dashboard_order_list(staff_client, order):
    html = page_text(staff_client.get(reverse("dashboard:order-list")))

    assert str(order.number) in html
    assert_wording(
        html,
        present=[
            "Semua pesanan",
            "Pencarian lanjutan",
            "Tanggal pembelian",
            "Ubah status pesanan",
            "pilih status baru",
        ],
    )


@pytest.mark.django_db
def test_dashboard_order_detail_and_its_messages(staff_client, order):
    url = reverse("dashboard:order-detail", kwargs={"number": order.number})

    html = page_text(staff_client.get(url))
    assert_wording(
        html, present=[f"Pesanan #{order.number}", "Untuk barang yang dipilih", "Catat pengiriman"]
    )

    refused = page_text(staff_client.post(url, {}, follow=True))
    assert_wording(refused, present=["Pilih tindakan yang valid"])


@pytest.mark.parametrize(
    "template", ["oscar/partials/pagination.html", "oscar/dashboard/partials/pagination.html"]
)
def test_pagination(template):
    paginator = Paginator(range(110), 10)
    context = {
        "paginator": paginator,
        "page_obj": paginator.page(1),
        "is_paginated": True,
        "request": RequestFactory().get("/"),
    }
    with translation.override("id"):
        html = render_to_string(template, context)

    assert_wording(html, present=["Halaman 1 dari 11", "berikutnya"])


@pytest.mark.django_db
def test_order_confirmation_email(order):
    context = {
        "order": order,
        "site": Site.objects.get_current(),
        "status_url": f"http://example.test/accounts/orders/{order.number}/",
        "status_path": f"/accounts/orders/{order.number}/",
        "user": order.user,
    }
    with translation.override("id"):
        messages = CommunicationEventType(code="ORDER_PLACED").get_messages(context)

    assert messages["subject"] == f"Konfirmasi pesanan {order.number}"
    for part in ("body", "html"):
        assert_wording(messages[part], present=["Pesanan Anda berisi:", "Salam, tim"])
    assert "sudah kami terima" in messages["body"]


PLACEHOLDER = re.compile(
    r"%(?:\([^)]*\))?[#0 +\-]*\d*(?:\.\d+)?[sdifrxXeEgGc%]|\{[A-Za-z_][A-Za-z0-9_.]*\}"
)


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def catalogue_messages():
    with CATALOGUE.open("rb") as po:
        catalogue = read_po(po, locale="id")
    return catalogue, [message for message in catalogue if message.id]


def test_every_entry_is_translated_with_its_placeholders():
    catalogue, messages = catalogue_messages()
    assert catalogue.num_plurals == 1
    assert len(messages) > 800, "Oscar's buying flow is covered"

    wrong = []
    for message in messages:
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        if not all(s.strip() for s in strings):
            wrong.append(f"untranslated: {ids[0]!r}")
            continue
        for msgid in ids:
            for msgstr in strings:
                if placeholders(msgid) != placeholders(msgstr):
                    wrong.append(f"placeholders differ: {msgid!r} -> {msgstr!r}")
    assert not wrong, "\n".join(wrong)


def test_compiled_catalogue_matches_the_po_file():
    """``make messages`` (or compilemessages) was run after the last edit of the .po file."""
    _, messages = catalogue_messages()
    with CATALOGUE.with_suffix(".mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)

    stale = []
    for message in messages:
        context = f"{message.context}\x04" if message.context else ""
        if isinstance(message.id, str):
            found = compiled._catalog.get(context + message.id)
            expected = message.string
        else:
            found = compiled._catalog.get((context + message.id[0], 0))
            expected = message.string[0]
        if found != expected:
            stale.append(message.id)
    assert not stale, f"run `make messages`: {stale[:5]}"


def test_django_serves_every_entry():
    """No other catalogue (an app's, Django's own "Order" = "Urutan") shadows an entry."""
    _, messages = catalogue_messages()

    shadowed = []
    with translation.override("id"):
        for message in messages:
            if isinstance(message.id, str):
                if message.context:
                    served = translation.pgettext(message.context, message.id)
                else:
                    served = translation.gettext(message.id)
                expected = message.string
            else:
                singular, plural = message.id
                if message.context:
                    served = translation.npgettext(message.context, singular, plural, 2)
                else:
                    served = translation.ngettext(singular, plural, 2)
                expected = message.string[0]
            if served != expected:
                shadowed.append((message.id, served))
    assert not shadowed, shadowed[:5]
