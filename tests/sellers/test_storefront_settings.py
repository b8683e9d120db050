"""The seller's own page at /shops/mine/: storefront profile (description, WhatsApp, logo,
banner) and documents (list with status, add, download). Only the owner gets in; refused
uploads leave no file; a suspended shop's page is read-only."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from oscar.core.loading import get_model
from PIL import Image

from sellers.choices import DocumentStatus
from sellers.models import Seller, SellerDocument
from tests.catalogue.factories import product_for_sale
from tests.sellers.factories import document_create, seller_create

pytestmark = pytest.mark.django_db

Category = get_model("catalogue", "Category")

SETTINGS = "/shops/mine/"
DOCUMENTS = "/shops/mine/documents/"
GPS_IFD = 0x8825


@pytest.fixture(autouse=True)
def storage(settings, tmp_path):
    """Each test's uploads in folders of its own, to count what was written."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")
    return tmp_path


def files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def image(fmt: str, size=(800, 800), **options) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, "orange").save(out, fmt, **options)
    return out.getvalue()


def jpeg_with_gps(size) -> bytes:
    exif = Image.Exif()
    exif[GPS_IFD] = {1: "S", 2: (8.0, 13.0, 0.0), 3: "E", 4: (114.0, 22.0, 0.0)}
    return image("JPEG", size, exif=exif)


def pdf() -> bytes:
    return b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def upload(name: str, content: bytes, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture
def shop():
    product = product_for_sale(
        title="Keripik Tempe Bu Sri", category="Kuliner & Camilan > Keripik", shop="Bu Sri"
    )
    return Seller.objects.get(partner=product.stockrecords.get().partner)


@pytest.fixture
def owner(client, shop):
    client.force_login(shop.user)
    return client


def profile(**overrides) -> dict:
    data = {"description": "Keripik tempe renyah.", "whatsapp": "0813-3344-5566"}
    data.update(overrides)
    return data


def test_only_a_signed_in_seller_reaches_the_page(client, shop):
    response = client.get(SETTINGS)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]

    buyer = seller_create(name="Lain").user
    buyer.sellers.all().delete()
    client.force_login(buyer)
    response = client.get(SETTINGS)
    assert response.status_code == 302 and response["Location"] == "/shops/apply/status/"


def test_seller_changes_description_and_whatsapp(owner, shop):
    response = owner.post(SETTINGS, profile())

    assert response.status_code == 302 and response["Location"] == SETTINGS
    shop.refresh_from_db()
    assert shop.description == "Keripik tempe renyah."
    assert shop.whatsapp == "+6281333445566"
    assert "https://wa.me/6281333445566?text=" in owner.get("/shops/bu-sri/").content.decode()


def test_a_number_whatsapp_cannot_reach_is_refused(owner, shop):
    response = owner.post(SETTINGS, profile(whatsapp="0333-424242"))

    assert response.status_code == 200
    assert "bukan nomor telepon rumah" in response.content.decode()
    shop.refresh_from_db()
    assert shop.whatsapp == "+6281234567890" and shop.description == ""


def test_logo_and_banner_are_cleaned_and_resized(owner, shop):
    response = owner.post(
        SETTINGS,
        profile(
            logo=upload("logo.jpg", jpeg_with_gps((1200, 900))),
            banner=upload("banner.png", image("PNG", (3000, 1000))),
        ),
    )

    assert response.status_code == 302
    shop.refresh_from_db()
    with Image.open(shop.logo.open("rb")) as logo:
        assert logo.format == "JPEG" and max(logo.size) == 512
        assert not logo.getexif().get_ifd(GPS_IFD)
    with Image.open(shop.banner.open("rb")) as banner:
        assert banner.format == "PNG" and banner.size == (1600, 533)
    assert "logo" not in Path(shop.logo.name).stem


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("logo.gif", image("GIF"), "Foto harus berupa gambar JPEG, PNG atau WebP."),
        ("logo.jpg", image("PNG"), "Nama file tidak sesuai isinya"),
        ("logo.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 9 * 1024 * 1024, "paling besar 8 MB"),
    ],
)
def test_a_refused_image_changes_nothing_and_leaves_no_file(
    owner, shop, storage, name, content, message
):
    response = owner.post(SETTINGS, profile(logo=upload(name, content)))

    assert response.status_code == 200
    assert message in response.content.decode()
    shop.refresh_from_db()
    assert not shop.logo and shop.description == ""
    assert files(storage / "media") == []


