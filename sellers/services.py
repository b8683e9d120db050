"""Writes for sellers: apply, vouch, approve, reject, suspend, reinstate, documents.

Every operation that changes more than one row runs in one transaction. Users are told
of decisions on the site (an Oscar notification, in their account) and by email, sent
after the transaction commits.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from oscar.core.loading import get_model

from registry.models import Resident, Village
from registry.nik import nik_blind_index, nik_decrypt, nik_encrypt, nik_mask
from registry.selectors import villages_for
from registry.services import Verification, resident_verify

from .choices import DOCUMENT_BADGES, DocumentKind, DocumentStatus
from .documents import document_expiry_check
from .models import (
    EXPIRY_REMINDER_DAYS,
    ApplicationAttempt,
    Seller,
    SellerApplication,
    SellerDocument,
    private_storage,
)
from .notifications import recipient_language, user_notify
from .selectors import application_nik_conflicts, products_needing_document

if TYPE_CHECKING:
    from catalogue import models as catalogue_models

Partner = get_model("partner", "Partner")

#: Failed registry checks (mismatches) an account, and a NIK, may have per window: a
#: mismatch says which field is wrong, so it must not become a way to probe the registry.
VERIFY_MAX_FAILURES = 5
VERIFY_WINDOW = dt.timedelta(hours=1)


class ApplicationError(Exception):
    """The application cannot be submitted or changed as asked; the message is safe to show.

    ``fields`` names the submitted fields that do not match the registry, if that is why.
    """

    def __init__(self, message: str, *, fields: list[str] | None = None):
        super().__init__(message)
        self.message = message
        self.fields = fields or []


@dataclass(frozen=True)
class DocumentUpload:
    kind: str
    number: str
    expires_on: dt.date
    file: File


@dataclass
class ApplicationInput:
    shop_name: str
    main_category: catalogue_models.Category
    description: str
    village: Village
    nik: str
    full_name: str
    birth_date: dt.date
    whatsapp: str
    nib: str = ""
    documents: list[DocumentUpload] = field(default_factory=list)


def application_submit(*, user, data: ApplicationInput) -> SellerApplication:
    """Check the applicant against the registry and record the application.

    Verified applicants wait for district staff (``PENDING``); applicants the registry does
    not know wait for their village operator (``AWAITING_OPERATOR``). Raises
    ``ApplicationError`` when the user already has an open application or a shop, when
    the registry holds different data (naming the fields to check, never the registry's
    values), or after too many mismatches.

    Document files are written to private storage only inside the transaction that saves
    their rows, and removed again if it fails; the caller checks them first
    (``sellers.documents.document_file_check``).
    """
    with transaction.atomic():
        get_user_model().objects.select_for_update().filter(pk=user.pk).first()
        if Seller.objects.filter(user=user).exists():
            raise ApplicationError(_("Anda sudah memiliki toko."))
        if SellerApplication.objects.filter(
            user=user,
            status__in=[
                SellerApplication.Status.AWAITING_OPERATOR,
                SellerApplication.Status.PENDING,
            ],
        ).exists():
            raise ApplicationError(
                _("Pendaftaran Anda sebelumnya masih diproses. Tunggu keputusannya.")
            )
        since = timezone.now() - VERIFY_WINDOW
        nik_index = nik_blind_index(data.nik)
        failures = ApplicationAttempt.objects.filter(succeeded=False, at__gte=since)
        if (
            failures.filter(user=user).count() >= VERIFY_MAX_FAILURES
            or failures.filter(nik_index=nik_index).count() >= VERIFY_MAX_FAILURES
        ):
            raise ApplicationError(
                _(
                    "Terlalu banyak percobaan yang tidak cocok. Coba lagi dalam satu jam atau "
                    "hubungi operator desa Anda."
                )
            )
        result = resident_verify(
            nik=data.nik,
            full_name=data.full_name,
            birth_date=data.birth_date,
            village=data.village,
        )
        if result.status is Verification.MISMATCH:
            ApplicationAttempt.objects.create(user=user, nik_index=nik_index, succeeded=False)
            failed = ApplicationError(
                _(
                    "Data tidak cocok dengan registri desa. Periksa kembali: %(fields)s. "
                    "Bila data Anda sudah benar, hubungi operator desa untuk memperbaikinya."
                )
                % {"fields": ", ".join(str(MISMATCH_LABELS[f]) for f in result.mismatched)},
                fields=result.mismatched,
            )
        else:
            failed = None
    if failed is not None:
        # Raised after the block so that the failed attempt is committed and counts.
        raise failed

    stored: list[str] = []
    try:
        application = _application_save(user=user, data=data, result=result, stored=stored)
    except BaseException:
        # The rows are rolled back; the files written for them must go too.
        _stored_files_delete(stored)
        raise
    return application


def _application_save(
    *, user, data: ApplicationInput, result, stored: list[str]
) -> SellerApplication:
    """The second half of ``application_submit``: one transaction that writes the
    application, its documents (their files' names appended to ``stored`` as they are
    written) and the successful attempt."""
    with transaction.atomic():
        verified = result.status is Verification.VERIFIED
        resident = _resident_for(data.nik) if verified else None
        application = SellerApplication(
            user=user,
            shop_name=data.shop_name.strip(),
            main_category=data.main_category,
            description=data.description.strip(),
            village=data.village,
            nik_encrypted=nik_encrypt(data.nik),
            nik_index=nik_blind_index(data.nik),
            nik_masked=nik_mask(data.nik),
            full_name=data.full_name.strip(),
            birth_date=data.birth_date,
            whatsapp=data.whatsapp,
            nib=data.nib,
            resident=resident,
            verified_at=timezone.now() if verified else None,
            status=(
                SellerApplication.Status.PENDING
                if verified
                else SellerApplication.Status.AWAITING_OPERATOR
            ),
        )
        if verified and application_nik_conflicts(application=application):
            # Someone who knows a resident's NIK, name and birth date (all on the KTP) must
            # not open a shop in their name: the village operator sees the KTP first.
            application.resident = None
            application.identity_check = True
            application.status = SellerApplication.Status.AWAITING_OPERATOR
        try:
            with transaction.atomic():
                application.save()
        except IntegrityError:
            raise ApplicationError(
                _("Pendaftaran Anda sebelumnya masih diproses. Tunggu keputusannya.")
            ) from None
        for document in data.documents:
            row = SellerDocument(
                application=application,
                kind=document.kind,
                number=document.number.strip(),
                expires_on=document.expires_on,
            )
            file_field = row.file.field
            name = file_field.generate_filename(row, _document_name(document.file))
            # Noted before writing, so that a half-written file is removed as well.
            stored.append(name)
            row.file.name = file_field.storage.save(
                name, document.file, max_length=file_field.max_length
            )
            stored.append(row.file.name)
            row.save()
        ApplicationAttempt.objects.create(
            user=user, nik_index=application.nik_index, succeeded=True
        )
    return application


def _document_name(file) -> str:
    return PurePosixPath(getattr(file, "name", None) or "dokumen").name


def _stored_files_delete(names: list[str]) -> None:
    """Remove documents' files from private storage (missing ones are ignored)."""
    storage = private_storage()
    for name in names:
        if name:
            storage.delete(name)


