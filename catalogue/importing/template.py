"""The downloadable product import templates: CSV, and XLSX with a sheet explaining each
column and a sheet listing the site's categories."""

from __future__ import annotations

from django.utils.translation import gettext as _

from spreadsheets import template_csv, template_xlsx

from .categories import CategoryIndex
from .columns import (
    COLUMN_HELP,
    FILE_FORMAT,
    MAX_FILE_BYTES,
    MAX_ROWS,
    REQUIRED_VALUES,
    TEMPLATE_EXAMPLE,
)


def _example(categories: CategoryIndex) -> dict[str, str]:
    """The example row, in a category the site has (the deepest of the first branch)."""
    names = sorted(categories.full_names.values())
    if not names:
        return TEMPLATE_EXAMPLE
    leaf = next((n for n in names if not any(o.startswith(n + " > ") for o in names)), names[0])
    return {**TEMPLATE_EXAMPLE, "kategori": leaf}


def product_import_template_csv() -> bytes:
    """A CSV template: the header and one example row, UTF-8 with a BOM, comma separated."""
    return template_csv(file_format=FILE_FORMAT, example=_example(CategoryIndex()))


def product_import_template_xlsx() -> bytes:
    """An XLSX template: sheet "Produk" with the header and an example row, sheet
    "Petunjuk" explaining each column, and sheet "Kategori" listing the categories."""
    categories = CategoryIndex()
    return template_xlsx(
        file_format=FILE_FORMAT,
        sheet_title="Produk",
        example=_example(categories),
        column_help=COLUMN_HELP,
        required_values=REQUIRED_VALUES,
        text_columns=("sku",),
        widths={"sku": 16, "judul": 32, "deskripsi": 40, "kategori": 28},
        notes=(
            _(
                "Baris pertama lembar Produk adalah judul kolom; mulai baris 2, satu baris per "
                "produk. Hapus baris contoh sebelum mengunggah."
            ),
            _(
                "Impor berlaku semua atau tidak sama sekali: bila ada satu baris salah, tidak "
                "ada yang disimpan, dan setiap kesalahan ditampilkan dengan nomor baris dan "
                "kolomnya."
            ),
            _(
                "Produk dicocokkan dengan SKU: mengunggah SKU yang sama lagi memperbarui "
                "produknya, tidak membuat produk ganda. Produk baru langsung tampil di toko; "
                "produk yang Anda sembunyikan tetap tersembunyi."
            ),
            _("Foto produk ditambahkan lewat halaman produk di dasbor setelah impor."),
            _(
                "Bisa juga CSV (UTF-8, pemisah koma atau titik koma) dengan judul kolom yang "
                "sama. Paling banyak %(rows)s baris dan %(mb)s MB per berkas."
            )
            % {"rows": f"{MAX_ROWS:,}".replace(",", "."), "mb": MAX_FILE_BYTES // (1024 * 1024)},
        ),
        extra_sheets={
            "Kategori": (
                [_("Kategori")],
                ([name] for name in sorted(categories.full_names.values())),
            )
        },
    )
