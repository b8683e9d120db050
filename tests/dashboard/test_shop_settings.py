"""A seller's shop settings in the dashboard: how buyers pay them (QRIS from a photo or a
pasted code, bank account, cash) and how goods reach buyers (pickup at the shop or the
village hall, the local courier at the district's rates or the seller's own).

Only the signed-in seller's own shop is ever read or changed (the URLs carry no ids);
staff and buyers without a shop are refused; a suspended shop is read-only; a refused
save writes nothing, and a photo of a QRIS is read, never stored.
"""

from __future__ import annotations

import importlib
import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image, ImageFilter

from dashboard.shop_settings.services import (
    PaymentInput,
    RateInput,
    ShippingInput,
    seller_payment_save,
    seller_shipping_save,
)
from payments.models import SellerPayment
from payments.qris import MAX_BYTES, qris_for_amount
from sellers.services import seller_suspend
from shipping.methods import Zone
from shipping.models import CourierRate, SellerShipping
from shipping.rates import rate_table
from tests.payments.test_qris import MERCHANT, NMID, STATIC, png_of, qr_image, static_qris
from tests.registry.factories import villages
from tests.sellers.factories import seller_create

PAYMENT = "dashboard:shop-settings-payment"
SHIPPING = "dashboard:shop-settings-shipping"
DEFAULTS = importlib.import_module("shipping.migrations.0005_default_courier_rates").DEFAULTS

pytestmark = pytest.mark.django_db


@pytest.fixture
def default_rates(db):
    """The district's table as the migration writes it (a transactional test's flush may
    have taken the migration's rows)."""
    for zone, base_fee, per_kg, available in DEFAULTS:
        CourierRate.objects.update_or_create(
            seller=None,
            zone=zone,
            defaults={"base_fee": base_fee, "per_kg": per_kg, "available": available},
        )


@pytest.fixture
def shops(db, default_rates):
    """Seller A (signed in by ``seller_client``) and seller B, in two villages."""
    village_a, village_b = villages()[:2]
    a = seller_create(name="Toko Arum Manis", village=village_a)
    b = seller_create(name="Toko Bening Sari", village=village_b)
    return a, b


@pytest.fixture
def seller_client(client, shops):
    client.force_login(shops[0].user)
    return client


