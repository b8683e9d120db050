"""Writes for sellers: apply, vouch, approve, reject, suspend, reinstate, documents.

Every operation that changes more than one row runs in one transaction. Users are told
of decisions on the site (an Oscar notification, in their account) and by email, sent
after the transaction commits.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from registry.models import Resident, Village
from registry.nik import nik_blind_index, nik_decrypt, nik_encrypt, nik_mask
from registry.selectors import villages_for
from registry.services import Verification, resident_verify

from .models import ApplicationAttempt, Seller, SellerApplication, SellerDocument
from .notifications import user_notify

Partner = get_model("partner", "Partner")

#: Failed registry checks (mismatches) an account may make per window: a mismatch says
#: which field is wrong, so it must not become a way to probe the registry.
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
    file: object


@dataclass
class ApplicationInput:
    shop_name: str
    main_category: object
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
        failures = ApplicationAttempt.objects.filter(
            user=user, succeeded=False, at__gte=since
        ).count()
        if failures >= VERIFY_MAX_FAILURES:
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
            ApplicationAttempt.objects.create(user=user, succeeded=False)
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
        try:
            with transaction.atomic():
                application.save()
        except IntegrityError:
            raise ApplicationError(
                _("Pendaftaran Anda sebelumnya masih diproses. Tunggu keputusannya.")
            ) from None
        for document in data.documents:
            SellerDocument.objects.create(
                application=application,
                kind=document.kind,
                number=document.number.strip(),
                expires_on=document.expires_on,
                file=document.file,
            )
        ApplicationAttempt.objects.create(user=user, succeeded=True)
    return application


MISMATCH_LABELS = {
    "full_name": _("nama lengkap"),
    "birth_date": _("tanggal lahir"),
    "village": _("desa/kelurahan"),
}


def _resident_for(nik: str) -> Resident | None:
    return Resident.objects.filter(
        nik_index=nik_blind_index(nik), status=Resident.Status.ACTIVE
    ).first()


def application_nik(*, application: SellerApplication) -> str:
    """The applicant's NIK, for the village operator who must find or add the resident."""
    return nik_decrypt(application.nik_encrypted)


def _check_operator(user, village: Village) -> None:
    if not villages_for(user).filter(pk=village.pk).exists():
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
        application.resident = _resident_for(nik)
        application.verified_at = application.verified_at or timezone.now()
        application.vouched_by = user
        application.vouched_at = timezone.now()
        application.vouch_note = note.strip()
        application.status = SellerApplication.Status.PENDING
        application.save()
    return application


def _check_staff(user) -> None:
    if not (user.is_superuser or user.has_perm("sellers.decide_application")):
        raise PermissionDenied(_("Hanya staf dinas yang dapat memutuskan pendaftaran."))


def _unique_slug(name: str) -> str:
    base = (slugify(name) or "toko")[:70]
    slug, n = base, 2
    while Seller.objects.filter(slug=slug).exists() or Partner.objects.filter(code=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def dashboard_access_grant(user) -> None:
    permission = Permission.objects.get(
        content_type__app_label="partner", codename="dashboard_access"
    )
    user.user_permissions.add(permission)


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
        slug = _unique_slug(application.shop_name)
        partner = Partner.objects.create(name=application.shop_name, code=slug)
        partner.users.add(application.user)
        seller = Seller.objects.create(
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
        application.documents.update(seller=seller)
        application.status = SellerApplication.Status.APPROVED
        application.decided_by = approved_by
        application.decided_at = timezone.now()
        application.save()
        resident = application.resident
        if resident.user_id is None and not Resident.objects.filter(user=application.user).exists():
            resident.user = application.user
            resident.save(update_fields=["user", "updated_at"])
        dashboard_access_grant(application.user)
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
        application.documents.all().delete()
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
    anyone but district staff and ``ApplicationError`` without a reason.
    """
    _check_staff(suspended_by)
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(_("Tuliskan alasan penangguhan: penjual akan membacanya."))
    with transaction.atomic():
        seller = Seller.objects.select_for_update().get(pk=seller.pk)
        seller.status = Seller.Status.SUSPENDED
        seller.suspended_reason = reason
        seller.suspended_at = timezone.now()
        seller.save()
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
    """Lift a suspension. Raises ``PermissionDenied`` for anyone but district staff."""
    _check_staff(reinstated_by)
    with transaction.atomic():
        seller = Seller.objects.select_for_update().get(pk=seller.pk)
        seller.status = Seller.Status.ACTIVE
        seller.suspended_reason = ""
        seller.suspended_at = None
        seller.save()
        user_notify(
            user=seller.user,
            subject=_("Toko %(shop)s aktif kembali") % {"shop": seller.name},
            body=_("Penangguhan toko %(shop)s dicabut. Produk Anda tampil lagi.")
            % {"shop": seller.name},
        )
    return seller