def test_replacing_and_clearing_the_logo_removes_the_old_file(
    owner, shop, storage, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        owner.post(SETTINGS, profile(logo=upload("a.png", image("PNG", (100, 100)))))
    first = files(storage / "media")
    assert len(first) == 1

    with django_capture_on_commit_callbacks(execute=True):
        owner.post(SETTINGS, profile(logo=upload("b.png", image("PNG", (120, 120)))))
    second = files(storage / "media")
    assert len(second) == 1 and second != first

    with django_capture_on_commit_callbacks(execute=True):
        owner.post(SETTINGS, profile(**{"logo-clear": "on"}))
    shop.refresh_from_db()
    assert not shop.logo
    assert files(storage / "media") == []


def test_documents_are_listed_with_their_status_and_the_hidden_products_explained(owner, shop):
    today = timezone.localdate()
    Category.objects.filter(name="Kuliner & Camilan").update(required_document="pirt")
    document_create(
        seller=shop, kind="halal", number="H-VALID", expires_on=today + dt.timedelta(days=200)
    )
    document_create(
        seller=shop, kind="pirt", number="P-SOON", expires_on=today + dt.timedelta(days=20)
    )
    document_create(
        seller=shop, kind="pirt", number="P-OLD", expires_on=today - dt.timedelta(days=1)
    )

    html = owner.get(SETTINGS).content.decode()

    rows = {
        row.split("</strong> ")[1].split("<")[0].strip(): row
        for row in html.split('data-testid="document"')[1:]
    }
    assert 'data-status="valid"' in rows["H-VALID"]
    assert 'data-status="expires-soon"' in rows["P-SOON"]
    assert 'data-status="expired"' in rows["P-OLD"]
    assert 'data-testid="missing-documents"' not in html

    SellerDocument.objects.filter(number="P-SOON").delete()
    html = owner.get(SETTINGS).content.decode()
    assert 'data-testid="missing-documents"' in html
    assert "1 produk di kategori Kuliner &amp; Camilan tidak tampil" in html
    assert "PIRT" in html.split('data-testid="missing-documents"')[1].split("</div>")[0]


def test_seller_adds_a_document_that_waits_for_staff_before_its_badge_shows(owner, shop, storage):
    expires = timezone.localdate() + dt.timedelta(days=365)
    response = owner.post(
        DOCUMENTS,
        {
            "kind": "halal",
            "number": " ID35110000123450124 ",
            "expires_on": expires.isoformat(),
            "file": upload("sertifikat halal.PDF", pdf(), "application/pdf"),
        },
    )

    assert response.status_code == 302 and response["Location"] == SETTINGS
    document = SellerDocument.objects.get(seller=shop)
    assert (document.kind, document.number, document.expires_on) == (
        "halal",
        "ID35110000123450124",
        expires,
    )
    assert document.file.name.endswith(".pdf") and "sertifikat" not in document.file.name
    assert len(files(storage / "private")) == 1 and files(storage / "media") == []
    # A seller cannot declare their own halal certificate: staff check it first.
    assert document.status == DocumentStatus.PENDING
    assert 'data-badge="halal"' not in owner.get("/shops/bu-sri/").content.decode()
    page = owner.get(SETTINGS).content.decode()
    assert 'data-status="pending"' in page and "Menunggu pemeriksaan staf dinas" in page

    document.status = DocumentStatus.VERIFIED
    document.save()
    assert 'data-badge="halal"' in owner.get("/shops/bu-sri/").content.decode()


@pytest.mark.parametrize(
    "name, content, expires_in, message",
    [
        ("izin.pdf", image("GIF"), 365, "Dokumen harus berupa berkas PDF, JPEG atau PNG."),
        ("izin.pdf", b"%PDF-1.4\n" + b"0" * (5 * 1024 * 1024), 365, "paling besar 5 MB"),
        ("izin.txt", b"bukan dokumen", 365, "Dokumen harus berupa berkas PDF, JPEG atau PNG."),
        ("izin.pdf", pdf(), 0, "sudah tidak berlaku"),
        ("izin.pdf", pdf(), 365 * 60, "Periksa tahunnya"),
    ],
)
def test_a_refused_document_is_not_saved_and_leaves_no_file(
    owner, shop, storage, name, content, expires_in, message
):
    expires = timezone.localdate() + dt.timedelta(days=expires_in)
    response = owner.post(
        DOCUMENTS,
        {
            "kind": "pirt",
            "number": "P-1",
            "expires_on": expires.isoformat(),
            "file": upload(name, content),
        },
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not SellerDocument.objects.exists()
    assert files(storage / "private") == []


def test_seller_downloads_only_own_documents(owner, shop, client):
    own = document_create(seller=shop, kind="pirt", number="P-IRT 1234/5")
    other = document_create(seller=seller_create(name="Toko Lain"), kind="pirt")

    response = owner.get(f"/shops/mine/documents/{own.pk}/file/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-1.4")
    assert response["Content-Disposition"] == 'attachment; filename="pirt-p-irt-12345.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"

    assert owner.get(f"/shops/mine/documents/{other.pk}/file/").status_code == 404
    client.logout()
    response = client.get(f"/shops/mine/documents/{own.pk}/file/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_suspended_shop_can_look_but_not_change(owner, shop, storage):
    own = document_create(seller=shop, kind="pirt")
    shop.status = Seller.Status.SUSPENDED
    shop.suspended_reason = "Laporan pembeli sedang diperiksa."
    shop.save()

    page = owner.get(SETTINGS)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Toko Anda sedang ditangguhkan." in html and "Laporan pembeli sedang diperiksa." in html
    assert 'data-testid="document-form"' not in html
    assert owner.get(f"/shops/mine/documents/{own.pk}/file/").status_code == 200

    response = owner.post(SETTINGS, profile(logo=upload("a.png", image("PNG", (50, 50)))))
    assert response.status_code == 403
    assert "pengaturan dan dokumen hanya dapat dilihat" in response.content.decode()
    response = owner.post(
        DOCUMENTS,
        {
            "kind": "halal",
            "number": "H-1",
            "expires_on": "2099-01-01",
            "file": upload("h.pdf", pdf()),
        },
    )
    assert response.status_code == 403

    shop.refresh_from_db()
    assert shop.description == "" and not shop.logo
    assert list(SellerDocument.objects.values_list("pk", flat=True)) == [own.pk]
    assert files(storage / "media") == []