def payment_data(**overrides) -> dict:
    """A payment form post; ``None`` leaves a field out (an unticked box)."""
    data = {
        "qris_payload": "",
        "bank_name": "",
        "bank_account": "",
        "bank_holder": "",
        "cash_on_pickup": "on",
        "cash_on_delivery": None,
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def shipping_data(*, rates: dict | None = None, **overrides) -> dict:
    data = {
        "pickup_at_seller": "on",
        "pickup_address": "Jl. Kenanga 3, RT 01/RW 02, Sarongan",
        "pickup_hours": "Setiap hari 08.00–17.00",
        "pickup_at_hall": "on",
        "courier": "on",
        "own_rates": None,
    }
    data.update(overrides)
    for zone, (base_fee, per_kg, available) in (rates or {}).items():
        data[f"rate-{zone}-base_fee"] = base_fee
        data[f"rate-{zone}-per_kg"] = per_kg
        if available:
            data[f"rate-{zone}-available"] = "on"
    return {key: value for key, value in data.items() if value is not None}


OWN_RATES = {
    "village": ("3000", "500", True),
    "district": ("7.500", "1000", True),
    "regency": ("Rp 12.000", "1500", True),
    "province": ("25000", "4000", True),
    "elsewhere": ("0", "0", False),
}


def upload(name: str, content: bytes, content_type: str = "image/png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type)


def stored_files() -> set[str]:
    found = set()
    for root in (settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT):
        for folder, _dirs, files in os.walk(root):
            found.update(os.path.join(folder, name) for name in files)
    return found


def body(response) -> str:
    return response.content.decode()


def payment_row(seller):
    return SellerPayment.objects.filter(seller=seller).values().first()


# --- Reaching the pages ---------------------------------------------------------------------


def test_the_seller_menu_leads_to_both_pages(seller_client):
    home = body(seller_client.get(reverse("dashboard:index")))

    assert "Pengaturan toko" in home
    assert reverse(PAYMENT) in home and reverse(SHIPPING) in home
    for name in (PAYMENT, SHIPPING):
        response = seller_client.get(reverse(name))
        assert response.status_code == 200
        assert "Pengaturan toko" in body(response)


def test_staff_without_a_shop_get_404_and_no_menu_item(client, shops):
    from django.contrib.auth import get_user_model

    staff = get_user_model().objects.create_superuser("staf", "staf@dinas.test", "x")
    client.force_login(staff)

    assert "Pengaturan toko" not in body(client.get(reverse("dashboard:index")))
    for name in (PAYMENT, SHIPPING):
        assert client.get(reverse(name)).status_code == 404
        assert client.post(reverse(name), payment_data(bank_name="X")).status_code == 404
    assert not SellerPayment.objects.exists() and not SellerShipping.objects.exists()


def test_buyers_and_visitors_are_refused(client, shops):
    from django.contrib.auth import get_user_model

    for name in (PAYMENT, SHIPPING):
        response = client.get(reverse(name))
        assert response.status_code == 302 and "login" in response["Location"]

    buyer = get_user_model().objects.create_user("pembeli", "pembeli@test.id", "x")
    client.force_login(buyer)
    for name in (PAYMENT, SHIPPING):
        assert client.get(reverse(name)).status_code == 403
        assert client.post(reverse(name), shipping_data()).status_code == 403
    assert not SellerPayment.objects.exists() and not SellerShipping.objects.exists()


def test_the_pages_read_in_english_too(seller_client):
    seller_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    payment = body(seller_client.get(reverse(PAYMENT)))
    shipping = body(seller_client.get(reverse(SHIPPING)))

    assert "Bank transfer" in payment and "Or paste the QRIS code's text" in payment
    assert "Use my own rates" in shipping and "District default:" in shipping
    response = seller_client.post(reverse(PAYMENT), payment_data(bank_name="BRI"))
    assert "Complete the bank account" in body(response)


# --- QRIS -----------------------------------------------------------------------------------


def test_a_pasted_static_qris_is_stored_with_its_merchant(seller_client, shops):
    a, b = shops

    response = seller_client.post(reverse(PAYMENT), payment_data(qris_payload=f"  {STATIC}\n"))

    assert response.status_code == 302
    payment = SellerPayment.objects.get(seller=a)
    assert payment.qris_payload == STATIC
    assert payment.qris_merchant == MERCHANT
    assert not SellerPayment.objects.filter(seller=b).exists()
    page = body(seller_client.get(reverse(PAYMENT)))
    assert "Pengaturan pembayaran disimpan." in page
    assert MERCHANT in page and NMID in page
    assert "Hapus QRIS" in page


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        (STATIC.replace("SLEMAN", "SLEMAM"), "Kode QRIS tidak valid: CRC tidak cocok"),
        (qris_for_amount(STATIC, 15000), "Kode QRIS ini dinamis"),
        (static_qris(account_gui="COM.EXAMPLE.WWW"), "bukan QRIS"),
        ("https://kampungmall.id/toko/arum", "Kode QRIS tidak valid"),
        ("0" * 600, "terlalu panjang"),
    ],
    ids=["crc", "dynamic", "not-national", "url", "too-long"],
)
def test_a_bad_pasted_qris_is_explained_and_nothing_is_stored(
    seller_client, shops, payload, expected
):
    a, _b = shops
    seller_payment_save(
        seller=a,
        data=PaymentInput(
            qris_payload=static_qris(name="WARUNG LAMA"),
            bank_name="",
            bank_account="",
            bank_holder="",
            cash_on_pickup=True,
            cash_on_delivery=False,
        ),
    )
    before = payment_row(a)

    response = seller_client.post(
        reverse(PAYMENT),
        payment_data(
            qris_payload=payload,
            bank_name="BRI",
            bank_account="0123456789",
            bank_holder="Arum Sari",
        ),
    )

    assert response.status_code == 400
    assert expected in body(response)
    assert "Pengaturan pembayaran belum disimpan" in body(response)
    assert payment_row(a) == before  # neither the QRIS nor the bank account changed