MISMATCH_LABELS = {
    "full_name": gettext_lazy("nama lengkap"),
    "birth_date": gettext_lazy("tanggal lahir"),
    "village": gettext_lazy("desa/kelurahan"),
}


def _resident_for(nik: str) -> Resident | None:
    return Resident.objects.filter(
        nik_index=nik_blind_index(nik), status=Resident.Status.ACTIVE
    ).first()


def application_nik(*, application: SellerApplication) -> str:
    """The applicant's NIK, for the village operator who must find or add the resident."""
    return nik_decrypt(application.nik_encrypted)


def _check_operator(user, village: Village) -> None:
    if not villages_for(user=user).filter(pk=village.pk).exists():
        raise PermissionDenied(_("Anda tidak mengelola desa ini."))


def application_vouch(*, application: SellerApplication, user, note: str = "") -> SellerApplication:
    """A village operator vouches for an applicant of their village.

    The applicant is checked against the registry again, so an operator who has just
    added the resident moves the application on to district staff. Raises
    ``PermissionDenied`` for a village the user does not keep, and ``ApplicationError``
    when the application is decided or the registry still does not match.
    """
    _check_operator(user, application.village)
    with transaction.atomic():
        application = SellerApplication.objects.select_for_update().get(pk=application.pk)
        if not application.is_open:
            raise ApplicationError(_("Pendaftaran ini sudah diputuskan."))
        nik = application_nik(application=application)
        result = resident_verify(
            nik=nik,
            full_name=application.full_name,
            birth_date=application.birth_date,
            village=application.village,
        )
        if result.status is Verification.NOT_FOUND:
            raise ApplicationError(
                _(
                    "Pemohon belum ada di registri desa (atau tidak berstatus aktif). Tambahkan "
                    "penduduk ini di Registri desa, lalu jamin lagi."
                )
            )
        if result.status is Verification.MISMATCH:
            raise ApplicationError(
                _("Data pemohon tidak cocok dengan registri: %(fields)s. Periksa datanya.")
                % {"fields": ", ".join(str(MISMATCH_LABELS[f]) for f in result.mismatched)},
                fields=result.mismatched,
            )
        resident = _resident_for(nik)
        _check_no_other_shop(application=application, resident=resident)
        application.resident = resident
        application.verified_at = application.verified_at or timezone.now()
        application.vouched_by = user
        application.vouched_at = timezone.now()
        application.vouch_note = note.strip()
        application.status = SellerApplication.Status.PENDING
        application.save()
    return application


