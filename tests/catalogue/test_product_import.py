"""Importing a seller's products from CSV or XLSX: all or nothing, every bad row listed,
re-import updates, and one shop's SKUs never reach another shop's products."""

from __future__ import annotations

import csv
import io
import zipfile
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from openpyxl import Workbook, load_workbook
from oscar.apps.catalogue.categories import create_from_breadcrumbs
from oscar.core.loading import get_model

from catalogue.importing import (
    COLUMNS,
    ImportRejected,
    product_import_template_csv,
    product_import_template_xlsx,
    products_import,
)
from catalogue.models import Unit
from dashboard.selectors import products_owned
from sellers.models import Seller
from sellers.selectors import products_listed
from tests.catalogue.factories import damaged_xlsx_files, xlsx_part_replaced
from tests.sellers.factories import seller_create

pytestmark = pytest.mark.django_db

Product = get_model("catalogue", "Product")
ProductAlert = get_model("customer", "ProductAlert")
StockAlert = get_model("partner", "StockAlert")
StockRecord = get_model("partner", "StockRecord")


@pytest.fixture
def categories():
    return {
        path: create_from_breadcrumbs(path)
        for path in (
            "Makanan > Keripik",
            "Makanan > Kue Kering",
            "Minuman > Kopi",
            "Kerajinan > Anyaman",
            "Makanan > Lainnya",
            "Kerajinan > Lainnya",
        )
    }


@pytest.fixture
def shop(categories) -> Seller:
    return seller_create(name="Keripik Bu Sri", email="sri@penjual.test")


@pytest.fixture
def other_shop(categories) -> Seller:
    return seller_create(name="Kopi Pak Budi", email="budi@penjual.test")


def goods() -> list[dict[str, str]]:
    return [
        {
            "sku": "KRP-01",
            "judul": "Keripik Pisang Manis 200 g",
            "deskripsi": "Pisang kepok, digoreng dengan minyak kelapa.",
            "kategori": "Makanan > Keripik",
            "harga": "15.000",
            "stok": "25",
            "berat_gram": "250",
            "satuan": "pak",
        },
        {
            "sku": "KRP-02",
            "judul": "Keripik Singkong Balado",
            "deskripsi": "",
            "kategori": "keripik",  # the name alone, in any case, when only one has it
            "harga": "Rp12.500",
            "stok": "0",
            "berat_gram": "200",
            "satuan": "Pak",
        },
        {
            "sku": "KUE-01",
            "judul": "Kue Bawang Renyah",
            "deskripsi": "Kue bawang, 1 toples.\nTahan 2 bulan.",
            "kategori": "makanan>kue kering",
            "harga": "30000",
            "stok": "1.000",
            "berat_gram": "500 g",
            "satuan": "buah",
        },
        {
            "sku": "0042",
            "judul": "Tikar Pandan 1 x 2 m",
            "deskripsi": "Anyaman pandan duri.",
            "kategori": "Kerajinan > Lainnya",
            "harga": "Rp 85.000,-",
            "stok": "3",
            "berat_gram": "1500",
            "satuan": "lembar",
        },
    ]


def csv_bytes(rows, header=COLUMNS) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=list(header), extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def import_csv(rows, seller):
    return products_import(file=csv_bytes(rows), filename="produk.csv", seller=seller)


def rejected_errors(rows, seller) -> list[str]:
    with pytest.raises(ImportRejected) as rejected:
        import_csv(rows, seller)
    return [str(e) for e in rejected.value.errors]


def stockrecord(seller, sku):
    return StockRecord.objects.select_related("product").get(
        partner=seller.partner, partner_sku=sku
    )