def test_a_photo_of_the_qris_is_read_and_not_kept(seller_client, shops):
    a, _b = shops
    files_before = stored_files()
    photo = png_of(qr_image(STATIC, scale=6)).getvalue()

    response = seller_client.post(
        reverse(PAYMENT), payment_data(qris_image=upload("qris-toko.png", photo))
    )

    assert response.status_code == 302
    payment = SellerPayment.objects.get(seller=a)
    assert (payment.qris_payload, payment.qris_merchant) == (STATIC, MERCHANT)
    assert stored_files() == files_before


def _blurred() -> bytes:
    return png_of(qr_image(STATIC, scale=4).filter(ImageFilter.GaussianBlur(12))).getvalue()


def _pdf() -> bytes:
    return b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


BAD_UPLOADS = {
    "random-qr": (
        lambda: png_of(qr_image("https://contoh.id/promo")).getvalue(),
        "qr.png",
        "QR di foto ini bukan QRIS",
    ),
    "blurry": (_blurred, "buram.png", "QR tidak terbaca, foto ulang lebih dekat dan terang."),
    "pdf": (_pdf, "qris.pdf", "bukan PDF"),
    "huge": (lambda: b"\x89PNG\r\n\x1a\n" + b"\0" * MAX_BYTES, "besar.png", "paling besar 8 MB"),
    "empty": (lambda: b"", "kosong.png", "Berkas foto kosong."),
    "white": (lambda: png_of(Image.new("RGB", (400, 400), "white")).getvalue(), "putih.png",
              "QR tidak terbaca"),
}  # fmt: skip


@pytest.mark.parametrize("kind", list(BAD_UPLOADS))
def test_a_bad_photo_is_explained_and_nothing_is_stored(seller_client, shops, kind):
    a, _b = shops
    make, name, expected = BAD_UPLOADS[kind]
    files_before = stored_files()

    response = seller_client.post(
        reverse(PAYMENT),
        payment_data(qris_image=upload(name, make()), bank_name="BRI", bank_account="0123456789",
                     bank_holder="Arum Sari"),
    )  # fmt: skip

    assert response.status_code == 400
    assert expected in body(response)
    assert not SellerPayment.objects.filter(seller=a).exists()
    assert stored_files() == files_before


def test_a_photo_and_a_pasted_code_together_are_refused(seller_client, shops):
    photo = png_of(qr_image(STATIC)).getvalue()

    response = seller_client.post(
        reverse(PAYMENT),
        payment_data(qris_image=upload("q.png", photo), qris_payload=STATIC),
    )

    assert response.status_code == 400
    assert "salah satu saja" in body(response)
    assert not SellerPayment.objects.exists()


def test_the_qris_can_be_removed(seller_client, shops):
    a, _b = shops
    seller_client.post(reverse(PAYMENT), payment_data(qris_payload=STATIC))

    response = seller_client.post(reverse(PAYMENT), payment_data(qris_remove="on"))

    assert response.status_code == 302
    payment = SellerPayment.objects.get(seller=a)
    assert (payment.qris_payload, payment.qris_merchant) == ("", "")
    page = body(seller_client.get(reverse(PAYMENT)))
    assert "Belum ada QRIS" in page and NMID not in page


def test_leaving_the_qris_boxes_empty_keeps_the_stored_qris(seller_client, shops):
    a, _b = shops
    seller_client.post(reverse(PAYMENT), payment_data(qris_payload=STATIC))

    seller_client.post(reverse(PAYMENT), payment_data(cash_on_delivery="on"))

    payment = SellerPayment.objects.get(seller=a)
    assert payment.qris_payload == STATIC and payment.cash_on_delivery


# --- Bank and cash --------------------------------------------------------------------------


def test_a_bank_account_is_stored_with_only_its_digits(seller_client, shops):
    a, _b = shops

    response = seller_client.post(
        reverse(PAYMENT),
        payment_data(bank_name=" Bank  BRI ", bank_account="0123-4567 89", bank_holder="Arum Sari"),
    )

    assert response.status_code == 302
    payment = SellerPayment.objects.get(seller=a)
    assert (payment.bank_name, payment.bank_account, payment.bank_holder) == (
        "Bank BRI",
        "0123456789",
        "Arum Sari",
    )
    assert payment.has_bank


