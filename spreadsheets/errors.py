"""What an import reports when it refuses a file: every problem, by line and column."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class RowError:
    """One problem in the file.

    ``line`` is the line as a spreadsheet shows it (the header is line 1), or 0 for the
    file as a whole; ``column`` is a column name of the file, or empty for the whole row
    or file; ``message`` is translated, in Indonesian by default.
    """

    line: int
    column: str
    message: str

    def __str__(self) -> str:
        if self.line and self.column:
            return _("Baris %(line)s, kolom %(column)s: %(message)s") % {
                "line": self.line,
                "column": self.column,
                "message": self.message,
            }
        if self.line:
            return _("Baris %(line)s: %(message)s") % {"line": self.line, "message": self.message}
        return self.message


class ImportRejected(Exception):
    """The file was not imported and nothing was written; ``errors`` lists every problem
    found, by line and then in the order of ``columns`` (the file format's)."""

    def __init__(self, errors: list[RowError], *, columns: Sequence[str] = ()):
        order = {name: i for i, name in enumerate(columns)}
        self.errors = sorted(errors, key=lambda e: (e.line, order.get(e.column, -1)))
        super().__init__("; ".join(str(e) for e in self.errors[:5]))


def rejected(message: str, *, line: int = 0, column: str = "") -> ImportRejected:
    """A refusal for one problem with the file as a whole."""
    return ImportRejected([RowError(line, column, message)])
