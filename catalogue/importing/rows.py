"""Checking the rows of a product import file: every cell of every row, and the rows
together (one SKU twice in the file). Messages are built only for problems."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from spreadsheets import CONTROL_CELLS, EXTRA_CELLS, RowError, control_cell_errors, is_blank

from ..models import Unit
from .categories import CategoryIndex, CategoryUnknown
from .columns import (
    COLUMNS,
    MAX_DESCRIPTION,
    MAX_PRICE,
    MAX_SKU,
    MAX_STOCK,
    MAX_TITLE,
    MAX_WEIGHT_GRAMS,
    MIN_PRICE,
    REQUIRED_VALUES,
    TEMPLATE_EXAMPLE,
)


@dataclass(frozen=True)
class Row:
    """A valid row. ``description`` is None when the cell is empty: an existing product
    keeps its own."""

    line: int
    sku: str
    title: str
    description: str | None
    category_id: int
    price: int
    num_in_stock: int
    weight_grams: int
    unit: str


def rows_check(
    lines: Iterable[tuple[int, dict[str, Any]]], *, categories: CategoryIndex
) -> tuple[list[Row], list[RowError]]:
    """The valid rows, and every problem of the others. A SKU written on several lines is
    an error on each of them."""
    rows: list[Row] = []
    errors: list[RowError] = []
    lines_of_sku: dict[str, list[int]] = {}
    seen = 0
    for line, cells in lines:
        seen += 1
        row, row_errors = row_check(line, cells, categories=categories)
        errors += row_errors
        sku = _text(cells.get("sku"))
        if sku:
            lines_of_sku.setdefault(sku, []).append(line)
        if row is None:
            continue
        if row.sku == TEMPLATE_EXAMPLE["sku"]:
            errors.append(RowError(line, "", _("Ini baris contoh dari templat: hapus baris ini.")))
            continue
        rows.append(row)
    repeated = {sku: found for sku, found in lines_of_sku.items() if len(found) > 1}
    for found in repeated.values():
        for line in found:
            others = ", ".join(str(other) for other in found if other != line)
            message = _("SKU ini juga dipakai di baris %(lines)s: setiap produk butuh SKU sendiri.")
            errors.append(RowError(line, "sku", message % {"lines": others}))
    if repeated:
        rows = [row for row in rows if row.sku not in repeated]
    if not seen:
        errors.append(RowError(0, "", _("Berkas hanya berisi judul kolom, tanpa data produk.")))
    return rows, errors


class CellError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def row_check(
    line: int, cells: dict[str, Any], *, categories: CategoryIndex
) -> tuple[Row | None, list[RowError]]:
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
    for column in COLUMNS:
        if column in cells.get(CONTROL_CELLS, ()):
            continue
        raw = cells.get(column)
        if is_blank(raw):
            if column in REQUIRED_VALUES:
                errors.append(RowError(line, column, _("Wajib diisi.")))
            continue
        try:
            if column == "kategori":
                parsed[column] = categories.find(_text(raw))
            else:
                parsed[column] = _PARSERS[column](raw)
        except (CellError, CategoryUnknown) as exc:
            errors.append(RowError(line, column, exc.message))
    if errors:
        return None, errors
    return (
        Row(
            line=line,
            sku=parsed["sku"],
            title=parsed["judul"],
            description=parsed.get("deskripsi"),
            category_id=parsed["kategori"],
            price=parsed["harga"],
            num_in_stock=parsed["stok"],
            weight_grams=parsed["berat_gram"],
            unit=parsed["satuan"],
        ),
        [],
    )


# Cells --------------------------------------------------------------------------------

_RUPIAH = re.compile(
    r"(?:rp\.?)?(?P<amount>\d{1,3}(?:(?P<sep>[.,])\d{3})?(?:(?P=sep)\d{3})*|\d+)(?:,-|,00)?",
    re.IGNORECASE,
)
#: More digits than any limit of the columns has: enough to be refused as out of range.
_MAX_DIGITS = 20
_WHOLE = re.compile(r"\d{1,3}(?:\.\d{3})+|\d+")
_GRAMS = re.compile(r"(?P<amount>\d{1,3}(?:\.\d{3})+|\d+)(?:g|gr|gram)?", re.IGNORECASE)
_NOT_LETTER = re.compile(r"[^a-z]")
_UNITS = {
    **{value: value for value in Unit.values},
    **{_NOT_LETTER.sub("", str(label).casefold()): value for value, label in Unit.choices},
    "pc": Unit.PCS,
    "buah": Unit.PCS,
    "biji": Unit.PCS,
    "bungkus": Unit.PACK,
    "pak": Unit.PACK,
    "kilogram": Unit.KG,
    "kilo": Unit.KG,
    "g": Unit.GRAM,
    "gr": Unit.GRAM,
    "l": Unit.LITER,
    "ltr": Unit.LITER,
}


def _text(value) -> str:
    """A cell as text, spaces tidied; whole numbers from a spreadsheet lose their ".0"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date()
    return " ".join(str(value).split())


