"""Applying to sell: submit (checked against the registry), a village operator's vouch,
and the district's approval (the shop opens) or rejection."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.files.base import File
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from oscar.core.loading import get_model

from registry.models import Resident, Village
from registry.nik import nik_blind_index, nik_decrypt, nik_encrypt, nik_mask
from registry.selectors import villages_for
from registry.services import Verification, resident_verify

from ..choices import DocumentStatus
from ..models import (
    ApplicationAttempt,
    Seller,
    SellerApplication,
    SellerDocument,
)
from ..notifications import recipient_language, user_notify
from ..selectors import application_nik_conflicts
from .common import ApplicationError, check_staff, document_filename, private_files_delete
from .shops import dashboard_access_grant

if TYPE_CHECKING:
    from catalogue import models as catalogue_models

Partner = get_model("partner", "Partner")

#: Failed registry checks (mismatches) an account, and a NIK, may have per window: a
#: mismatch says which field is wrong, so it must not become a way to probe the registry.
VERIFY_MAX_FAILURES = 5
VERIFY_WINDOW = dt.timedelta(hours=1)


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
        private_files_delete(stored)
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
            name = file_field.generate_filename(row, document_filename(document.file))
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
    check_staff(approved_by)
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
    check_staff(rejected_by)
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
        transaction.on_commit(lambda: private_files_delete(files))
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


def application_attempts_prune(*, now: dt.datetime | None = None) -> int:
    """Delete registry-check attempts older than the rate limit's window: they hold a NIK's
    blind index and an account, and nothing needs them afterwards (UU PDP: keep personal
    data no longer than its purpose). Returns how many were deleted."""
    before = (now or timezone.now()) - VERIFY_WINDOW
    deleted, _by_model = ApplicationAttempt.objects.filter(at__lt=before).delete()
    return deleted