def test_a_good_csv_creates_products_with_stock_at_the_sellers_shop_only(shop, other_shop):
    result = import_csv(goods(), shop)

    assert (result.rows, result.created, result.updated, result.unchanged) == (4, 4, 0, 0)
    assert Product.objects.count() == 4
    assert StockRecord.objects.filter(partner=other_shop.partner).count() == 0
    assert set(products_owned(partner=shop.partner)) == set(Product.objects.all())
    assert products_listed(Product.objects.all()).count() == 4

    pisang = stockrecord(shop, "KRP-01")
    product = pisang.product
    assert product.title == "Keripik Pisang Manis 200 g"
    assert product.description == "Pisang kepok, digoreng dengan minyak kelapa."
    assert product.product_class.name == "Produk UMKM"
    assert product.product_class.requires_shipping and product.product_class.track_stock
    assert product.is_public and product.structure == Product.STANDALONE
    assert (product.weight_grams, product.unit) == (250, Unit.PACK)
    assert [c.full_name for c in product.categories.all()] == ["Makanan > Keripik"]
    assert (pisang.price, pisang.price_currency, pisang.num_in_stock) == (
        Decimal(15000),
        "IDR",
        25,
    )
    assert product.get_absolute_url()  # a slug, as the product form would give it

    assert stockrecord(shop, "KRP-02").price == Decimal(12500)
    kue = stockrecord(shop, "KUE-01")
    assert (kue.num_in_stock, kue.product.weight_grams, kue.product.unit) == (1000, 500, "pcs")
    assert kue.product.description == "Kue bawang, 1 toples.\nTahan 2 bulan."
    tikar = stockrecord(shop, "0042")
    assert tikar.price == Decimal(85000)
    assert tikar.product.categories.get().full_name == "Kerajinan > Lainnya"


def test_reimport_updates_and_never_duplicates(shop):
    import_csv(goods(), shop)
    hidden = stockrecord(shop, "KRP-02").product
    hidden.is_public = False  # the seller hid it in the dashboard
    hidden.save()
    rows = goods()
    rows[0].update(harga="16.000", stok="40", kategori="Makanan > Kue Kering", judul="Pisang")
    rows[1]["deskripsi"] = ""  # an empty cell keeps what the product has
    rows[2]["deskripsi"] = ""
    rows[3]["satuan"] = "set"

    result = import_csv(rows, shop)

    assert (result.rows, result.created, result.updated, result.unchanged) == (4, 0, 2, 2)
    assert Product.objects.count() == 4 and StockRecord.objects.count() == 4
    pisang = stockrecord(shop, "KRP-01")
    assert (pisang.price, pisang.num_in_stock, pisang.product.title) == (
        Decimal(16000),
        40,
        "Pisang",
    )
    assert [c.full_name for c in pisang.product.categories.all()] == ["Makanan > Kue Kering"]
    assert (
        stockrecord(shop, "KUE-01").product.description == "Kue bawang, 1 toples.\nTahan 2 bulan."
    )
    assert stockrecord(shop, "0042").product.unit == "set"
    assert not stockrecord(shop, "KRP-02").product.is_public

    again = import_csv(rows, shop)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)


def test_an_xlsx_with_number_cells_imports(shop):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["SKU", "Judul", "Kategori", "Harga", "Stok", "Berat Gram", "Satuan"])
    sheet.append([1001, "Kopi Robusta 250 g", "Minuman > Kopi", 45000, 12, 260.0, "pcs"])
    sheet.append([])
    sheet.append(["KOPI-2", "Kopi Arabika 250 g", "Kopi", 65000.0, 0, 260, "PCS"])
    out = io.BytesIO()
    workbook.save(out)

    result = products_import(file=out.getvalue(), filename="produk.xlsx", seller=shop)

    assert result.created == 2
    robusta = stockrecord(shop, "1001")
    assert (robusta.price, robusta.num_in_stock, robusta.product.weight_grams) == (
        Decimal(45000),
        12,
        260,
    )
    assert robusta.product.description == ""
    assert stockrecord(shop, "KOPI-2").price == Decimal(65000)


