"""Importing a village's residents from a spreadsheet (CSV or XLSX), all or nothing.

Every row is checked before anything is written: a file with any bad row imports nothing,
and ``ImportRejected`` lists every problem by line (as a spreadsheet shows it: the header
is line 1), column and reason, never quoting a NIK. A good file is written in one
transaction. Residents are matched by their NIK's blind index, so importing the same file
again updates them and never duplicates; households (Kartu Keluarga) by KK number.

An empty cell never erases what the registry holds: the field stays as it is, or at its
default for a new resident. The columns and what they hold are in ``columns.py`` and in
the templates' "Petunjuk" sheet.
"""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from spreadsheets import ImportRejected, RowError, file_read, table_read

from ...models import Village
from ...selectors import villages_for
from .columns import COLUMNS, FILE_FORMAT, MAX_FILE_BYTES, MAX_ROWS, REQUIRED_COLUMNS
from .rows import rows_check
from .template import import_template_csv, import_template_xlsx
from .writing import ImportResult, registry_check, rows_write

logger = logging.getLogger(__name__)


def residents_import(*, file, filename: str, village: Village, user=None) -> ImportResult:
    """Import the residents of ``village`` from a CSV or XLSX file, all or nothing.

    ``file`` is a binary file object (an ``UploadedFile``, ``open(path, "rb")``) or bytes;
    ``filename`` only helps to tell the format. With ``user``, the village must be one the
    user manages, and a NIK or KK number registered in a village the user does not manage
    is refused; one registered in a village the user manages moves to ``village``. Without
    ``user`` (the management command, run by staff), every village counts as managed.

    Raises ``PermissionDenied``, or ``ImportRejected`` listing every problem in the file.
    """
    if user is not None and not villages_for(user=user).filter(pk=village.pk).exists():
        raise PermissionDenied(_("Anda tidak mengelola desa ini."))
    data = file_read(file, file_format=FILE_FORMAT)
    lines = table_read(data, filename, file_format=FILE_FORMAT)
    rows, errors = rows_check(lines)
    registry, registry_errors = registry_check(rows, village=village, user=user)
    errors += registry_errors
    if errors:
        raise ImportRejected(errors, columns=COLUMNS)
    try:
        with transaction.atomic():
            result = rows_write(rows, village=village, registry=registry)
    except IntegrityError:
        # Another import or edit registered one of these NIKs or KK numbers meanwhile.
        raise ImportRejected(
            [RowError(0, "", _("Data penduduk berubah selama impor. Unggah berkas ini lagi."))]
        ) from None
    logger.info(
        "Resident import into %s: %s rows, %s created, %s updated, %s unchanged",
        village.code,
        result.rows,
        result.created,
        result.updated,
        result.unchanged,
    )
    return result


__all__ = [
    "COLUMNS",
    "MAX_FILE_BYTES",
    "MAX_ROWS",
    "REQUIRED_COLUMNS",
    "ImportRejected",
    "ImportResult",
    "RowError",
    "import_template_csv",
    "import_template_xlsx",
    "residents_import",
]
