"""Sellers' documents (PIRT, halal, NIB...): adding, the district's review, and the daily
check that reminds before and tells after a document expires."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ..choices import DOCUMENT_BADGES, DocumentKind, DocumentStatus
from ..documents import document_expiry_check
from ..models import (
    EXPIRY_REMINDER_DAYS,
    Seller,
    SellerDocument,
)
from ..notifications import recipient_language, user_notify
from ..selectors import products_needing_document
from .common import ApplicationError, check_staff, document_filename, private_files_delete
from .shops import check_owner_active


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
    check_owner_active(seller=seller, user=user)
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
            document.file.save(document_filename(file), file, save=False)
            stored.append(document.file.name or "")
            document.save()
    except BaseException:
        private_files_delete(stored)
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
    check_staff(reviewed_by)
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