def test_one_bad_row_imports_nothing_and_every_bad_row_is_listed(shop):
    import_csv(goods()[:1], shop)
    rows = goods()
    rows[0]["harga"] = "99.000"  # a good update, not written because of the others
    rows[1].update(harga="15.000,50", stok="-1", berat_gram="0", satuan="karung")
    rows[2].update(judul="", kategori="Makanan > Kripik")
    rows[3]["sku"] = "KRP-01"
    rows.append({**goods()[0], "sku": "X" * 65, "harga": "50", "stok": "2,5"})

    errors = rejected_errors(rows, shop)

    assert errors == [
        "Baris 2, kolom sku: SKU ini juga dipakai di baris 5: setiap produk butuh SKU sendiri.",
        "Baris 3, kolom harga: Tulis harga dalam Rupiah tanpa sen, misalnya 15000 atau 15.000.",
        "Baris 3, kolom stok: Tulis stok sebagai angka bulat, misalnya 25.",
        "Baris 3, kolom berat_gram: Berat harus antara 1 dan 1.000.000 gram.",
        "Baris 3, kolom satuan: Satuan tidak dikenal: tulis pcs, pak, kg, gram, liter, botol, "
        "lembar atau set.",
        "Baris 4, kolom judul: Wajib diisi.",
        "Baris 4, kolom kategori: Kategori tidak dikenal. Mungkin maksud Anda: "
        "“Makanan > Keripik”?",
        "Baris 5, kolom sku: SKU ini juga dipakai di baris 2: setiap produk butuh SKU sendiri.",
        "Baris 6, kolom sku: Paling banyak 64 karakter.",
        "Baris 6, kolom harga: Harga harus antara Rp100 dan Rp1.000.000.000.",
        "Baris 6, kolom stok: Tulis stok sebagai angka bulat, misalnya 25.",
    ]
    assert Product.objects.count() == 1
    assert stockrecord(shop, "KRP-01").price == Decimal(15000)


def test_a_category_name_two_categories_share_must_be_written_in_full(shop):
    rows = goods()[:1]
    rows[0]["kategori"] = "Lainnya"

    assert rejected_errors(rows, shop) == [
        "Baris 2, kolom kategori: Ada beberapa kategori bernama ini: tulis lengkap, misalnya "
        "“Kerajinan > Lainnya” atau “Makanan > Lainnya”."
    ]


def test_another_shops_sku_creates_the_sellers_own_product(shop, other_shop):
    import_csv(goods()[:1], other_shop)
    theirs = stockrecord(other_shop, "KRP-01")
    rows = goods()[:1]
    rows[0].update(judul="Keripik Pisang Bu Sri", harga="9.000", stok="7")

    result = import_csv(rows, shop)

    assert result.created == 1 and result.updated == 0
    mine = stockrecord(shop, "KRP-01")
    assert mine.product_id != theirs.product_id
    assert (mine.product.title, mine.price) == ("Keripik Pisang Bu Sri", Decimal(9000))
    theirs.refresh_from_db()
    theirs.product.refresh_from_db()
    assert (theirs.product.title, theirs.price, theirs.num_in_stock) == (
        "Keripik Pisang Manis 200 g",
        Decimal(15000),
        25,
    )
    assert list(theirs.product.stockrecords.all()) == [theirs]


def test_a_product_another_shop_also_sells_is_left_to_staff(shop, other_shop):
    import_csv(goods()[:1], shop)
    shared = stockrecord(shop, "KRP-01").product
    StockRecord.objects.create(
        product=shared, partner=other_shop.partner, partner_sku="B-1", price=1, num_in_stock=1
    )
    rows = goods()[:1]
    rows[0]["judul"] = "Diganti"

    assert rejected_errors(rows, shop) == [
        "Baris 2, kolom sku: Produk dengan SKU ini juga dijual toko lain, jadi hanya bisa "
        "diubah staf. Hapus baris ini atau pakai SKU lain."
    ]
    shared.refresh_from_db()
    assert shared.title == "Keripik Pisang Manis 200 g"


def test_stock_below_what_buyers_ordered_is_refused(shop):
    import_csv(goods()[:1], shop)
    StockRecord.objects.filter(partner_sku="KRP-01").update(num_allocated=5)
    rows = goods()[:1]
    rows[0]["stok"] = "4"

    assert rejected_errors(rows, shop) == [
        "Baris 2, kolom stok: Stok tidak boleh kurang dari jumlah yang sudah dipesan pembeli (5)."
    ]


def test_a_suspended_shop_cannot_import(shop):
    Seller.objects.filter(pk=shop.pk).update(status=Seller.Status.SUSPENDED)
    shop.refresh_from_db()

    with pytest.raises(PermissionDenied):
        import_csv(goods(), shop)
    assert Product.objects.count() == 0