def _check_no_other_shop(*, application: SellerApplication, resident: Resident | None) -> None:
    """One shop per resident: refuse an application whose resident already has one."""
    if resident is None:
        return
    if Seller.objects.filter(resident=resident).exclude(user=application.user).exists():
        raise ApplicationError(
            _(
                "Penduduk ini sudah memiliki toko: satu penduduk hanya dapat membuka satu toko. "
                "Tolak pendaftaran ini dengan alasannya."
            )
        )


def _check_staff(user) -> None:
    if not (user.is_superuser or user.has_perm("sellers.decide_application")):
        raise PermissionDenied(_("Hanya staf dinas yang dapat memutuskan pendaftaran."))


#: Paths under /shops/ that are pages of their own, never a shop's address.
RESERVED_SLUGS = frozenset({"apply", "mine"})


def _unique_slug(name: str) -> str:
    base = (slugify(name) or "toko")[:70]
    slug, n = base, 2
    while (
        slug in RESERVED_SLUGS
        or Seller.objects.filter(slug=slug).exists()
        or Partner.objects.filter(code=slug).exists()
    ):
        slug, n = f"{base}-{n}", n + 1
    return slug


def dashboard_access_grant(user) -> None:
    permission = Permission.objects.get(
        content_type__app_label="partner", codename="dashboard_access"
    )
    user.user_permissions.add(permission)


def _shop_open(application: SellerApplication) -> Seller:
    slug = _unique_slug(application.shop_name)
    partner = Partner.objects.create(name=application.shop_name, code=slug)
    partner.users.add(application.user)
    return Seller.objects.create(
        partner=partner,
        user=application.user,
        application=application,
        slug=slug,
        village=application.village,
        resident=application.resident,
        main_category=application.main_category,
        description=application.description,
        whatsapp=application.whatsapp,
        nib=application.nib,
    )


