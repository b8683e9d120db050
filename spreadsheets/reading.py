"""Reading an import file, CSV or XLSX, into rows of cells keyed by column name.

Each importer describes its file with a ``FileFormat`` (columns, limits, its own words
for "too many rows"); the reading is the same for all. File-level problems (size,
format, header, too many rows, a damaged XLSX) raise ``ImportRejected`` as soon as they
are found. A cell holding control characters is listed under ``CONTROL_CELLS`` for the
importer to refuse as a row error (``control_cell_errors``). Line numbers are those a
spreadsheet shows: the header is line 1, and a quoted CSV cell that spans lines is still
one line.
"""

from __future__ import annotations

import csv
import io
import re
import struct
import warnings
import zipfile
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from .errors import RowError, rejected

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

#: The key under which a row says it has cells beyond the header's columns.
EXTRA_CELLS = "__extra__"
#: The key under which a row lists its columns whose cells hold control characters.
CONTROL_CELLS = "__control__"

_LONG_NUMBER = re.compile(r"[0-9]{5,}")
#: Control characters (Unicode category Cc) other than tab, line feed and carriage return:
#: invisible, never typed on purpose, and NUL cannot be stored in PostgreSQL text.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
#: What openpyxl lets escape from a damaged or hostile XLSX (a zip of XML parts). A broken
#: part gives xml.etree's ``ParseError`` (lxml's ``XMLSyntaxError`` when lxml is installed):
#: both are ``SyntaxError``s; defusedxml's refusals are ``ValueError``s. A damaged zip gives
#: ``zlib.error``, ``EOFError`` or ``struct.error``; an encrypted member or an unknown
#: compression method a ``RuntimeError`` (``NotImplementedError``).
_XLSX_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    struct.error,
    EOFError,
    SyntaxError,
    RuntimeError,
    KeyError,
    ValueError,
    OSError,
    TypeError,
    IndexError,
)

Lines = Iterator[tuple[int, list[Any]]]


@dataclass(frozen=True)
class FileFormat:
    """What one importer's files hold.

    Headers are matched ignoring case, spaces and punctuation ("Nama Lengkap" is
    ``nama_lengkap``). ``too_many_rows`` is the importer's own message for a file over
    ``max_rows``, with ``%(max)s`` for the limit ("... 50.000 penduduk per berkas").
    """

    #: The columns, in the template's order.
    columns: tuple[str, ...]
    #: Columns the header must have; the others may be left out.
    required_columns: tuple[str, ...]
    max_rows: int
    max_file_bytes: int
    too_many_rows: str | _StrPromise


