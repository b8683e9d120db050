"""Choices shared by sellers and the catalogue (a category can require a document kind)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    PIRT = "pirt", _("PIRT (izin pangan industri rumah tangga)")
    HALAL = "halal", _("Sertifikat halal")
    OTHER = "other", _("Dokumen lain")


class DocumentStatus(models.TextChoices):
    """Whether district staff have checked a document. Only a verified document shows a
    badge or lets a seller list products whose category requires it: a seller must not
    be able to declare their own halal certificate."""

    PENDING = "pending", _("Menunggu pemeriksaan")
    VERIFIED = "verified", _("Terverifikasi")
    REJECTED = "rejected", _("Ditolak")


#: The short name shown on a storefront badge.
DOCUMENT_BADGES = {
    DocumentKind.PIRT: _("PIRT"),
    DocumentKind.HALAL: _("Halal"),
}
