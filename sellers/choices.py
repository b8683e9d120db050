"""Choices shared by sellers and the catalogue (a category can require a document kind)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    PIRT = "pirt", _("PIRT (izin pangan industri rumah tangga)")
    HALAL = "halal", _("Sertifikat halal")
    OTHER = "other", _("Dokumen lain")


#: The short name shown on a storefront badge.
DOCUMENT_BADGES = {
    DocumentKind.PIRT: _("PIRT"),
    DocumentKind.HALAL: _("Halal"),
}
