"""Checking the rows of an import file: every cell of every row, and the rows together
(a NIK twice in the file, two heads for one KK). Messages are built only for problems."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from lokal import parse_phone

from spreadsheets import CONTROL_CELLS, EXTRA_CELLS, RowError, control_cell_errors, is_blank

from ...models import Resident
from ...nik import nik_blind_index, nik_parse
from ..households import kk_number_check
from .columns import REQUIRED_VALUES, TEMPLATE_EXAMPLE


@dataclass
class Row:
    """A valid row. ``values`` holds the other ``Resident`` fields the row gives; a field
    left out (empty cell or absent column) keeps what the registry holds."""

    line: int
    nik: str
    nik_index: str
    full_name: str
    birth_date: dt.date
    gender: str
    values: dict[str, Any] = field(default_factory=dict)
    kk_number: str | None = None
    relation: str | None = None


def rows_check(lines: Iterable[tuple[int, dict[str, Any]]]) -> tuple[list[Row], list[RowError]]:
    """The valid rows, and every problem of the others."""
    rows: list[Row] = []
    errors: list[RowError] = []
    line_of_nik: dict[str, int] = {}
    line_of_head: dict[str, int] = {}
    seen = 0
    for line, cells in lines:
        seen += 1
        row, row_errors = row_check(line, cells)
        errors += row_errors
        if row is None:
            continue
        if row.nik == TEMPLATE_EXAMPLE["nik"]:
            errors.append(RowError(line, "", _("Ini baris contoh dari templat: hapus baris ini.")))
            continue
        earlier = line_of_nik.setdefault(row.nik_index, line)
        if earlier != line:
            errors.append(
                RowError(line, "nik", _("NIK ini sudah ada di baris %(line)s.") % {"line": earlier})
            )
            continue
        if row.relation == Resident.Relation.HEAD and row.kk_number:
            head = line_of_head.setdefault(row.kk_number, line)
            if head != line:
                message = _("Nomor KK ini sudah punya kepala keluarga di baris %(line)s.")
                errors.append(RowError(line, "hubungan", message % {"line": head}))
                continue
        rows.append(row)
    if not seen:
        errors.append(RowError(0, "", _("Berkas hanya berisi judul kolom, tanpa data penduduk.")))
    return rows, errors


class CellError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


_NIK_ERROR_COLUMNS = {"birth_date_mismatch": "tanggal_lahir", "gender_mismatch": "jenis_kelamin"}


def row_check(line: int, cells: dict[str, Any]) -> tuple[Row | None, list[RowError]]:
    """One row, fully checked: the row, or every problem in it."""
    errors: list[RowError] = []
    parsed: dict[str, Any] = {}
    if cells.get(EXTRA_CELLS):
        message = _(
            "Baris ini punya isian di luar kolom judul. Periksa tanda pemisah (koma atau "
            "titik koma) di dalam isian: beri tanda kutip pada isian itu."
        )
        errors.append(RowError(line, "", message))
    errors += control_cell_errors(line, cells)
    for column, (parse, _field) in _PARSERS.items():
        if column in cells.get(CONTROL_CELLS, ()):
            continue
        raw = cells.get(column)
        if is_blank(raw):
            if column in REQUIRED_VALUES:
                errors.append(RowError(line, column, _("Wajib diisi.")))
            continue
        try:
            parsed[column] = parse(raw)
        except CellError as exc:
            errors.append(RowError(line, column, exc.message))
    if "hubungan" in parsed and is_blank(cells.get("no_kk")):
        errors.append(RowError(line, "no_kk", _("Wajib diisi bila kolom hubungan diisi.")))

    nik = None
    if "nik" in parsed:
        try:
            nik = nik_parse(
                parsed["nik"],
                birth_date=parsed.get("tanggal_lahir"),
                gender=parsed.get("jenis_kelamin"),
            )
        except ValidationError as exc:
            for error in exc.error_list:
                column = _NIK_ERROR_COLUMNS.get(error.code or "", "nik")
                errors.append(RowError(line, column, str(error.message)))
    if errors or nik is None:
        return None, errors

    values = {
        model_field: parsed[column]
        for column, (_parse, model_field) in _PARSERS.items()
        if model_field and column in parsed
    }
    return (
        Row(
            line=line,
            nik=nik.number,
            nik_index=nik_blind_index(nik.number),
            full_name=values.pop("full_name"),
            birth_date=values.pop("birth_date"),
            gender=values.pop("gender"),
            values=values,
            kk_number=parsed.get("no_kk"),
            relation=parsed.get("hubungan"),
        ),
        [],
    )


# Cells --------------------------------------------------------------------------------

_DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y")
_GENDERS = {
    "l": "L",
    "lk": "L",
    "lakilaki": "L",
    "pria": "L",
    "p": "P",
    "pr": "P",
    "perempuan": "P",
    "wanita": "P",
}
_RELATIONS = {
    "kepala": Resident.Relation.HEAD,
    "kepalakeluarga": Resident.Relation.HEAD,
    "istri": Resident.Relation.SPOUSE,
    "isteri": Resident.Relation.SPOUSE,
    "suami": Resident.Relation.SPOUSE,
    "suamiistri": Resident.Relation.SPOUSE,
    "anak": Resident.Relation.CHILD,
    "orangtua": Resident.Relation.PARENT,
    "mertua": Resident.Relation.PARENT,
    "famililain": Resident.Relation.OTHER,
    "cucu": Resident.Relation.OTHER,
    "menantu": Resident.Relation.OTHER,
    "lainnya": Resident.Relation.OTHER,
}
_YES_NO = {"ya": True, "y": True, "tidak": False, "t": False, "tdk": False}
_STATUSES = {
    "aktif": Resident.Status.ACTIVE,
    "pindah": Resident.Status.MOVED,
    "meninggal": Resident.Status.DECEASED,
    "meninggaldunia": Resident.Status.DECEASED,
}
_RT_RW = re.compile(r"[0-9]{1,3}")
_NUMBER_SEPARATORS = re.compile(r"[\s.\-]")
_NOT_LETTER = re.compile(r"[^a-z]")


def _text(value) -> str:
    """A cell as text, spaces tidied; whole numbers from a spreadsheet lose their ".0"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date()
    return " ".join(str(value).split())


