"""Reading spreadsheet uploads (CSV or XLSX) for all-or-nothing imports, and writing their
downloadable templates.

Shared by the resident import (``registry.services.importing``) and the sellers' product
import (``catalogue.importing``). Each importer describes its file with a ``FileFormat``
and checks the rows itself; what is common lives here: the size and row limits, telling
CSV from XLSX, the header check, line numbers as a spreadsheet shows them, and
``ImportRejected`` listing every problem by line and column. Not a Django app: no models,
nothing to install.
"""

from .errors import ImportRejected, RowError, rejected
from .reading import (
    CONTROL_CELLS,
    EXTRA_CELLS,
    FileFormat,
    control_cell_errors,
    file_read,
    is_blank,
    table_read,
)
from .template import template_csv, template_xlsx

__all__ = [
    "CONTROL_CELLS",
    "EXTRA_CELLS",
    "FileFormat",
    "ImportRejected",
    "RowError",
    "control_cell_errors",
    "file_read",
    "is_blank",
    "rejected",
    "table_read",
    "template_csv",
    "template_xlsx",
]