def _whole_number(value, pattern: re.Pattern, message: str) -> int:
    """A whole number from a number cell, or from text with "." between thousands."""
    if isinstance(value, bool):
        raise CellError(message)
    if isinstance(value, int | float | Decimal):
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            raise CellError(message) from None
        # An XLSX number cell may hold 1E400, which is read as infinity.
        if not number.is_finite() or number != number.to_integral_value():
            raise CellError(message)
        return int(number)
    match = pattern.fullmatch(_text(value).replace(" ", ""))
    if not match:
        raise CellError(message)
    digits = re.sub(r"\D", "", match.groupdict().get("amount") or match[0]).lstrip("0")
    # Python refuses to read 4300 digits or more: cut a number that long, still out of range.
    return int(digits[:_MAX_DIGITS] or "0")


def _in_range(number: int, low: int, high: int, message: str) -> int:
    if not low <= number <= high:
        raise CellError(message)
    return number


def _sku(value) -> str:
    text = _text(value)
    if len(text) > MAX_SKU:
        raise CellError(_("Paling banyak %(max)s karakter.") % {"max": MAX_SKU})
    return text


def _title(value) -> str:
    text = _text(value)
    if len(text) > MAX_TITLE:
        raise CellError(_("Paling banyak %(max)s karakter.") % {"max": MAX_TITLE})
    return text


def _description(value) -> str:
    # Line breaks inside the cell are the seller's paragraphs: keep them.
    text = str(value).replace("\r\n", "\n").strip()
    if len(text) > MAX_DESCRIPTION:
        raise CellError(_("Paling banyak %(max)s karakter.") % {"max": "5.000"})
    return text


def _price(value) -> int:
    amount = _whole_number(
        value, _RUPIAH, _("Tulis harga dalam Rupiah tanpa sen, misalnya 15000 atau 15.000.")
    )
    return _in_range(
        amount,
        MIN_PRICE,
        MAX_PRICE,
        _("Harga harus antara Rp%(min)s dan Rp%(max)s.")
        % {"min": f"{MIN_PRICE:,}".replace(",", "."), "max": f"{MAX_PRICE:,}".replace(",", ".")},
    )


def _stock(value) -> int:
    number = _whole_number(value, _WHOLE, _("Tulis stok sebagai angka bulat, misalnya 25."))
    return _in_range(
        number,
        0,
        MAX_STOCK,
        _("Stok harus antara 0 dan %(max)s.") % {"max": f"{MAX_STOCK:,}".replace(",", ".")},
    )


def _weight(value) -> int:
    number = _whole_number(
        value, _GRAMS, _("Tulis berat dalam gram sebagai angka bulat, misalnya 250.")
    )
    return _in_range(
        number,
        1,
        MAX_WEIGHT_GRAMS,
        _("Berat harus antara 1 dan %(max)s gram.")
        % {"max": f"{MAX_WEIGHT_GRAMS:,}".replace(",", ".")},
    )


def _unit(value) -> str:
    try:
        return _UNITS[_NOT_LETTER.sub("", _text(value).casefold())]
    except KeyError:
        raise CellError(
            _("Satuan tidak dikenal: tulis pcs, pak, kg, gram, liter, botol, lembar atau set.")
        ) from None


#: Column → parser raising ``CellError`` (``kategori`` is looked up in the index).
_PARSERS: dict[str, Callable[[Any], Any]] = {
    "sku": _sku,
    "judul": _title,
    "deskripsi": _description,
    "harga": _price,
    "stok": _stock,
    "berat_gram": _weight,
    "satuan": _unit,
}