def application_approve(*, application: SellerApplication, approved_by) -> Seller:
    """Open the shop: an Oscar ``Partner`` with the applicant as its user, the seller
    profile, the application's documents, and dashboard access.

    Raises ``PermissionDenied`` for anyone but district staff, ``ApplicationError`` when the
    application is not waiting for approval or its applicant is not a verified resident.
    """
    _check_staff(approved_by)
    with transaction.atomic():
        application = SellerApplication.objects.select_for_update().get(pk=application.pk)
        if application.status != SellerApplication.Status.PENDING:
            raise ApplicationError(
                _("Hanya pendaftaran yang menunggu persetujuan dapat disetujui.")
            )
        if application.resident_id is None:
            raise ApplicationError(
                _("Pemohon belum terverifikasi di registri desa: tunggu jaminan operator desa.")
            )
        if Seller.objects.filter(user=application.user).exists():
            raise ApplicationError(_("Pemohon sudah memiliki toko."))
        _check_no_other_shop(application=application, resident=application.resident)
        if application.vouched_by_id is None and application_nik_conflicts(application=application):
            raise ApplicationError(
                _(
                    "NIK pemohon juga dipakai akun atau pendaftaran lain. Minta operator desa "
                    "memeriksa KTP pemohon dan menjamin pendaftaran ini lebih dulu."
                )
            )
        try:
            with transaction.atomic():
                seller = _shop_open(application)
        except IntegrityError:
            # Another approval took the same shop address or resident at the same moment.
            raise ApplicationError(
                _("Toko belum dapat dibuka karena bentrok dengan perubahan lain. Coba lagi.")
            ) from None
        # Staff approve with the application's documents in front of them: checked.
        application.documents.update(
            seller=seller,
            status=DocumentStatus.VERIFIED,
            reviewed_by=approved_by,
            reviewed_at=timezone.now(),
        )
        application.status = SellerApplication.Status.APPROVED
        application.decided_by = approved_by
        application.decided_at = timezone.now()
        application.save()
        resident = application.resident
        assert resident is not None  # checked above: approval needs a verified resident
        if resident.user_id is None and not Resident.objects.filter(user=application.user).exists():
            resident.user = application.user
            resident.save(update_fields=["user", "updated_at"])
        dashboard_access_grant(application.user)
        with recipient_language():
            user_notify(
                user=application.user,
                subject=_("Toko %(shop)s disetujui") % {"shop": seller.name},
                body=_(
                    "Selamat! Pendaftaran toko %(shop)s disetujui. Buka Dasbor Penjual untuk "
                    "menambahkan produk pertama Anda."
                )
                % {"shop": seller.name},
            )
    return seller


def application_reject(
    *, application: SellerApplication, rejected_by, reason: str
) -> SellerApplication:
    """Refuse the application with a reason the applicant reads. The user may apply again.

    Raises ``PermissionDenied`` for anyone but district staff, ``ApplicationError`` without
    a reason or when the application is already decided.
    """
    _check_staff(rejected_by)
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(_("Tuliskan alasan penolakan: pemohon akan membacanya."))
    with transaction.atomic():
        application = SellerApplication.objects.select_for_update().get(pk=application.pk)
        if not application.is_open:
            raise ApplicationError(_("Pendaftaran ini sudah diputuskan."))
        application.status = SellerApplication.Status.REJECTED
        application.rejection_reason = reason
        application.decided_by = rejected_by
        application.decided_at = timezone.now()
        application.save()
        files = list(application.documents.values_list("file", flat=True))
        application.documents.all().delete()
        # The files go once the rows are gone for good, never on a rollback.
        transaction.on_commit(lambda: _stored_files_delete(files))
        with recipient_language():
            user_notify(
                user=application.user,
                subject=_("Pendaftaran toko %(shop)s ditolak") % {"shop": application.shop_name},
                body=_(
                    "Maaf, pendaftaran toko %(shop)s ditolak dengan alasan: %(reason)s\n"
                    "Anda dapat memperbaiki dan mendaftar lagi."
                )
                % {"shop": application.shop_name, "reason": reason},
            )
    return application


def seller_suspend(*, seller: Seller, suspended_by, reason: str) -> Seller:
    """Take the shop's products off the site and make its dashboard read-only.

    Orders already placed stay visible to their buyers. Raises ``PermissionDenied`` for
    anyone but district staff, ``ApplicationError`` without a reason or when the shop is
    suspended already.
    """
    _check_staff(suspended_by)
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(_("Tuliskan alasan penangguhan: penjual akan membacanya."))
    with transaction.atomic():
        seller = Seller.objects.select_for_update().get(pk=seller.pk)
        if seller.status == Seller.Status.SUSPENDED:
            raise ApplicationError(_("Toko ini sudah ditangguhkan."))
        seller.status = Seller.Status.SUSPENDED
        seller.suspended_reason = reason
        seller.suspended_at = timezone.now()
        seller.save()
        with recipient_language():
            user_notify(
                user=seller.user,
                subject=_("Toko %(shop)s ditangguhkan") % {"shop": seller.name},
                body=_(
                    "Toko %(shop)s ditangguhkan oleh staf dinas dengan alasan: %(reason)s\n"
                    "Produk Anda tidak tampil dan dasbor hanya dapat dibaca sampai penangguhan "
                    "dicabut. Pesanan yang sudah ada tetap terlihat oleh pembeli."
                )
                % {"shop": seller.name, "reason": reason},
            )
    return seller


