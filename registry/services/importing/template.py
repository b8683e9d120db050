"""The downloadable import templates: CSV, and XLSX with a sheet explaining each column."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

from django.utils.translation import gettext as _

from .columns import (
    COLUMN_HELP,
    COLUMNS,
    MAX_FILE_BYTES,
    MAX_ROWS,
    REQUIRED_COLUMNS,
    REQUIRED_VALUES,
    TEMPLATE_EXAMPLE,
)

_TEXT_COLUMNS = ("nik", "no_kk", "no_hp", "rt", "rw")


def import_template_csv() -> bytes:
    """A CSV template: the header and one example row, UTF-8 with a BOM (which Excel needs
    to read it as UTF-8), comma separated."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerow([TEMPLATE_EXAMPLE[c] for c in COLUMNS])
    return out.getvalue().encode("utf-8-sig")


def import_template_xlsx() -> bytes:
    """An XLSX template: sheet "Penduduk" with the header and an example row, its number
    columns formatted as text, and sheet "Petunjuk" explaining each column."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Penduduk"
    sheet.append(list(COLUMNS))
    example: list[Any] = []
    for column in COLUMNS:
        value: Any = TEMPLATE_EXAMPLE[column]
        if column == "tanggal_lahir":
            value = dt.date.fromisoformat(value)
        example.append(value or None)
    sheet.append(example)
    bold = Font(bold=True)
    for i, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(i)
        sheet.cell(row=1, column=i).font = bold
        sheet.column_dimensions[letter].width = max(12, len(column) + 4)
        if column in _TEXT_COLUMNS:
            # Excel turns 16-digit numbers into 3.51001E+15 and drops leading zeros.
            sheet.column_dimensions[letter].number_format = "@"
            sheet.cell(row=2, column=i).number_format = "@"
        elif column in ("tanggal_lahir", "dtks_tanggal"):
            sheet.column_dimensions[letter].number_format = "DD/MM/YYYY"
            sheet.cell(row=2, column=i).number_format = "DD/MM/YYYY"
    sheet.column_dimensions["A"].width = 20
    sheet.column_dimensions["B"].width = 24
    sheet.column_dimensions["J"].width = 20
    sheet.freeze_panes = "A2"

    help_sheet = workbook.create_sheet("Petunjuk")
    help_sheet.append([_("Kolom"), _("Wajib"), _("Isi"), _("Contoh")])
    for cell in help_sheet[1]:
        cell.font = bold
    for column in COLUMNS:
        if column in REQUIRED_VALUES:
            need = _("ya")
        elif column in REQUIRED_COLUMNS:
            need = _("kolom wajib ada, isi boleh kosong")
        else:
            need = _("tidak")
        help_sheet.append([column, need, str(COLUMN_HELP[column]), TEMPLATE_EXAMPLE[column]])
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in help_sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = wrap
    help_sheet.append([])
    help_sheet.append([_("Catatan")])
    help_sheet.cell(row=help_sheet.max_row, column=1).font = bold
    # Unwrapped, a note runs on over the empty cells to its right.
    for note in (
        _(
            "Baris pertama lembar Penduduk adalah judul kolom; mulai baris 2, satu baris per "
            "penduduk. Hapus baris contoh sebelum mengunggah."
        ),
        _(
            "Impor berlaku semua atau tidak sama sekali: bila ada satu baris salah, tidak ada "
            "yang disimpan, dan setiap kesalahan ditampilkan dengan nomor baris dan kolomnya."
        ),
        _(
            "Penduduk dicocokkan dengan NIK: mengimpor berkas yang sama lagi memperbarui data, "
            "tidak membuat penduduk ganda. Sel kosong tidak menghapus data yang sudah ada."
        ),
        _(
            "Bisa juga CSV (UTF-8, pemisah koma atau titik koma) dengan judul kolom yang sama. "
            "Paling banyak %(rows)s baris dan %(mb)s MB per berkas."
        )
        % {"rows": f"{MAX_ROWS:,}".replace(",", "."), "mb": MAX_FILE_BYTES // (1024 * 1024)},
    ):
        help_sheet.append([note])
    for letter, width in zip("ABCD", (16, 22, 70, 20), strict=True):
        help_sheet.column_dimensions[letter].width = width
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
