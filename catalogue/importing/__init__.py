"""Importing a seller's products from a spreadsheet (CSV or XLSX), all or nothing.

Every row is checked before anything is written: a file with any bad row imports nothing,
and ``ImportRejected`` lists every problem by line (as a spreadsheet shows it: the header
is line 1), column and reason. A good file is written in one transaction. Products are
matched by the seller's own SKU (the stock record's ``partner_sku`` at the seller's shop),
so importing the same file again updates them and never duplicates; another shop's SKUs
are never looked at.

New products are public, of the sellers' product class, with a stock record at the
seller's shop. Updating one changes its title, category, price, stock, weight and unit,
and its description unless the cell is empty; whether it is shown stays the seller's
choice. Photos are added in the product form. The reading of the file is shared with the
resident import (``spreadsheets``); the columns are in ``columns.py`` and in the
templates' "Petunjuk" sheet.
"""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from dashboard.catalogue.services import product_class_default
from sellers.models import Seller
from spreadsheets import ImportRejected, RowError, file_read, table_read

from .categories import CategoryIndex
from .columns import COLUMNS, FILE_FORMAT, MAX_FILE_BYTES, MAX_ROWS, REQUIRED_COLUMNS
from .rows import rows_check
from .template import product_import_template_csv, product_import_template_xlsx
from .writing import ImportResult, rows_write, shop_check

logger = logging.getLogger(__name__)


def products_import(*, file, filename: str, seller: Seller) -> ImportResult:
    """Create or update the products of ``seller``'s shop from a CSV or XLSX file, all or
    nothing.

    ``file`` is a binary file object (an ``UploadedFile``, ``open(path, "rb")``) or bytes;
    ``filename`` only helps to tell the format.

    Raises ``PermissionDenied`` when the shop is suspended, or ``ImportRejected`` listing
    every problem in the file.
    """
    if not seller.is_active:
        raise PermissionDenied(_("Toko Anda ditangguhkan: produk tidak dapat diubah."))
    data = file_read(file, file_format=FILE_FORMAT)
    lines = table_read(data, filename, file_format=FILE_FORMAT)
    rows, errors = rows_check(lines, categories=CategoryIndex())
    partner = seller.partner
    try:
        with transaction.atomic():
            existing, shop_errors = shop_check(rows, partner=partner)
            errors += shop_errors
            if errors:
                raise ImportRejected(errors, columns=COLUMNS)
            result = rows_write(
                rows, partner=partner, product_class=product_class_default(), existing=existing
            )
    except IntegrityError:
        # Another import or the product form gave one of these SKUs meanwhile.
        raise ImportRejected(
            [RowError(0, "", _("Produk toko berubah selama impor. Unggah berkas ini lagi."))]
        ) from None
    logger.info(
        "Product import into shop %s: %s rows, %s created, %s updated, %s unchanged",
        seller.pk,
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
    "product_import_template_csv",
    "product_import_template_xlsx",
    "products_import",
]