def seller_reinstate(*, seller: Seller, reinstated_by) -> Seller:
    """Lift a suspension. Raises ``PermissionDenied`` for anyone but district staff and
    ``ApplicationError`` when the shop is not suspended."""
    _check_staff(reinstated_by)
    with transaction.atomic():
        seller = Seller.objects.select_for_update().get(pk=seller.pk)
        if seller.status != Seller.Status.SUSPENDED:
            raise ApplicationError(_("Toko ini tidak sedang ditangguhkan."))
        seller.status = Seller.Status.ACTIVE
        seller.suspended_reason = ""
        seller.suspended_at = None
        seller.save()
        with recipient_language():
            user_notify(
                user=seller.user,
                subject=_("Toko %(shop)s aktif kembali") % {"shop": seller.name},
                body=_("Penangguhan toko %(shop)s dicabut. Produk Anda tampil lagi.")
                % {"shop": seller.name},
            )
    return seller


# Shop settings and documents (the seller's own page, /shops/mine/) -------------------------


def _check_owner_active(*, seller: Seller, user) -> None:
    if seller.user_id != user.pk:
        raise PermissionDenied(_("Ini bukan toko Anda."))
    if not seller.is_active:
        raise PermissionDenied(
            _(
                "Toko Anda sedang ditangguhkan: pengaturan dan dokumen hanya dapat dilihat "
                "sampai penangguhan dicabut."
            )
        )


def seller_profile_update(
    *,
    seller: Seller,
    user,
    description: str,
    whatsapp: str,
    logo=None,
    banner=None,
    logo_clear: bool = False,
    banner_clear: bool = False,
) -> Seller:
    """Change what the storefront shows: description, WhatsApp number (E.164), logo, banner.

    ``logo`` and ``banner`` are prepared files (checked and re-encoded, see
    ``catalogue.images``) or ``None`` to keep the current one; ``*_clear`` removes it.
    Replaced files are deleted once the change is committed; files written for a change
    that fails are deleted at once. Raises ``PermissionDenied`` when ``user`` does not own
    the shop or the shop is suspended.
    """
    _check_owner_active(seller=seller, user=user)
    stored: list[str] = []
    replaced: list[str] = []
    try:
        with transaction.atomic():
            seller = Seller.objects.select_for_update().get(pk=seller.pk)
            seller.description = description.strip()
            seller.whatsapp = whatsapp
            for name, upload, clear in (
                ("logo", logo, logo_clear),
                ("banner", banner, banner_clear),
            ):
                current = getattr(seller, name)
                if upload is None and not clear:
                    continue
                if current:
                    replaced.append(current.name)
                if upload is None:
                    setattr(seller, name, "")
                else:
                    current.save(PurePosixPath(upload.name).name, upload, save=False)
                    stored.append(current.name)
            seller.save()
            transaction.on_commit(lambda: _public_files_delete(replaced))
    except BaseException:
        _public_files_delete(stored)
        raise
    return seller


def _public_files_delete(names: list[str]) -> None:
    for name in names:
        if name:
            default_storage.delete(name)


def seller_document_add(
    *, seller: Seller, user, kind: str, number: str, expires_on: dt.date, file
) -> SellerDocument:
    """Add a compliance document (a new PIRT, a renewed halal certificate) to the shop.

    ``file`` is the checked copy from ``sellers.documents.document_file_check``; it is
    written to private storage inside the transaction and removed if that fails. It waits
    for district staff to check it (``document_verify``): only then does its badge show
    and are the products it unlocks listed. Raises
    ``PermissionDenied`` when ``user`` does not own the shop or the shop is suspended, and
    ``ApplicationError`` for a document that is no longer valid (or dated absurdly far ahead).
    """
    _check_owner_active(seller=seller, user=user)
    try:
        document_expiry_check(expires_on)
    except ValidationError as error:
        raise ApplicationError(error.messages[0]) from None
    stored: list[str] = []
    try:
        with transaction.atomic():
            document = SellerDocument(
                seller=seller, kind=kind, number=number.strip(), expires_on=expires_on
            )
            document.file.save(_document_name(file), file, save=False)
            stored.append(document.file.name or "")
            document.save()
    except BaseException:
        _stored_files_delete(stored)
        raise
    return document


