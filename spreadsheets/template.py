"""Downloadable import templates: a CSV, and an XLSX with a sheet explaining each column."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.utils.translation import gettext as _

from .reading import FileFormat


def template_csv(*, file_format: FileFormat, example: Mapping[str, Any]) -> bytes:
    """The header and one example row, UTF-8 with a BOM (which Excel needs to read it as
    UTF-8), comma separated."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(file_format.columns)
    writer.writerow([example.get(c, "") for c in file_format.columns])
    return out.getvalue().encode("utf-8-sig")


def template_xlsx(
    *,
    file_format: FileFormat,
    sheet_title: str,
    example: Mapping[str, Any],
    column_help: Mapping[str, Any],
    required_values: Sequence[str],
    notes: Iterable[str],
    text_columns: Sequence[str] = (),
    number_formats: Mapping[str, str] | None = None,
    widths: Mapping[str, int] | None = None,
    extra_sheets: Mapping[str, tuple[Sequence[str], Iterable[Sequence[Any]]]] | None = None,
) -> bytes:
    """An XLSX template: sheet ``sheet_title`` with the header and the example row, sheet
    "Petunjuk" explaining each column (``column_help``) followed by ``notes``, then any
    ``extra_sheets`` (title → (header, rows)), such as a list of valid values.

    ``text_columns`` are formatted as text, so that Excel keeps long numbers and leading
    zeros; ``number_formats`` gives other columns a format (dates: "DD/MM/YYYY");
    ``widths`` sets column widths, by column name.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    columns = file_format.columns
    number_formats = dict(number_formats or {})
    number_formats.update((c, "@") for c in text_columns)
    widths = widths or {}

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = sheet_title
    sheet.append(list(columns))
    sheet.append([example.get(c) or None for c in columns])
    bold = Font(bold=True)
    for i, column in enumerate(columns, start=1):
        letter = get_column_letter(i)
        sheet.cell(row=1, column=i).font = bold
        sheet.column_dimensions[letter].width = widths.get(column, max(12, len(column) + 4))
        if column in number_formats:
            sheet.column_dimensions[letter].number_format = number_formats[column]
            sheet.cell(row=2, column=i).number_format = number_formats[column]
    sheet.freeze_panes = "A2"

    help_sheet = workbook.create_sheet("Petunjuk")
    help_sheet.append([_("Kolom"), _("Wajib"), _("Isi"), _("Contoh")])
    for cell in help_sheet[1]:
        cell.font = bold
    for column in columns:
        if column in required_values:
            need = _("ya")
        elif column in file_format.required_columns:
            need = _("kolom wajib ada, isi boleh kosong")
        else:
            need = _("tidak")
        shown = example.get(column, "")
        help_sheet.append([column, need, str(column_help[column]), str(shown) if shown else ""])
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in help_sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = wrap
    help_sheet.append([])
    help_sheet.append([_("Catatan")])
    help_sheet.cell(row=help_sheet.max_row, column=1).font = bold
    # Unwrapped, a note runs on over the empty cells to its right.
    for note in notes:
        help_sheet.append([str(note)])
    for letter, width in zip("ABCD", (16, 22, 70, 20), strict=True):
        help_sheet.column_dimensions[letter].width = width

    for title, (header, rows) in (extra_sheets or {}).items():
        extra = workbook.create_sheet(title)
        extra.append(list(header))
        for cell in extra[1]:
            cell.font = bold
        for row in rows:
            extra.append(list(row))
        extra.column_dimensions["A"].width = 60

    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
