"""The dashboard's "Impor produk" page: a seller uploads a file into their own shop and sees
every problem; staff import for a shop they choose; nobody else gets in."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook
from oscar.apps.catalogue.categories import create_from_breadcrumbs
from oscar.core.loading import get_model

from sellers.models import Seller
from tests.catalogue.factories import damaged_xlsx_files
from tests.sellers.factories import seller_create

pytestmark = pytest.mark.django_db

Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")

IMPORT_URL = reverse("dashboard:catalogue-product-import")
CSV_URL = reverse("dashboard:catalogue-product-import-template-csv")
XLSX_URL = reverse("dashboard:catalogue-product-import-template-xlsx")

HEADER = "sku,judul,deskripsi,kategori,harga,stok,berat_gram,satuan\r\n"
GOOD = (
    HEADER
    + "KRP-01,Keripik Pisang Manis,Renyah,Makanan > Keripik,15.000,25,250,pak\r\n"
    + "KRP-02,Keripik Singkong,,Keripik,Rp12.500,10,200,pak\r\n"
)
BAD = (
    HEADER
    + "KRP-01,Keripik Pisang Manis,Renyah,Makanan > Keripik,15.000,25,250,pak\r\n"
    + "KRP-02,Keripik Singkong,,Keripik Pedas,12.500,sepuluh,200,pak\r\n"
)


@pytest.fixture
def shop():
    create_from_breadcrumbs("Makanan > Keripik")
    return seller_create(name="Keripik Bu Sri", email="sri@penjual.test")


@pytest.fixture
def seller_client(client, shop):
    client.force_login(shop.user)
    return client


def upload(content: str, name: str = "produk.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content.encode(), content_type="text/csv")


def test_a_seller_finds_the_page_from_the_product_list(seller_client):
    listing = seller_client.get(reverse("dashboard:catalogue-product-list"))
    assert IMPORT_URL in listing.content.decode()

    page = seller_client.get(IMPORT_URL)

    assert page.status_code == 200
    html = page.content.decode()
    assert CSV_URL in html and XLSX_URL in html
    assert 'name="file"' in html and 'name="seller"' not in html


def test_a_seller_imports_a_good_file_into_their_own_shop(seller_client, shop):
    response = seller_client.post(IMPORT_URL, {"file": upload(GOOD)}, follow=True)

    assert response.redirect_chain[-1][0] == reverse("dashboard:catalogue-product-list")
    html = response.content.decode()
    assert "2 baris diimpor ke Keripik Bu Sri: 2 produk baru, 0 diperbarui" in html
    assert "Keripik Singkong" in html
    assert set(StockRecord.objects.values_list("partner_id", "partner_sku")) == {
        (shop.partner_id, "KRP-01"),
        (shop.partner_id, "KRP-02"),
    }


def test_a_bad_file_shows_every_problem_and_imports_nothing(seller_client):
    response = seller_client.post(IMPORT_URL, {"file": upload(BAD)})

    assert response.status_code == 400
    html = response.content.decode()
    assert "2 masalah, tidak ada yang diimpor" in html
    assert "Kategori tidak dikenal. Mungkin maksud Anda: “Makanan &gt; Keripik”?" in html
    assert "Tulis stok sebagai angka bulat, misalnya 25." in html
    assert html.count("<td>3</td>") == 2  # both problems are on line 3
    assert Product.objects.count() == 0


def test_a_file_that_is_not_a_spreadsheet_is_refused_clearly(seller_client):
    response = seller_client.post(
        IMPORT_URL, {"file": SimpleUploadedFile("foto.xlsx", b"\x89PNG\r\n\x1a\n....")}
    )

    assert response.status_code == 400
    assert "Berkas XLSX ini rusak atau bukan berkas Excel." in response.content.decode()
    assert Product.objects.count() == 0


@pytest.mark.parametrize(("case", "data"), damaged_xlsx_files().items())
def test_a_damaged_xlsx_is_refused_clearly(seller_client, case, data):
    response = seller_client.post(IMPORT_URL, {"file": SimpleUploadedFile("produk.xlsx", data)})

    assert response.status_code == 400
    assert "Berkas XLSX ini rusak atau bukan berkas Excel." in response.content.decode()
    assert Product.objects.count() == 0


def test_a_cell_with_a_nul_character_is_listed_and_nothing_is_imported(seller_client):
    content = GOOD.replace("Keripik Singkong", "Keripik\x00Singkong")

    response = seller_client.post(IMPORT_URL, {"file": upload(content)})

    assert response.status_code == 400
    html = response.content.decode()
    assert "1 masalah, tidak ada yang diimpor" in html
    assert "Isian ini berisi karakter tak terlihat (karakter kontrol, misalnya NUL)" in html
    assert Product.objects.count() == 0


def test_the_templates_download(seller_client):
    csv_response = seller_client.get(CSV_URL)
    assert csv_response.status_code == 200
    assert csv_response["Content-Type"].startswith("text/csv")
    assert "templat-impor-produk.csv" in csv_response["Content-Disposition"]
    assert csv_response.content.startswith(b"\xef\xbb\xbfsku,judul,deskripsi,kategori")

    xlsx_response = seller_client.get(XLSX_URL)
    assert xlsx_response.status_code == 200
    assert "templat-impor-produk.xlsx" in xlsx_response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(xlsx_response.content))
    assert workbook.sheetnames == ["Produk", "Petunjuk", "Kategori"]
    listed = [row[0] for row in workbook["Kategori"].iter_rows(min_row=2, values_only=True)]
    assert listed == ["Makanan", "Makanan > Keripik"]


def test_staff_import_for_the_shop_they_choose(client, shop):
    other = seller_create(name="Kopi Pak Budi", email="budi@penjual.test")
    staff = get_user_model().objects.create_superuser(
        username="staf", email="staf@dinas.test", password="staf-123"
    )
    client.force_login(staff)
    page = client.get(IMPORT_URL).content.decode()
    assert 'name="seller"' in page and "Kopi Pak Budi" in page

    refused = client.post(IMPORT_URL, {"file": upload(GOOD)})
    assert refused.status_code == 400 and Product.objects.count() == 0

    response = client.post(IMPORT_URL, {"file": upload(GOOD), "seller": other.pk})

    assert response.status_code == 302
    assert set(StockRecord.objects.values_list("partner_id", flat=True)) == {other.partner_id}


@pytest.mark.parametrize("url", [IMPORT_URL, CSV_URL, XLSX_URL])
def test_anonymous_users_and_customers_are_kept_out(client, shop, url):
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]

    customer = get_user_model().objects.create_user(
        username="wulan", email="wulan@pembeli.test", password="pembeli-123"
    )
    client.force_login(customer)
    assert client.get(url).status_code == 403
    assert client.post(url, {"file": upload(GOOD)}).status_code == 403
    assert Product.objects.count() == 0


def test_a_suspended_seller_cannot_import(seller_client, shop):
    Seller.objects.filter(pk=shop.pk).update(status=Seller.Status.SUSPENDED)

    response = seller_client.post(IMPORT_URL, {"file": upload(GOOD)})

    assert response.status_code == 403
    assert Product.objects.count() == 0