def document_verify(*, document: SellerDocument, reviewed_by) -> SellerDocument:
    """District staff have checked a shop's document against its file: from now on it shows
    its badge and lists the products it unlocks. The seller is told."""
    return _document_review(document=document, reviewed_by=reviewed_by, verified=True)


def document_reject(*, document: SellerDocument, reviewed_by, reason: str) -> SellerDocument:
    """District staff refuse a shop's document (unreadable, another shop's, a wrong number),
    with a reason the seller reads. It never counts; the seller may upload another."""
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(_("Tuliskan alasan penolakan: penjual akan membacanya."))
    return _document_review(
        document=document, reviewed_by=reviewed_by, verified=False, reason=reason
    )


def _document_review(
    *, document: SellerDocument, reviewed_by, verified: bool, reason: str = ""
) -> SellerDocument:
    _check_staff(reviewed_by)
    with transaction.atomic():
        document = SellerDocument.objects.select_for_update().get(pk=document.pk)
        if document.seller_id is None or document.status != DocumentStatus.PENDING:
            raise ApplicationError(_("Dokumen ini sudah diperiksa."))
        document.status = DocumentStatus.VERIFIED if verified else DocumentStatus.REJECTED
        document.reviewed_by = reviewed_by
        document.reviewed_at = timezone.now()
        document.rejection_reason = reason
        document.save()
        seller = Seller.objects.select_related("partner", "user").get(pk=document.seller_id)
        values = {
            "kind": document.get_kind_display(),
            "number": document.number,
            "shop": seller.name,
            "reason": reason,
        }
        with recipient_language():
            if verified:
                subject = _("Dokumen toko %(shop)s terverifikasi") % values
                body = (
                    _(
                        "%(kind)s nomor %(number)s sudah diperiksa staf dinas dan berlaku untuk "
                        "toko %(shop)s."
                    )
                    % values
                )
            else:
                subject = _("Dokumen toko %(shop)s ditolak") % values
                body = (
                    _(
                        "%(kind)s nomor %(number)s ditolak staf dinas dengan alasan: %(reason)s\n"
                        "Unggah dokumen yang benar di halaman Pengaturan toko."
                    )
                    % values
                )
            user_notify(user=seller.user, subject=subject, body=body)
    return document


def application_attempts_prune(*, now: dt.datetime | None = None) -> int:
    """Delete registry-check attempts older than the rate limit's window: they hold a NIK's
    blind index and an account, and nothing needs them afterwards (UU PDP: keep personal
    data no longer than its purpose). Returns how many were deleted."""
    before = (now or timezone.now()) - VERIFY_WINDOW
    deleted, _by_model = ApplicationAttempt.objects.filter(at__lt=before).delete()
    return deleted


# The daily document check (Celery beat, sellers.tasks.documents_check) --------------------

#: At most this many hidden products are named in an expiry notice; the rest are counted.
EXPIRY_NOTICE_PRODUCTS = 10


def documents_check(*, today: dt.date) -> dict[str, int]:
    """Tell sellers about their documents as of ``today``.

    A seller is reminded once per document when it expires within
    ``EXPIRY_REMINDER_DAYS`` (``reminder_sent_on``), and told once when it has expired
    (``expiry_notified_on``): its badge is gone and which of their products it hides. A
    document the seller has already replaced by a later one of the same kind is marked
    without a message. Running it again the same day, or at the same time in two workers,
    sends nothing twice. Listing does not wait for this: badges and products follow the
    date when they are read. Returns how many reminders and expiry notices were sent.
    """
    horizon = today + dt.timedelta(days=EXPIRY_REMINDER_DAYS)
    owned = SellerDocument.objects.filter(seller__isnull=False, status=DocumentStatus.VERIFIED)
    due = owned.filter(
        reminder_sent_on__isnull=True, expires_on__gte=today, expires_on__lte=horizon
    )
    expired = owned.filter(expiry_notified_on__isnull=True, expires_on__lt=today)
    sent = {"reminded": 0, "expired": 0}
    for pk in due.order_by("pk").values_list("pk", flat=True):
        sent["reminded"] += _document_remind(pk=pk, today=today)
    for pk in expired.order_by("pk").values_list("pk", flat=True):
        sent["expired"] += _document_expiry_tell(pk=pk, today=today)
    return sent