def test_restocking_tells_buyers_waiting_for_the_product(shop, django_user_model):
    rows = goods()[1:2]  # stock 0
    import_csv(rows, shop)
    product = stockrecord(shop, "KRP-02").product
    buyer = django_user_model.objects.create_user(
        username="wulan", email="wulan@pembeli.test", password="pembeli-123"
    )
    ProductAlert.objects.create(product=product, user=buyer, status=ProductAlert.ACTIVE)
    mail.outbox.clear()
    rows[0]["stok"] = "10"

    import_csv(rows, shop)

    assert [m.to for m in mail.outbox] == [["wulan@pembeli.test"]]
    assert "Keripik Singkong Balado" in mail.outbox[0].body


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"x" * (5 * 1024 * 1024 + 1), "Berkas terlalu besar: paling besar 5 MB."),
        (",".join(COLUMNS).encode() + b"\r\n", "Berkas hanya berisi judul kolom"),
        (b"sku,judul,harga\r\nA,B,1\r\n", "kolom tidak ada: kategori, stok, berat_gram, satuan"),
    ],
)
def test_unreadable_files_are_refused_clearly(shop, data, message):
    with pytest.raises(ImportRejected) as rejected:
        products_import(file=data, filename="produk.csv", seller=shop)

    [error] = rejected.value.errors
    assert message in error.message


@pytest.mark.parametrize(("case", "data"), damaged_xlsx_files().items())
def test_a_damaged_xlsx_is_refused_as_damaged(shop, case, data):
    with pytest.raises(ImportRejected) as rejected:
        products_import(file=data, filename="produk.xlsx", seller=shop)

    assert [e.message for e in rejected.value.errors] == [
        "Berkas XLSX ini rusak atau bukan berkas Excel."
    ]
    assert Product.objects.count() == 0


def test_a_number_cell_beyond_what_a_number_holds_is_a_row_error(shop):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["sku", "judul", "kategori", "harga", "stok", "berat_gram", "satuan"])
    sheet.append(["KRP-01", "Keripik Pisang", "Keripik", 111111, 25, 250, "pak"])
    sheet.append(["KRP-02", "Keripik Singkong", "Keripik", 15000, 222222, 250, "pak"])
    sheet.append(["KRP-03", "Keripik Tempe", "Keripik", 15000, 25, 333333, "pak"])
    out = io.BytesIO()
    workbook.save(out)
    part = "xl/worksheets/sheet1.xml"
    xml = zipfile.ZipFile(out).read(part)
    # Excel stores what a cell shows as 1E+400 as the text 1E400: read, it is infinity.
    for number, spoiled in ((b"111111", b"1E400"), (b"222222", b"1E400"), (b"333333", b"-1E400")):
        xml = xml.replace(b"<v>" + number + b"</v>", b"<v>" + spoiled + b"</v>")
    data = xlsx_part_replaced(out.getvalue(), part, xml)

    with pytest.raises(ImportRejected) as rejected:
        products_import(file=data, filename="produk.xlsx", seller=shop)

    assert [str(e) for e in rejected.value.errors] == [
        "Baris 2, kolom harga: Tulis harga dalam Rupiah tanpa sen, misalnya 15000 atau 15.000.",
        "Baris 3, kolom stok: Tulis stok sebagai angka bulat, misalnya 25.",
        "Baris 4, kolom berat_gram: Tulis berat dalam gram sebagai angka bulat, misalnya 250.",
    ]
    assert Product.objects.count() == 0


def test_a_number_with_thousands_of_digits_is_out_of_range(shop):
    rows = goods()[:2]
    rows[0]["harga"] = "9" * 5000
    rows[1]["stok"] = "0" * 5000 + "7"  # leading zeros: only 7

    assert rejected_errors(rows, shop) == [
        "Baris 2, kolom harga: Harga harus antara Rp100 dan Rp1.000.000.000."
    ]
    rows[0]["harga"] = "15.000"
    import_csv(rows, shop)
    assert stockrecord(shop, "KRP-02").num_in_stock == 7