@pytest.mark.parametrize(
    "given",
    [
        {"bank_name": "BRI"},
        {"bank_account": "0123456789"},
        {"bank_name": "BRI", "bank_account": "0123456789"},
        {"bank_account": "0123456789", "bank_holder": "Arum Sari"},
    ],
    ids=["name-only", "account-only", "no-holder", "no-bank"],
)
def test_a_bank_account_in_part_is_refused(seller_client, shops, given):
    response = seller_client.post(reverse(PAYMENT), payment_data(**given))

    assert response.status_code == 400
    assert "Lengkapi rekening bank" in body(response)
    assert not SellerPayment.objects.exists()


@pytest.mark.parametrize("account", ["1234", "1" * 21, "12345abc", "١٢٣٤٥٦٧"])
def test_an_account_number_must_be_5_to_20_digits(seller_client, shops, account):
    response = seller_client.post(
        reverse(PAYMENT),
        payment_data(bank_name="BRI", bank_account=account, bank_holder="Arum Sari"),
    )

    assert response.status_code == 400
    assert "5 sampai 20 digit" in body(response)
    assert not SellerPayment.objects.exists()


def test_the_bank_account_can_be_cleared_and_cash_switched(seller_client, shops):
    a, _b = shops
    seller_client.post(
        reverse(PAYMENT),
        payment_data(bank_name="BRI", bank_account="0123456789", bank_holder="Arum Sari"),
    )

    response = seller_client.post(
        reverse(PAYMENT), payment_data(cash_on_pickup=None, cash_on_delivery="on")
    )

    assert response.status_code == 302
    payment = SellerPayment.objects.get(seller=a)
    assert not payment.has_bank and payment.bank_account == ""
    assert (payment.cash_on_pickup, payment.cash_on_delivery) == (False, True)
    assert payment.methods(pickup=True) == [] and payment.methods(pickup=False) == ["cash"]


def test_a_shop_with_no_way_to_pay_is_refused(seller_client, shops):
    response = seller_client.post(reverse(PAYMENT), payment_data(cash_on_pickup=None))

    assert response.status_code == 400
    assert "Pilih setidaknya satu cara pembayaran" in body(response)
    assert not SellerPayment.objects.exists()


# --- Shipping -------------------------------------------------------------------------------


def test_the_shipping_page_starts_from_the_district_table_and_the_hall(seller_client, shops):
    a, _b = shops
    village = a.village
    village.hall_address = "Jl. Raya Sarongan No. 5"
    village.hall_hours = "Senin–Jumat 08.00–15.00"
    village.save()

    page = body(seller_client.get(reverse(SHIPPING)))

    for zone, base_fee, per_kg, _available in DEFAULTS:
        assert (
            f'name="rate-{zone}-base_fee" id="id_rate-{zone}-base_fee" value="{base_fee}"' in page
        )
        assert f'name="rate-{zone}-per_kg" id="id_rate-{zone}-per_kg" value="{per_kg}"' in page
    assert str(Zone.ELSEWHERE.label) in page
    assert "Jl. Raya Sarongan No. 5" in page and "Senin–Jumat 08.00–15.00" in page
    assert "diurus oleh operator desa" in page


def test_a_village_without_hall_data_says_so(seller_client, shops):
    page = body(seller_client.get(reverse(SHIPPING)))

    assert "belum diisi" in page and "diurus oleh operator desa" in page

    response = seller_client.post(reverse(SHIPPING), shipping_data(), follow=True)
    assert "belum diisi operator desa" in body(response)