def _word(value) -> str:
    """Only the letters, lower case: "Laki-laki" and "LAKI LAKI" are "lakilaki"."""
    return _NOT_LETTER.sub("", _text(value).casefold())


def _text_checked(value, model_field: str) -> str:
    text = _text(value)
    limit = getattr(Resident._meta.get_field(model_field), "max_length", None) or 0
    if len(text) > limit:
        raise CellError(
            _("Terlalu panjang: paling banyak %(max)s karakter (ada %(length)s).")
            % {"max": limit, "length": len(text)}
        )
    return text


def _date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    # An Excel date in a cell not formatted as one; below 1 it is a time of day, not a date.
    if isinstance(value, int | float) and not isinstance(value, bool) and 1 <= value < 2958466:
        from openpyxl.utils.datetime import from_excel

        return from_excel(value).date()
    # Spreadsheets sometimes add a time of day: "1990-01-05 00:00:00".
    text = _text(value).split(" ")[0].split("T")[0]
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise CellError(_("Tanggal tidak dikenal: tulis YYYY-MM-DD, DD-MM-YYYY atau DD/MM/YYYY."))


def _past_date(value) -> dt.date:
    date = _date(value)
    if date > timezone.localdate():
        raise CellError(_("Tanggal tidak boleh di masa depan."))
    if date.year < 1900:
        raise CellError(_("Tanggal sebelum tahun 1900 tidak mungkin."))
    return date


def _digits(value, *, as_number_message: str) -> str:
    """The digits of a 16-digit number written with or without spaces, dots or dashes."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        # Excel keeps 15 significant digits: the 16th is already lost.
        raise CellError(as_number_message)
    return _NUMBER_SEPARATORS.sub("", _text(value))


def _nik_digits(value) -> str:
    return _digits(
        value,
        as_number_message=_(
            "NIK tersimpan sebagai angka, yang dibulatkan Excel. Format kolom ini sebagai Teks "
            "lalu ketik ulang NIK-nya."
        ),
    )


def _kk_number(value) -> str:
    digits = _digits(
        value,
        as_number_message=_(
            "Nomor KK tersimpan sebagai angka, yang dibulatkan Excel. Format kolom ini sebagai "
            "Teks lalu ketik ulang nomornya."
        ),
    )
    try:
        return kk_number_check(digits)
    except ValidationError as exc:
        raise CellError(exc.messages[0]) from None


def _rt_rw(value) -> str:
    text = _text(value)
    if not _RT_RW.fullmatch(text) or int(text) == 0:
        raise CellError(_("Tulis 1 sampai 3 angka, misalnya 001."))
    return f"{int(text):03d}"


def _phone(value) -> str:
    info = parse_phone(_text(value))
    if not info.valid or not info.e164:
        raise CellError(_("Nomor HP tidak valid: tulis misalnya 0812-3456-7890."))
    return info.e164


def _gender(value) -> str:
    try:
        return _GENDERS[_word(value)]
    except KeyError:
        raise CellError(_("Tulis L (laki-laki) atau P (perempuan).")) from None


def _relation(value) -> str:
    try:
        return _RELATIONS[_word(value)]
    except KeyError:
        raise CellError(
            _(
                "Hubungan tidak dikenal: tulis kepala, istri, suami, anak, orang tua, mertua, "
                "cucu, menantu atau famili lain."
            )
        ) from None


def _yes_no(value) -> bool:
    try:
        return _YES_NO[_word(value)]
    except KeyError:
        raise CellError(_("Tulis ya atau tidak.")) from None


def _status(value) -> str:
    try:
        return _STATUSES[_word(value)]
    except KeyError:
        raise CellError(_("Tulis aktif, pindah atau meninggal.")) from None


#: Column → (parser raising ``CellError``, the ``Resident`` field it fills or None).
_PARSERS: dict[str, tuple[Callable[[Any], Any], str | None]] = {
    "nik": (_nik_digits, None),
    "nama_lengkap": (lambda v: _text_checked(v, "full_name"), "full_name"),
    "tempat_lahir": (lambda v: _text_checked(v, "birth_place"), "birth_place"),
    "tanggal_lahir": (_past_date, "birth_date"),
    "jenis_kelamin": (_gender, "gender"),
    "rt": (_rt_rw, "rt"),
    "rw": (_rt_rw, "rw"),
    "alamat": (lambda v: _text_checked(v, "address"), "address"),
    "no_hp": (_phone, "phone"),
    "no_kk": (_kk_number, None),
    "hubungan": (_relation, None),
    "dtks": (_yes_no, "dtks_listed"),
    "dtks_tanggal": (_past_date, "dtks_confirmed_on"),
    "status": (_status, "status"),
}