def _document_claim(*, pk: int, mark: str, today: dt.date) -> SellerDocument | None:
    """Lock the document and set ``mark`` to ``today`` unless another run did it first."""
    document = (
        SellerDocument.objects.select_for_update(skip_locked=True)
        .filter(pk=pk, **{f"{mark}__isnull": True})
        .first()
    )
    if document is None:
        return None
    setattr(document, mark, today)
    document.save(update_fields=[mark])
    return document


def _document_remind(*, pk: int, today: dt.date) -> bool:
    with transaction.atomic():
        document = _document_claim(pk=pk, mark="reminder_sent_on", today=today)
        if document is None:
            return False
        seller = Seller.objects.select_related("partner", "user").get(documents=document)
        if (
            seller.documents.filter(kind=document.kind, expires_on__gt=document.expires_on)
            .exclude(status=DocumentStatus.REJECTED)
            .exists()
        ):
            return False  # Already renewed (or the renewal waits for staff to check it).
        days = (document.expires_on - today).days
        parts = [
            _(
                "%(kind)s nomor %(number)s milik toko %(shop)s berlaku sampai %(date)s "
                "(%(days)s hari lagi)."
            )
            % {
                "kind": document.get_kind_display(),
                "number": document.number,
                "shop": seller.name,
                "date": date_format(document.expires_on, "j F Y"),
                "days": days,
            }
        ]
        badge = DOCUMENT_BADGES.get(DocumentKind(document.kind))
        if badge:
            parts.append(
                _("Setelah tanggal itu lencana %(badge)s hilang dari toko Anda.") % {"badge": badge}
            )
        hidden = products_needing_document(seller=seller, kind=document.kind).count()
        if hidden:
            parts.append(
                _("%(n)s produk Anda memerlukan dokumen ini dan akan disembunyikan dari pembeli.")
                % {"n": hidden}
            )
        parts.append(
            _("Unggah dokumen yang baru sebelum tanggal itu di halaman Pengaturan toko (%(path)s).")
            % {"path": reverse("sellers:settings")}
        )
        with recipient_language():
            user_notify(
                user=seller.user,
                subject=_("Dokumen %(kind)s toko %(shop)s segera berakhir")
                % {"kind": badge or document.number, "shop": seller.name},
                body="\n".join(str(part) for part in parts),
            )
        return True


def _document_expiry_tell(*, pk: int, today: dt.date) -> bool:
    with transaction.atomic():
        document = _document_claim(pk=pk, mark="expiry_notified_on", today=today)
        if document is None:
            return False
        seller = Seller.objects.select_related("partner", "user").get(documents=document)
        if seller.documents.in_force(today).filter(kind=document.kind).exists():
            return False  # A valid document of the same kind replaces it.
        badge = DOCUMENT_BADGES.get(DocumentKind(document.kind))
        parts = [
            _("%(kind)s nomor %(number)s milik toko %(shop)s tidak berlaku sejak %(date)s.")
            % {
                "kind": document.get_kind_display(),
                "number": document.number,
                "shop": seller.name,
                "date": date_format(document.expires_on + dt.timedelta(days=1), "j F Y"),
            }
        ]
        if badge:
            parts.append(_("Lencana %(badge)s tidak lagi tampil di toko Anda.") % {"badge": badge})
        hidden = list(
            products_needing_document(seller=seller, kind=document.kind).values_list(
                "title", flat=True
            )
        )
        if hidden:
            named = hidden[:EXPIRY_NOTICE_PRODUCTS]
            parts.append(_("Produk ini disembunyikan dari pembeli:"))
            parts.extend(f"- {title}" for title in named)
            if len(hidden) > len(named):
                parts.append(_("... dan %(n)s produk lainnya.") % {"n": len(hidden) - len(named)})
        parts.append(
            _(
                "Unggah dokumen yang baru di halaman Pengaturan toko (%(path)s): lencana dan "
                "produk tampil lagi begitu staf dinas memeriksa dokumen itu."
            )
            % {"path": reverse("sellers:settings")}
        )
        with recipient_language():
            user_notify(
                user=seller.user,
                subject=_("Dokumen %(kind)s toko %(shop)s sudah tidak berlaku")
                % {"kind": badge or document.number, "shop": seller.name},
                body="\n".join(str(part) for part in parts),
            )
        return True
