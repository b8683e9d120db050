"""Sellers: applications checked against the registry, approved shops on top of Oscar's
``Partner``, and their compliance documents (PIRT, halal) with expiry dates.

An applicant's NIK is kept as the registry keeps it: encrypted, with a keyed blind index
and a masked copy for display. It is needed after submission only so that a village
operator can find or add the resident before vouching.
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalogue.reviews.ratings import Rated

from .choices import DocumentKind, DocumentStatus

#: A badge is shown, and listings depend on a document, only while it is this valid.
EXPIRY_REMINDER_DAYS = 30


class PrivateStorage(FileSystemStorage):
    """Uploaded documents (PIRT, halal certificates) live outside ``MEDIA_ROOT`` and have no
    public URL: staff and the seller read them through a view that checks who asks."""

    def __init__(self):
        super().__init__(base_url=None)

    @property
    def base_location(self):  # type: ignore[override]
        return settings.PRIVATE_MEDIA_ROOT

    @property
    def location(self):  # type: ignore[override]
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Private files have no URL: serve them through a view that checks access.")


def private_storage() -> PrivateStorage:
    return PrivateStorage()


def _upload_name(folder: str, filename: str) -> str:
    suffix = PurePosixPath(filename).suffix.lower()[:6]
    return f"{folder}/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


def document_upload_to(instance, filename: str) -> str:
    return _upload_name("sellers/documents", filename)


def logo_upload_to(instance, filename: str) -> str:
    return _upload_name("sellers/logos", filename)


def banner_upload_to(instance, filename: str) -> str:
    return _upload_name("sellers/banners", filename)


class SellerApplication(models.Model):
    """A resident's request to open a shop, from submission to approval or rejection."""

    class Status(models.TextChoices):
        AWAITING_OPERATOR = "awaiting_operator", _("Menunggu operator desa")
        PENDING = "pending", _("Menunggu persetujuan")
        APPROVED = "approved", _("Disetujui")
        REJECTED = "rejected", _("Ditolak")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="seller_applications"
    )
    shop_name = models.CharField(_("Nama toko"), max_length=128)
    main_category = models.ForeignKey(
        "catalogue.Category",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Kategori utama"),
    )
    description = models.TextField(_("Deskripsi toko"), max_length=2000, blank=True)
    village = models.ForeignKey(
        "registry.Village",
        on_delete=models.PROTECT,
        related_name="seller_applications",
        verbose_name=_("Desa/kelurahan"),
    )
    nik_encrypted = models.TextField(editable=False)
    nik_index = models.CharField(max_length=64, db_index=True, editable=False)
    nik_masked = models.CharField(_("NIK"), max_length=16, editable=False)
    full_name = models.CharField(_("Nama lengkap"), max_length=128)
    birth_date = models.DateField(_("Tanggal lahir"))
    whatsapp = models.CharField(_("Nomor WhatsApp"), max_length=16, help_text=_("E.164"))
    nib = models.CharField(_("NIB"), max_length=13, blank=True)

    status = models.CharField(
        _("Status"), max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    resident = models.ForeignKey(
        "registry.Resident",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="seller_applications",
        verbose_name=_("Penduduk terverifikasi"),
    )
    verified_at = models.DateTimeField(_("Diverifikasi pada"), null=True, blank=True)
    identity_check = models.BooleanField(
        _("Perlu pemeriksaan KTP langsung"),
        default=False,
        help_text=_(
            "Data cocok dengan registri, tetapi NIK ini sudah dipakai akun, toko atau "
            "pendaftaran lain: operator desa memeriksa KTP pemohon sebelum menjamin."
        ),
    )
    vouched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Dijamin oleh"),
    )
    vouched_at = models.DateTimeField(_("Dijamin pada"), null=True, blank=True)
    vouch_note = models.TextField(_("Catatan operator desa"), max_length=1000, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Diputuskan oleh"),
    )
    decided_at = models.DateTimeField(_("Diputuskan pada"), null=True, blank=True)
    rejection_reason = models.TextField(_("Alasan penolakan"), max_length=1000, blank=True)
    created_at = models.DateTimeField(_("Diajukan pada"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("pendaftaran penjual")
        verbose_name_plural = _("pendaftaran penjual")
        permissions = [
            ("decide_application", _("Dapat menyetujui, menolak dan menangguhkan penjual")),
        ]
        constraints = [
            # One open application per user: a second one waits for the first decision.
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(status__in=["awaiting_operator", "pending"]),
                name="sellers_one_open_application_per_user",
            )
        ]

    def __str__(self):
        return f"{self.shop_name} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.AWAITING_OPERATOR, self.Status.PENDING)


class ApplicationAttempt(models.Model):
    """A registry check made by an application; mismatches are rate limited per account and
    per NIK (so that many accounts cannot guess one resident's name and birth date)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    nik_index = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    succeeded = models.BooleanField(default=False)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at"]

    def __str__(self):
        return f"{self.user_id} {'ok' if self.succeeded else 'gagal'} {self.at:%Y-%m-%d %H:%M}"


class Seller(Rated, models.Model):
    """An approved shop: the profile beside its Oscar ``Partner``."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Aktif")
        SUSPENDED = "suspended", _("Ditangguhkan")

    partner = models.OneToOneField(
        "partner.Partner", on_delete=models.PROTECT, related_name="seller"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="sellers",
        verbose_name=_("Pemilik"),
    )
    application = models.OneToOneField(
        SellerApplication,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="seller",
    )
    slug = models.SlugField(_("Alamat toko"), max_length=80, unique=True)
    village = models.ForeignKey(
        "registry.Village",
        on_delete=models.PROTECT,
        related_name="sellers",
        verbose_name=_("Desa/kelurahan"),
    )
    resident = models.ForeignKey(
        "registry.Resident",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sellers",
        verbose_name=_("Penduduk terverifikasi"),
    )
    main_category = models.ForeignKey(
        "catalogue.Category",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Kategori utama"),
    )
    description = models.TextField(_("Deskripsi toko"), max_length=2000, blank=True)
    whatsapp = models.CharField(_("Nomor WhatsApp"), max_length=16, help_text=_("E.164"))
    nib = models.CharField(_("NIB"), max_length=13, blank=True)
    logo = models.ImageField(_("Logo"), upload_to=logo_upload_to, blank=True)
    banner = models.ImageField(_("Banner"), upload_to=banner_upload_to, blank=True)
    status = models.CharField(
        _("Status"), max_length=10, choices=Status.choices, default=Status.ACTIVE, db_index=True
    )
    suspended_reason = models.TextField(_("Alasan penangguhan"), max_length=1000, blank=True)
    suspended_at = models.DateTimeField(_("Ditangguhkan pada"), null=True, blank=True)
    approved_at = models.DateTimeField(_("Bergabung sejak"), default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["partner__name"]
        verbose_name = _("penjual")
        verbose_name_plural = _("penjual")
        constraints = [
            # One shop per account and one per resident: the dashboard, the read-only rule
            # and the "verified resident" badge all assume it.
            models.UniqueConstraint(fields=["user"], name="sellers_one_shop_per_user"),
            models.UniqueConstraint(fields=["resident"], name="sellers_one_shop_per_resident"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("sellers:shop-detail", kwargs={"slug": self.slug})

    @property
    def name(self) -> str:
        return self.partner.name

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE


class SellerDocumentQuerySet(models.QuerySet):
    def in_force(self, on: dt.date | None = None) -> SellerDocumentQuerySet:
        """Documents that count on ``on`` (today): checked by district staff and not expired."""
        return self.filter(
            status=DocumentStatus.VERIFIED, expires_on__gte=on or timezone.localdate()
        )


class SellerDocument(models.Model):
    """A compliance document (PIRT, halal, ...) of an application, then of its seller.

    Documents given with an application are verified when district staff approve it;
    documents a seller adds later wait for staff to check them (``status``).
    """

    application = models.ForeignKey(
        SellerApplication,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="documents",
    )
    seller = models.ForeignKey(
        Seller, on_delete=models.CASCADE, null=True, blank=True, related_name="documents"
    )
    kind = models.CharField(_("Jenis"), max_length=10, choices=DocumentKind.choices)
    number = models.CharField(_("Nomor"), max_length=64)
    expires_on = models.DateField(_("Berlaku sampai"))
    file = models.FileField(
        _("Berkas"), upload_to=document_upload_to, storage=private_storage, max_length=200
    )
    status = models.CharField(
        _("Pemeriksaan"),
        max_length=10,
        choices=DocumentStatus.choices,
        default=DocumentStatus.PENDING,
        db_index=True,
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Diperiksa oleh"),
    )
    reviewed_at = models.DateTimeField(_("Diperiksa pada"), null=True, blank=True)
    rejection_reason = models.TextField(_("Alasan penolakan"), max_length=1000, blank=True)
    reminder_sent_on = models.DateField(null=True, blank=True, editable=False)
    expiry_notified_on = models.DateField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SellerDocumentQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "-expires_on"]
        verbose_name = _("dokumen penjual")
        verbose_name_plural = _("dokumen penjual")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(application__isnull=False) | models.Q(seller__isnull=False),
                name="sellers_document_has_owner",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.number}"

    def is_valid_on(self, day: dt.date) -> bool:
        """Not expired on ``day`` (whether or not staff have checked it yet)."""
        return self.expires_on >= day

    @property
    def is_pending(self) -> bool:
        return self.status == DocumentStatus.PENDING

    @property
    def is_valid(self) -> bool:
        return self.is_valid_on(timezone.localdate())

    @property
    def expires_soon(self) -> bool:
        today = timezone.localdate()
        return today <= self.expires_on <= today + dt.timedelta(days=EXPIRY_REMINDER_DAYS)