def test_settings_are_saved_without_own_rates(seller_client, shops):
    a, b = shops

    response = seller_client.post(
        reverse(SHIPPING), shipping_data(pickup_at_hall=None, rates=OWN_RATES)
    )

    assert response.status_code == 302
    shipping = SellerShipping.objects.get(seller=a)
    assert shipping.pickup_at_seller and not shipping.pickup_at_hall and shipping.courier
    assert shipping.pickup_address == "Jl. Kenanga 3, RT 01/RW 02, Sarongan"
    assert not shipping.own_rates
    # The table's boxes count only with "pakai tarif sendiri".
    assert not CourierRate.objects.filter(seller__isnull=False).exists()
    assert not SellerShipping.objects.filter(seller=b).exists()


def test_own_rates_are_saved_for_all_five_zones(seller_client, shops):
    a, _b = shops

    response = seller_client.post(reverse(SHIPPING), shipping_data(own_rates="on", rates=OWN_RATES))

    assert response.status_code == 302
    rows = {
        r.zone: (r.base_fee, r.per_kg, r.available) for r in CourierRate.objects.filter(seller=a)
    }
    assert rows == {
        "village": (3000, 500, True),
        "district": (7500, 1000, True),
        "regency": (12000, 1500, True),
        "province": (25000, 4000, True),
        "elsewhere": (0, 0, False),
    }
    a.refresh_from_db()
    assert rate_table(seller=a)["district"].base_fee == 7500
    # The district's table is untouched.
    assert CourierRate.objects.get(seller=None, zone="district").base_fee == 10000
    page = body(seller_client.get(reverse(SHIPPING)))
    assert 'id="id_rate-district-base_fee" value="7500"' in page


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("15000,50", "Rupiah bulat tanpa sen"),
        ("12.5", "Rupiah bulat tanpa sen"),
        ("-1", "Rupiah bulat tanpa sen"),
        ("abc", "Rupiah bulat tanpa sen"),
        ("10000001", "Paling besar Rp10.000.000."),
        ("99999999999999999999", "Paling besar Rp10.000.000."),
        ("", "wajib"),
    ],
)
def test_a_bad_rate_saves_nothing(seller_client, shops, value, expected):
    a, _b = shops
    rates = dict(OWN_RATES, elsewhere=(value, "0", True))

    response = seller_client.post(
        reverse(SHIPPING), shipping_data(own_rates="on", pickup_at_hall=None, rates=rates)
    )

    assert response.status_code == 400
    assert expected.lower() in body(response).lower()
    assert not SellerShipping.objects.filter(seller=a).exists()
    assert not CourierRate.objects.filter(seller=a).exists()


def test_pickup_at_the_shop_needs_an_address(seller_client, shops):
    response = seller_client.post(
        reverse(SHIPPING), shipping_data(pickup_address="  ", own_rates="on", rates=OWN_RATES)
    )

    assert response.status_code == 400
    assert "Isi alamat pengambilan" in body(response)
    assert (
        not SellerShipping.objects.exists()
        and not CourierRate.objects.filter(seller__isnull=False).exists()
    )


def test_a_shop_with_no_way_to_hand_goods_over_is_refused(seller_client, shops):
    response = seller_client.post(
        reverse(SHIPPING), shipping_data(pickup_at_seller=None, pickup_at_hall=None, courier=None)
    )

    assert response.status_code == 400
    assert "Pilih setidaknya satu cara pesanan sampai ke pembeli" in body(response)
    assert not SellerShipping.objects.exists()


def test_own_rates_serving_no_zone_with_the_courier_on_are_refused(seller_client, shops):
    rates = {zone: ("5000", "0", False) for zone in Zone.values}

    response = seller_client.post(reverse(SHIPPING), shipping_data(own_rates="on", rates=rates))

    assert response.status_code == 400
    assert "setidaknya satu zona" in body(response)
    assert not CourierRate.objects.filter(seller__isnull=False).exists()


