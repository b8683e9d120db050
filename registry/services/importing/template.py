"""The downloadable import templates: CSV, and XLSX with a sheet explaining each column."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from spreadsheets import template_csv, template_xlsx

from .columns import (
    COLUMN_HELP,
    FILE_FORMAT,
    MAX_FILE_BYTES,
    MAX_ROWS,
    REQUIRED_VALUES,
    TEMPLATE_EXAMPLE,
)

_DATE_FORMAT = "DD/MM/YYYY"


def import_template_csv() -> bytes:
    """A CSV template: the header and one example row, UTF-8 with a BOM, comma separated."""
    return template_csv(file_format=FILE_FORMAT, example=TEMPLATE_EXAMPLE)


def import_template_xlsx() -> bytes:
    """An XLSX template: sheet "Penduduk" with the header and an example row, its number
    columns formatted as text, and sheet "Petunjuk" explaining each column."""
    example = {
        **TEMPLATE_EXAMPLE,
        "tanggal_lahir": dt.date.fromisoformat(TEMPLATE_EXAMPLE["tanggal_lahir"]),
    }
    return template_xlsx(
        file_format=FILE_FORMAT,
        sheet_title="Penduduk",
        example=example,
        column_help=COLUMN_HELP,
        required_values=REQUIRED_VALUES,
        # Excel turns 16-digit numbers into 3.51001E+15 and drops leading zeros.
        text_columns=("nik", "no_kk", "no_hp", "rt", "rw"),
        number_formats={"tanggal_lahir": _DATE_FORMAT, "dtks_tanggal": _DATE_FORMAT},
        widths={"nik": 20, "nama_lengkap": 24, "no_kk": 20},
        notes=(
            _(
                "Baris pertama lembar Penduduk adalah judul kolom; mulai baris 2, satu baris "
                "per penduduk. Hapus baris contoh sebelum mengunggah."
            ),
            _(
                "Impor berlaku semua atau tidak sama sekali: bila ada satu baris salah, tidak "
                "ada yang disimpan, dan setiap kesalahan ditampilkan dengan nomor baris dan "
                "kolomnya."
            ),
            _(
                "Penduduk dicocokkan dengan NIK: mengimpor berkas yang sama lagi memperbarui "
                "data, tidak membuat penduduk ganda. Sel kosong tidak menghapus data yang sudah "
                "ada."
            ),
            _(
                "Bisa juga CSV (UTF-8, pemisah koma atau titik koma) dengan judul kolom yang "
                "sama. Paling banyak %(rows)s baris dan %(mb)s MB per berkas."
            )
            % {"rows": f"{MAX_ROWS:,}".replace(",", "."), "mb": MAX_FILE_BYTES // (1024 * 1024)},
        ),
    )
