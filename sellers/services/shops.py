"""A shop's life after approval: dashboard access, suspension and reinstatement, and the
owner's own profile edits."""

from __future__ import annotations

from pathlib import PurePosixPath

from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Seller
from ..notifications import recipient_language, user_notify
from .common import ApplicationError, check_staff


def dashboard_access_grant(user) -> None:
    permission = Permission.objects.get(
        content_type__app_label="partner", codename="dashboard_access"
    )
    user.user_permissions.add(permission)


def seller_suspend(*, seller: Seller, suspended_by, reason: str) -> Seller:
    """Take the shop's products off the site and make its dashboard read-only.

    Orders already placed stay visible to their buyers. Raises ``PermissionDenied`` for
    anyone but district staff, ``ApplicationError`` without a reason or when the shop is
    suspended already.
    """
    check_staff(suspended_by)
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
    check_staff(reinstated_by)
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


def check_owner_active(*, seller: Seller, user) -> None:
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
    check_owner_active(seller=seller, user=user)
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