def test_cells_with_control_characters_are_refused_on_every_row(shop):
    rows = goods()
    rows[0]["judul"] = "Keripik\x00Pisang"
    rows[1]["deskripsi"] = "Renyah\x07 dan gurih"
    rows[1]["satuan"] = "pak\x1b"
    rows[2]["sku"] = "KUE\x0c01"
    # Tabs and line breaks are text, not control characters to refuse.
    rows[3]["deskripsi"] = "Anyaman\tpandan duri.\r\nTahan lama."

    message = (
        "Isian ini berisi karakter tak terlihat (karakter kontrol, misalnya NUL) yang tidak "
        "bisa disimpan. Hapus isian ini lalu ketik ulang."
    )
    assert rejected_errors(rows, shop) == [
        f"Baris 2, kolom judul: {message}",
        f"Baris 3, kolom deskripsi: {message}",
        f"Baris 3, kolom satuan: {message}",
        f"Baris 4, kolom sku: {message}",
    ]
    assert Product.objects.count() == 0

    import_csv(rows[3:], shop)
    assert stockrecord(shop, "0042").product.description == "Anyaman\tpandan duri.\nTahan lama."


def test_control_characters_in_an_xlsx_cell_are_refused_too(shop):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["sku", "judul", "kategori", "harga", "stok", "berat_gram", "satuan"])
    sheet.append(["KRP-01", "Keripik\x7fPisang", "Keripik", 15000, 25, 250, "pak"])
    out = io.BytesIO()
    workbook.save(out)

    with pytest.raises(ImportRejected) as rejected:
        products_import(file=out.getvalue(), filename="produk.xlsx", seller=shop)

    assert [(e.line, e.column) for e in rejected.value.errors] == [(2, "judul")]
    assert "karakter kontrol" in rejected.value.errors[0].message
    assert Product.objects.count() == 0


def test_more_than_2000_rows_are_refused(shop):
    row = ",".join(goods()[0][c] for c in COLUMNS if c != "deskripsi")
    header = ",".join(c for c in COLUMNS if c != "deskripsi")
    data = (header + "\r\n" + (row + "\r\n") * 2001).encode()

    with pytest.raises(ImportRejected) as rejected:
        products_import(file=data, filename="produk.csv", seller=shop)

    assert [e.message for e in rejected.value.errors] == [
        "Terlalu banyak baris: paling banyak 2.000 produk per berkas."
    ]


def test_the_templates_explain_the_columns_and_their_example_is_not_imported(shop):
    csv_template = product_import_template_csv()
    assert csv_template.startswith(b"\xef\xbb\xbf" + ",".join(COLUMNS).encode())
    xlsx_template = product_import_template_xlsx()
    workbook = load_workbook(io.BytesIO(xlsx_template))
    assert workbook.sheetnames == ["Produk", "Petunjuk", "Kategori"]
    assert [c.value for c in workbook["Produk"][1]] == list(COLUMNS)
    explained = [row[0] for row in workbook["Petunjuk"].iter_rows(min_row=2, values_only=True)]
    assert set(COLUMNS) <= set(explained)
    listed = [row[0] for row in workbook["Kategori"].iter_rows(min_row=2, values_only=True)]
    assert "Makanan > Keripik" in listed and "Kerajinan > Lainnya" in listed

    for data, filename in ((csv_template, "t.csv"), (xlsx_template, "t.xlsx")):
        with pytest.raises(ImportRejected) as rejected:
            products_import(file=data, filename=filename, seller=shop)
        assert [str(e) for e in rejected.value.errors] == [
            "Baris 2: Ini baris contoh dari templat: hapus baris ini."
        ]

    workbook["Produk"]["A2"] = "KRP-99"
    out = io.BytesIO()
    workbook.save(out)
    assert products_import(file=out.getvalue(), filename="t.xlsx", seller=shop).created == 1


def test_stock_falling_below_the_shops_threshold_opens_a_stock_alert(shop):
    import_csv(goods()[:1], shop)
    StockRecord.objects.filter(partner_sku="KRP-01").update(low_stock_threshold=5)
    rows = goods()[:1]
    rows[0]["stok"] = "2"

    import_csv(rows, shop)

    [alert] = StockAlert.objects.all()
    assert (alert.stockrecord, alert.status, alert.threshold) == (
        stockrecord(shop, "KRP-01"),
        StockAlert.OPEN,
        5,
    )
