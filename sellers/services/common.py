"""What the sellers' services share: their error, who may decide, and the private files of
documents."""

from __future__ import annotations

from pathlib import PurePosixPath

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from ..models import private_storage


def document_filename(file) -> str:
    return PurePosixPath(getattr(file, "name", None) or "dokumen").name


def private_files_delete(names: list[str]) -> None:
    """Remove documents' files from private storage (missing ones are ignored)."""
    storage = private_storage()
    for name in names:
        if name:
            storage.delete(name)


def check_staff(user) -> None:
    if not (user.is_superuser or user.has_perm("sellers.decide_application")):
        raise PermissionDenied(_("Hanya staf dinas yang dapat memutuskan pendaftaran."))


class ApplicationError(Exception):
    """The application cannot be submitted or changed as asked; the message is safe to show.

    ``fields`` names the submitted fields that do not match the registry, if that is why.
    """

    def __init__(self, message: str, *, fields: list[str] | None = None):
        super().__init__(message)
        self.message = message
        self.fields = fields or []