def file_read(file, *, file_format: FileFormat) -> bytes:
    """The file's bytes, at most ``file_format.max_file_bytes``; ``file`` is bytes or a
    binary file."""
    limit = file_format.max_file_bytes
    if isinstance(file, bytes | bytearray):
        data = bytes(file)
    else:
        if hasattr(file, "seek"):
            file.seek(0)
        data = file.read(limit + 1)
    if len(data) > limit:
        raise rejected(
            _("Berkas terlalu besar: paling besar %(mb)s MB. Bagi menjadi beberapa berkas.")
            % {"mb": limit // (1024 * 1024)}
        )
    if not data.strip():
        raise rejected(_("Berkas kosong."))
    return data


def table_read(
    data: bytes, filename: str, *, file_format: FileFormat
) -> Iterator[tuple[int, dict[str, Any]]]:
    """Check the header, then give each non-empty row as (line, column → cell value).

    Cells are text from a CSV; from an XLSX, also numbers and dates as Excel stored them.
    """
    name = (filename or "").lower()
    is_csv = False
    if data.startswith(b"PK\x03\x04"):
        lines = _xlsx_lines(data)
    elif data.startswith(b"\xd0\xcf\x11\xe0") or name.endswith(".xls"):
        raise rejected(_("Berkas Excel lama (.xls) tidak didukung: simpan sebagai .xlsx atau CSV."))
    elif name.endswith((".xlsx", ".xlsm")):
        raise rejected(_("Berkas XLSX ini rusak atau bukan berkas Excel."))
    else:
        lines, is_csv = _csv_lines(data), True

    header = next(lines, None)
    if header is None or all(is_blank(c) for c in header[1]):
        if not any(any(not is_blank(c) for c in cells) for _line, cells in lines):
            raise rejected(_("Berkas kosong."))
    positions = _header_check(header[1] if header else [], file_format)
    # In a CSV, a row longer than the header has a separator inside an unquoted cell.
    width = len(header[1]) if header and is_csv else max(positions) + 1
    return _by_column(lines, positions, file_format, width=width, strict=is_csv)


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def control_cell_errors(line: int, cells: dict[str, Any]) -> list[RowError]:
    """A row error for each cell of the row that holds control characters; importers leave
    those cells unparsed."""
    message = _(
        "Isian ini berisi karakter tak terlihat (karakter kontrol, misalnya NUL) yang tidak "
        "bisa disimpan. Hapus isian ini lalu ketik ulang."
    )
    return [RowError(line, column, message) for column in cells.get(CONTROL_CELLS, ())]


def _by_column(
    lines: Lines,
    positions: dict[int, str],
    file_format: FileFormat,
    *,
    width: int,
    strict: bool,
) -> Iterator[tuple[int, dict[str, Any]]]:
    count = 0
    for line, cells in lines:
        if all(is_blank(c) for c in cells):
            continue
        count += 1
        if count > file_format.max_rows:
            raise rejected(
                str(file_format.too_many_rows)
                % {"max": f"{file_format.max_rows:,}".replace(",", ".")}
            )
        values = {column: cells[i] if i < len(cells) else None for i, column in positions.items()}
        refused = [c for c, v in values.items() if isinstance(v, str) and _CONTROL.search(v)]
        if refused:
            values[CONTROL_CELLS] = refused
        if (strict and len(cells) > width) or any(not is_blank(c) for c in cells[width:]):
            values[EXTRA_CELLS] = True
        yield line, values


def _header_key(value) -> str:
    return re.sub(r"[^0-9a-z]+", "_", str(value or "").strip().lower()).strip("_")


def _header_check(cells: list[Any], file_format: FileFormat) -> dict[int, str]:
    """Column position → column name; raises ``ImportRejected`` for a bad header."""
    columns, required = file_format.columns, file_format.required_columns
    positions: dict[int, str] = {}
    unknown: list[str] = []
    for i, cell in enumerate(cells):
        key = _header_key(cell)
        if not key:
            continue
        if key not in columns:
            # A file without a header has data here: never quote a long number (a NIK) back.
            unknown.append(_LONG_NUMBER.sub(lambda m: "#" * len(m[0]), str(cell).strip()[:40]))
        positions[i] = key
    seen = Counter(positions.values())
    if not seen.keys() & set(columns):
        raise rejected(
            _(
                "Baris pertama harus berisi judul kolom: %(required)s (opsional: %(optional)s). "
                "Unduh templat untuk contohnya."
            )
            % {
                "required": ", ".join(required),
                "optional": ", ".join(c for c in columns if c not in required),
            },
            line=1,
        )
    duplicates = [c for c in columns if seen[c] > 1]
    missing = [c for c in required if c not in seen]
    problems = []
    if missing:
        problems.append(_("kolom tidak ada: %(columns)s") % {"columns": ", ".join(missing)})
    if unknown:
        problems.append(_("kolom tidak dikenal: %(columns)s") % {"columns": ", ".join(unknown)})
    if duplicates:
        problems.append(_("kolom ganda: %(columns)s") % {"columns": ", ".join(duplicates)})
    if problems:
        raise rejected(
            _(
                "Judul kolom pada baris pertama tidak sesuai templat (%(problems)s). "
                "Kolom wajib: %(required)s. Kolom opsional: %(optional)s."
            )
            % {
                "problems": "; ".join(problems),
                "required": ", ".join(required),
                "optional": ", ".join(c for c in columns if c not in required),
            },
            line=1,
        )
    return positions


def _csv_lines(data: bytes) -> Lines:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise rejected(
            _(
                "Berkas CSV harus ber-enkode UTF-8. Di Excel, simpan dengan pilihan "
                "“CSV UTF-8”, atau unggah berkas XLSX."
            )
        ) from None
    # The header has no separator inside its cells: whichever it holds most is the one.
    first_line = text.lstrip("\r\n").split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    return _csv_iter(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def _csv_iter(reader) -> Lines:
    line = 0
    try:
        for line, cells in enumerate(reader, start=1):  # noqa: B007
            yield line, cells
    except csv.Error:
        raise rejected(
            _("Berkas CSV tidak bisa dibaca setelah baris %(line)s.") % {"line": line}
        ) from None


def _xlsx_lines(data: bytes) -> Lines:
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles it cannot read
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except _XLSX_ERRORS:
        raise rejected(_("Berkas XLSX ini rusak atau bukan berkas Excel.")) from None
    return _xlsx_iter(workbook)


def _xlsx_iter(workbook) -> Lines:
    """The first sheet's rows, empty ones included so that line numbers stay right."""
    try:
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # the stored dimensions may be wrong (other programs' files)
        for line, cells in enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1):
            yield line, [c.strip() if isinstance(c, str) else c for c in cells]
    except _XLSX_ERRORS:
        raise rejected(_("Berkas XLSX ini rusak atau bukan berkas Excel.")) from None
    finally:
        workbook.close()