def test_the_rates_service_writes_all_or_nothing(shops):
    """A table refused in its last zone leaves the seller's earlier table and settings as
    they were: the settings row and all five rates are one write."""
    a, _b = shops
    good = {zone: RateInput(base_fee=1000 * (i + 1), per_kg=100, available=True)
            for i, zone in enumerate(Zone.values)}  # fmt: skip
    data = ShippingInput(
        pickup_at_seller=False, pickup_address="", pickup_hours="", pickup_at_hall=True,
        courier=True, own_rates=True,
    )  # fmt: skip
    seller_shipping_save(seller=a, data=data, rates=good)
    before = list(CourierRate.objects.filter(seller=a).order_by("zone").values())

    bad = dict(good, elsewhere=RateInput(base_fee=10_000_001, per_kg=0, available=True))
    with pytest.raises(ValidationError):
        seller_shipping_save(
            seller=a,
            data=ShippingInput(
                pickup_at_seller=True, pickup_address="Jl. Baru", pickup_hours="", 
                pickup_at_hall=False, courier=True, own_rates=True,
            ),
            rates={**bad, "village": RateInput(base_fee=1, per_kg=1, available=True)},
        )  # fmt: skip
    missing = {zone: rate for zone, rate in good.items() if zone != "province"}
    with pytest.raises(ValidationError):
        seller_shipping_save(seller=a, data=data, rates=missing)

    assert list(CourierRate.objects.filter(seller=a).order_by("zone").values()) == before
    shipping = SellerShipping.objects.get(seller=a)
    assert not shipping.pickup_at_seller and shipping.pickup_address == ""


def test_going_back_to_the_district_rates_keeps_the_own_table(seller_client, shops):
    a, _b = shops
    seller_client.post(reverse(SHIPPING), shipping_data(own_rates="on", rates=OWN_RATES))

    rates = dict(OWN_RATES, village=("junk", "x", True))
    response = seller_client.post(reverse(SHIPPING), shipping_data(rates=rates))

    assert response.status_code == 302
    a.refresh_from_db()
    assert not a.shipping.own_rates
    assert rate_table(seller=a)["village"].base_fee == 5000  # the district's
    assert CourierRate.objects.get(seller=a, zone="village").base_fee == 3000  # kept


# --- Isolation and suspension ---------------------------------------------------------------


def test_a_seller_changes_only_their_own_settings(client, shops):
    a, b = shops
    client.force_login(b.user)
    client.post(
        reverse(PAYMENT),
        payment_data(qris_payload=static_qris(name="TOKO BENING"), bank_name="BNI",
                     bank_account="9876543210", bank_holder="Bening Sari"),
    )  # fmt: skip
    client.post(reverse(SHIPPING), shipping_data(own_rates="on", rates=OWN_RATES))
    b_payment = payment_row(b)
    b_rates = list(CourierRate.objects.filter(seller=b).order_by("zone").values())
    b_shipping = SellerShipping.objects.filter(seller=b).values().first()

    client.force_login(a.user)
    page = body(client.get(reverse(PAYMENT)))
    assert "TOKO BENING" not in page and "9876543210" not in page
    # Posted ids of B's rows mean nothing: the shop is always the signed-in seller's.
    client.post(
        reverse(PAYMENT),
        payment_data(bank_name="BRI", bank_account="0123456789", bank_holder="Arum Sari",
                     seller=str(b.pk), id=str(b_payment["id"]), qris_remove="on"),
    )  # fmt: skip
    client.post(
        reverse(SHIPPING),
        shipping_data(own_rates="on", rates={z: ("1", "1", True) for z in Zone.values},
                      seller=str(b.pk)),
    )  # fmt: skip

    assert payment_row(b) == b_payment
    assert list(CourierRate.objects.filter(seller=b).order_by("zone").values()) == b_rates
    assert SellerShipping.objects.filter(seller=b).values().first() == b_shipping
    assert SellerPayment.objects.get(seller=a).bank_account == "0123456789"
    assert CourierRate.objects.filter(seller=a).count() == 5


@pytest.fixture
def suspended(shops):
    from django.contrib.auth import get_user_model

    a, _b = shops
    staff = get_user_model().objects.create_superuser("staf", "staf@dinas.test", "x")
    seller_suspend(seller=a, suspended_by=staff, reason="Laporan pembeli.")
    a.refresh_from_db()
    return a


