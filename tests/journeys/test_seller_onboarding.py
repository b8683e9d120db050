"""A resident becomes a seller on a phone: registers, applies, district staff approve in
the back office, the seller adds a product with a photo and finds it on the storefront."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.contrib.auth import get_user_model
from oscar.apps.catalogue.categories import create_from_breadcrumbs
from PIL import Image
from playwright.sync_api import expect

from sellers.models import Seller
from tests.registry.factories import nik_for, resident_create, villages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NIK_BIRTH = dt.date(1987, 3, 14)


def _phone_photo() -> bytes:
    """A JPEG as a phone camera makes one: big, and with EXIF."""
    image = Image.new("RGB", (2400, 1800), (120, 72, 40))
    for x in range(0, 2400, 80):
        image.paste((200, 160, 90), (x, 0, x + 40, 1800))
    exif = Image.Exif()
    exif[0x010F] = "Murah Phone"  # camera maker
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80, exif=exif)
    return out.getvalue()


def test_a_resident_applies_is_approved_and_sells(browser, live_server, wagtail_site):
    village = villages()[0]
    resident_create(
        village=village, full_name="Wahyu Prasetyo", birth_date=NIK_BIRTH, gender="L", serial=42
    )
    nik = nik_for(birth_date=NIK_BIRTH, gender="L", serial=42)
    create_from_breadcrumbs("Kopi")
    get_user_model().objects.create_superuser(
        username="staf", email="staf@dinas.test", password="staf-rahasia-2026"
    )
    phone = {"viewport": {"width": 360, "height": 740}, "locale": "id-ID"}

    # The resident registers and applies.
    seller_context = browser.new_context(**phone)
    page = seller_context.new_page()
    page.goto(live_server.url + "/accounts/login/")
    page.locator("#id_registration-email").fill("wahyu@contoh.test")
    page.locator("#id_registration-password1").fill("kopi-wahyu-2026!")
    page.locator("#id_registration-password2").fill("kopi-wahyu-2026!")
    page.locator("button[name=registration_submit]").click()
    page.get_by_text("Akun").first.click()
    page.get_by_role("link", name="Buka toko").click()

    page.get_by_label("Kecamatan").select_option(label=str(village.district))
    page.get_by_role("button", name="Pilih").click()
    page.get_by_label("Nama toko").fill("Kopi Wahyu Pesanggaran")
    page.get_by_label("Kategori utama").select_option(label="Kopi")
    page.get_by_label("Deskripsi toko").fill("Kopi robusta petik merah dari kebun sendiri.")
    page.get_by_label("Desa/kelurahan").select_option(label=str(village))
    page.get_by_label("NIK").fill(nik)
    page.get_by_label("Nama lengkap sesuai KTP").fill("WAHYU PRASETYO")
    page.get_by_label("Tanggal lahir").fill(NIK_BIRTH.isoformat())
    page.get_by_label("Nomor WhatsApp").fill("0812-3456-7890")
    page.get_by_role("button", name="Kirim pendaftaran").click()
    expect(page.get_by_text("Menunggu persetujuan").first).to_be_visible()

    # District staff approve it in the back office.
    staff_context = browser.new_context(viewport={"width": 1280, "height": 900})
    staff = staff_context.new_page()
    staff.goto(live_server.url + "/cms/login/")
    staff.locator("#id_username").fill("staf")
    staff.locator("#id_password").fill("staf-rahasia-2026")
    staff.locator("button[type=submit]").first.click()
    staff.goto(live_server.url + "/cms/sellers/applications/")
    staff.get_by_role("link", name="Kopi Wahyu Pesanggaran").first.click()
    staff.get_by_role("button", name="Setujui").click()
    expect(staff.get_by_text("disetujui").first).to_be_visible()
    staff_context.close()
    seller = Seller.objects.get(partner__name="Kopi Wahyu Pesanggaran")

    # The new seller adds a product with a photo from the phone.
    page.goto(live_server.url + "/dashboard/catalogue/")
    page.get_by_role("link", name="Tambah produk").first.click()
    page.get_by_label("Nama produk", exact=True).fill("Kopi Robusta Petik Merah 250 g")
    page.get_by_label("Deskripsi", exact=True).fill("Sangrai sedang, digiling sesuai pesanan.")
    page.get_by_label("Kategori", exact=True).select_option(label="Kopi")
    page.get_by_label("Harga (Rp)", exact=True).fill("45.000")
    page.get_by_label("Stok", exact=True).fill("12")
    page.get_by_label("Berat kirim (gram)", exact=True).fill("300")
    page.get_by_label("Foto 1", exact=True).set_input_files(
        files=[{"name": "IMG_20261128.jpg", "mimeType": "image/jpeg", "buffer": _phone_photo()}]
    )
    page.get_by_role("button", name="Simpan", exact=True).click()
    expect(page.get_by_text("Kopi Robusta Petik Merah 250 g").first).to_be_visible()

    # Buyers see it on the storefront, with its photo.
    page.goto(live_server.url + seller.get_absolute_url())
    expect(page.get_by_role("heading", name="Kopi Wahyu Pesanggaran")).to_be_visible()
    card = page.locator("article", has_text="Kopi Robusta Petik Merah 250 g")
    expect(card).to_be_visible()
    expect(card.get_by_text("Rp45.000")).to_be_visible()
    image = card.locator("img").first
    expect(image).to_be_visible()
    # A lazy image loads once it is near the screen: wait for it rather than race it.
    image.scroll_into_view_if_needed()
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=image.element_handle()
    )
    seller_context.close()
