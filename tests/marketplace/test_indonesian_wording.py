"""The buying flow reads as natural Bahasa Indonesia, not as Oscar's own Indonesian catalogue
("cekout", "Tuliskan pesanan", "Urutan #…", "Kelompok"), nor in English where Oscar's
catalogue has no translation ("Re-order", "Page 1 of 11").

So does the dashboard a seller works in: "Tindakan massal", not Oscar's "Tindakan yang besar"
(nor "Bulk Actions"), on the product list, its bulk actions, the stock alerts and the forms.

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
from tests.dashboard import conftest as dashboard_fixtures
from tests.dashboard.factories import buyer_create, order_place

CommunicationEventType = get_model("communication", "CommunicationEventType")
Notification = get_model("communication", "Notification")

# The dashboard tests' two shops, A and B, and the test client signed in as seller A.
world = dashboard_fixtures.world
seller_client = dashboard_fixtures.seller_client

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

#: Oscar's own Indonesian (or its English) on the dashboard pages a seller or staff works in.
DASHBOARD_BAD_PHRASES = [
    *BAD_PHRASES,
    "Tindakan yang besar",
    "Bulk Actions",
    "Make products public",
    "Make products non-public",
    "Update product prices",
    "Tampilkan disitus",
    "Rekaman stok",
    "Nomor dalam stok",
    "Nomor dialokasi",
    "kalkulasi harga",
    "sahspesifik",
    "Mengunggah gambar",
    "preview gambar",
    "Search engine optimisation",
    "Is public",
    "Tanggal peringatan diangkat",
    "Mengulang",
    "seluruh ulasan",
    "seluruh pemberitahuan",
    "Pencarian lanjutan ulasan",
]


def page_text(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def assert_wording(html: str, *, present: list[str], bad: list[str] = BAD_PHRASES) -> None:
    """None of the ``bad`` phrases and all of ``present`` appear, case-insensitively."""
    lowered = html.lower()
    shown = [phrase for phrase in bad if phrase.lower() in lowered]
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
        present=["Riwayat pesanan", "Lihat per checkout", "Menunggu pembayaran"],
    )


@pytest.mark.django_db
def test_order_detail(client, buyer, order):
    client.force_login(buyer)

    html = page_text(client.get(reverse("customer:order", kwargs={"order_number": order.number})))

    assert_wording(
        html,
        present=[f"Pesanan #{order.number}", "Riwayat status", "Total", "Menunggu pembayaran"],
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


def assert_dashboard_wording(html: str, *, present: list[str], bad: tuple = ()) -> None:
    assert_wording(html, present=present, bad=[*DASHBOARD_BAD_PHRASES, *bad])


@pytest.mark.django_db
def test_seller_dashboard_home_products_and_product_form(seller_client, world):
    product = world.a.products[0]

    home = page_text(seller_client.get(reverse("dashboard:index")))
    assert_dashboard_wording(home, present=["Dasbor", "Katalog", "Peringatan stok menipis"])

    listing = page_text(seller_client.get(reverse("dashboard:catalogue-product-list")))
    assert "Kopi Arabika Arum 200 g" in listing
    assert_dashboard_wording(
        listing,
        present=[
            "Tindakan massal",
            "pilih tindakan",
            "Tampilkan produk di situs",
            "Sembunyikan produk dari situs",
            "Ubah harga produk",
            "Lihat di situs",
        ],
    )

    form = seller_client.get(reverse("dashboard:catalogue-product", kwargs={"pk": product.pk}))
    assert_dashboard_wording(page_text(form), present=["Dasbor", "Produk", "Simpan"])

    delete = seller_client.get(
        reverse("dashboard:catalogue-product-delete", kwargs={"pk": product.pk})
    )
    assert_dashboard_wording(
        page_text(delete), present=["Hapus produk?", "Yakin ingin menghapus produk"]
    )


@pytest.mark.django_db
def test_seller_stock_alerts(seller_client, world):
    html = page_text(seller_client.get(reverse("dashboard:stock-alert-list")))

    # A seller's low-stock alert is a "peringatan"; "pengingat" is a buyer's back-in-stock one.
    assert_dashboard_wording(
        html,
        present=[
            "Peringatan stok",
            "Semua peringatan stok",
            "Batas stok menipis",
            "Stok tersedia saat ini",
            "Tanggal peringatan muncul",
            "Terbuka",
        ],
        bad=("Pengingat stok",),
    )


@pytest.mark.django_db
def test_seller_bulk_actions(seller_client, world):
    product = world.a.products[0]
    listing = reverse("dashboard:catalogue-product-list")

    prices = seller_client.post(
        listing, {"action": "set_product_price", "selected_product": [product.pk]}, follow=True
    )
    assert_dashboard_wording(
        page_text(prices),
        present=[
            "Konfirmasi: Ubah harga produk",
            "Harga baru",
            "Naikkan sebesar persentase",
            "Rp10.000 menjadi Rp12.000",
            "Harga khusus",
            "Pilih semua produk tunggal",
        ],
        bad=("€",),
    )

    confirm = seller_client.post(
        listing, {"action": "make_products_non_public", "selected_product": [product.pk]}
    )
    assert confirm.status_code == 302
    page = page_text(seller_client.get(confirm["Location"]))
    assert_dashboard_wording(page, present=["Sembunyikan produk dari situs", "Tampil saat ini"])

    done = seller_client.post(confirm["Location"], {"selected_products": [product.pk]}, follow=True)
    assert_dashboard_wording(
        page_text(done), present=["Status 1 produk diubah menjadi tidak tampil di situs."]
    )
    product.refresh_from_db()
    assert not product.is_public

    refused = seller_client.post(listing, {"action": "make_products_public"}, follow=True)
    assert_dashboard_wording(page_text(refused), present=["Pilih minimal satu"])


@pytest.mark.django_db
def test_seller_notifications(seller_client, world):
    Notification.objects.create(
        recipient=world.a.user, subject="Pesanan baru A-5501", body="Ada pesanan baru."
    )

    inbox = page_text(seller_client.get(reverse("customer:notifications-inbox")))
    assert "Pesanan baru A-5501" in inbox
    assert_dashboard_wording(
        inbox, present=["Notifikasi", "Kotak masuk", "Arsipkan", "Untuk yang dipilih:"]
    )

    note = Notification.objects.get(recipient=world.a.user)
    archived = seller_client.post(
        reverse("customer:notifications-update"),
        {"action": "archive", "selected_notification": [note.pk]},
        follow=True,
    )
    assert_dashboard_wording(page_text(archived), present=["1 notifikasi diarsipkan"])


@pytest.mark.django_db
def test_staff_product_form_reviews_and_product_alerts(client, world):
    """Oscar's own product form (a seller has the shop's own), the reviews and the buyers'
    product alerts: staff-only pages, in the same words as the seller's."""
    client.force_login(world.staff)
    product = world.a.products[0]

    form = page_text(client.get(reverse("dashboard:catalogue-product", kwargs={"pk": product.pk})))
    assert_dashboard_wording(
        form,
        present=[
            "Stok dan harga",
            "Jumlah stok",
            "Sudah dipesan",
            "Batas stok menipis",
            "Unggah, ganti, atau hapus foto",
            "Ubah urutan",
            "Optimasi mesin pencari (SEO)",
            "Simpan dan lanjut mengedit",
            "Lihat di situs",
        ],
        bad=("variasi",),
    )

    listing = page_text(client.get(reverse("dashboard:catalogue-product-list")))
    assert_dashboard_wording(
        listing, present=["Tindakan massal", "Data stok", "Tampil di situs", "Jenis produk"]
    )

    reviews = page_text(client.get(reverse("dashboard:reviews-list")))
    assert_dashboard_wording(
        reviews,
        present=["Cari ulasan", "Kata kunci", "Semua ulasan", "Sembunyikan", "Alasan"],
    )

    alerts = page_text(client.get(reverse("dashboard:user-alert-list")))
    assert_dashboard_wording(
        alerts, present=["Cari pengingat stok", "atur ulang", "Semua pengingat stok"]
    )


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
    assert len(messages) > 1200, "Oscar's buying flow and the seller's dashboard are covered"

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
