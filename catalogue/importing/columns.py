"""The product import file's format: its columns, its limits, and the template's example."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from spreadsheets import FileFormat

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ROWS = 2_000
#: Limits shared with the seller's product form, so that an imported product can be
#: edited there without a complaint.
MAX_SKU = 64
MAX_TITLE = 255
MAX_DESCRIPTION = 5000
MIN_PRICE = 100
MAX_PRICE = 1_000_000_000
MAX_STOCK = 1_000_000
MAX_WEIGHT_GRAMS = 1_000_000

#: The columns, in the template's order.
COLUMNS = ("sku", "judul", "deskripsi", "kategori", "harga", "stok", "berat_gram", "satuan")
#: Columns the header must have; ``deskripsi`` may be left out.
REQUIRED_COLUMNS = ("sku", "judul", "kategori", "harga", "stok", "berat_gram", "satuan")
#: Columns that may not be empty in any row.
REQUIRED_VALUES = REQUIRED_COLUMNS

FILE_FORMAT = FileFormat(
    columns=COLUMNS,
    required_columns=REQUIRED_COLUMNS,
    max_rows=MAX_ROWS,
    max_file_bytes=MAX_FILE_BYTES,
    too_many_rows=_("Terlalu banyak baris: paling banyak %(max)s produk per berkas."),
)

#: The example row of the templates; a file that still holds its SKU is refused, so that
#: the example never becomes a product. Its category is the first one the site has.
TEMPLATE_EXAMPLE = {
    "sku": "CONTOH-001",
    "judul": "Keripik Pisang Manis 200 g",
    "deskripsi": "Keripik pisang kepok, digoreng dengan minyak kelapa. Tanpa pengawet.",
    "kategori": "Makanan > Keripik",
    "harga": "15.000",
    "stok": "25",
    "berat_gram": "250",
    "satuan": "pak",
}

#: What each column holds, for the template's "Petunjuk" sheet.
COLUMN_HELP = {
    "sku": _(
        "Kode produk Anda sendiri, paling banyak 64 karakter, berbeda untuk setiap produk. "
        "Produk dicocokkan dengan kode ini: mengunggah kode yang sama lagi memperbarui "
        "produknya. Di Excel, format kolom ini sebagai Teks agar angka 0 di depan tidak hilang."
    ),
    "judul": _("Nama produk, paling banyak 255 karakter."),
    "deskripsi": _(
        "Keterangan produk, paling banyak 5.000 karakter. Boleh kosong; bila kosong, "
        "deskripsi produk yang sudah ada tidak berubah."
    ),
    "kategori": _(
        "Kategori lengkap seperti di lembar Kategori, misalnya “Makanan > Keripik”, atau "
        "nama kategorinya saja bila nama itu hanya ada satu."
    ),
    "harga": _("Harga dalam Rupiah tanpa sen: 15000, 15.000 atau Rp15.000. Paling rendah Rp100."),
    "stok": _("Jumlah yang siap dijual: angka bulat, 0 atau lebih."),
    "berat_gram": _("Berat kirim per satuan dalam gram, termasuk kemasan: angka bulat."),
    "satuan": _("Satuan jual: pcs, pak, kg, gram, liter, botol, lembar atau set."),
}