def test_a_suspended_seller_sees_the_settings_but_cannot_change_them(client, suspended):
    client.force_login(suspended.user)

    for name in (PAYMENT, SHIPPING):
        response = client.get(reverse(name))
        assert response.status_code == 200
        page = body(response)
        assert "Toko Anda ditangguhkan." in page
        assert "<fieldset disabled>" in page

    response = client.post(reverse(PAYMENT), payment_data(qris_payload=STATIC))
    assert response.status_code == 403 and "sedang ditangguhkan" in body(response)
    response = client.post(reverse(SHIPPING), shipping_data(own_rates="on", rates=OWN_RATES))
    assert response.status_code == 403
    assert not SellerPayment.objects.exists() and not SellerShipping.objects.exists()
    assert not CourierRate.objects.filter(seller__isnull=False).exists()


def test_the_services_refuse_a_suspended_shop_too(suspended):
    with pytest.raises(PermissionDenied):
        seller_payment_save(
            seller=suspended,
            data=PaymentInput(qris_payload=STATIC, bank_name="", bank_account="",
                              bank_holder="", cash_on_pickup=True, cash_on_delivery=False),
        )  # fmt: skip
    with pytest.raises(PermissionDenied):
        seller_shipping_save(
            seller=suspended,
            data=ShippingInput(pickup_at_seller=False, pickup_address="", pickup_hours="",
                               pickup_at_hall=True, courier=False, own_rates=False),
        )  # fmt: skip
    assert not SellerPayment.objects.exists() and not SellerShipping.objects.exists()


# --- A 360 px phone, in a real browser ------------------------------------------------------

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
HAS_CHROMIUM = bool(shutil.which(CHROMIUM) or Path(CHROMIUM).exists())


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(not HAS_CHROMIUM, reason=f"no Chromium at {CHROMIUM}")
def test_both_pages_fit_a_phone_under_the_csp(live_server, default_rates):
    """No sideways scrolling at 360 px, no refusal by the Content-Security-Policy, and the
    own-rates table shows only while "pakai tarif sendiri" is ticked (CSS, no script)."""
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    village = villages()[0]
    village.hall_address = "Jl. Raya Sarongan No. 5, Desa Sarongan, Kecamatan Pesanggaran"
    village.save()
    seller = seller_create(name="Toko Arum Manis Sejahtera Abadi", village=village)
    seller_payment_save(
        seller=seller,
        data=PaymentInput(qris_payload=STATIC, bank_name="Bank Rakyat Indonesia",
                          bank_account="01234567890123", bank_holder="Arum Sari Dewi Lestari",
                          cash_on_pickup=True, cash_on_delivery=False),
    )  # fmt: skip
    refused: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        context = browser.new_context(viewport={"width": 360, "height": 740}, locale="id-ID")
        context.on(
            "console",
            lambda message: (
                refused.append(message.text) if "Content Security Policy" in message.text else None
            ),
        )
        signed_in = Client()
        signed_in.force_login(seller.user)
        context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": signed_in.cookies[settings.SESSION_COOKIE_NAME].value,
                    "url": live_server.url,
                }
            ]
        )
        page = context.new_page()
        for name in (PAYMENT, SHIPPING):
            page.goto(live_server.url + reverse(name))
            assert page.locator("h1").inner_text().strip() == "Pengaturan toko"
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 360, f"{name} is {width}px wide on a 360px screen"
            if os.environ.get("SHOP_SETTINGS_SCREENSHOTS"):
                page.screenshot(path=f"{os.environ['SHOP_SETTINGS_SCREENSHOTS']}/{name[-7:]}.png",
                                full_page=True)  # fmt: skip
        table = page.locator("#own-rates")
        assert not table.is_visible()
        page.check("#id_own_rates")
        assert table.is_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        page.fill("#id_rate-village-base_fee", "4.000")
        page.fill("#id_pickup_address", "Jl. Kenanga 3, RT 01/RW 02")
        if os.environ.get("SHOP_SETTINGS_SCREENSHOTS"):
            page.screenshot(path=os.environ["SHOP_SETTINGS_SCREENSHOTS"] + "/shipping.png",
                            full_page=True)  # fmt: skip
        page.click("#shop-shipping-form button[type=submit]")
        assert "Pengaturan pengiriman disimpan." in page.content()
        browser.close()
    assert refused == []
    assert CourierRate.objects.get(seller=seller, zone="village").base_fee == 4000
