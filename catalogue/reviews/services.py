"""Writing reviews: a buyer's review of a product or seller of their completed order (new or
edited within ``EDIT_DAYS``), the seller's one public reply, staff hiding (and showing
again) with a reason, and the recount of the figures on what is reviewed.

Every write locks what is reviewed (the product or seller row), writes the review and
recounts that row's figures in one transaction, so the stars a page shows always match the
reviews. Asking for the same thing twice leaves the same result.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from order import statuses
from sellers.models import Seller
from sellers.notifications import recipient_language, user_notify

from .models import EDIT_DAYS, ProductReview, Review, SellerReview

Product = get_model("catalogue", "Product")
Order = get_model("order", "Order")

#: The longest review text kept (a phone keyboard's worth, not an essay).
BODY_MAX = 2000


class ReviewRefused(ValidationError):
    """The review cannot be written as asked; the message is safe to show."""


@dataclass(frozen=True)
class ReviewInput:
    score: int
    body: str = ""
    photo: ContentFile | None = None


def order_reviewable(*, order, user) -> bool:
    """Whether ``user`` may review what ``order`` brought them: their own, completed."""
    return (
        user is not None
        and user.is_authenticated
        and order.user_id == user.pk
        and order.status == statuses.COMPLETED
    )


def order_to_review(*, user, product_id: int) -> str | None:
    """The number of ``user``'s latest completed order of the product, while they have not
    reviewed it: where "Tulis ulasan" leads (``None``: nothing to review)."""
    if user is None or not user.is_authenticated:
        return None
    number = (
        Order.objects.filter(user=user, lines__product_id=product_id, status=statuses.COMPLETED)
        .order_by("-completed_at", "-pk")
        .values_list("number", flat=True)
        .first()
    )
    if number is None or ProductReview.objects.filter(product_id=product_id, user=user).exists():
        return None
    return number


def _check(data: ReviewInput) -> tuple[int, str]:
    if data.score not in (1, 2, 3, 4, 5):
        raise ReviewRefused(_("Pilih nilai 1 sampai 5 bintang."))
    body = (data.body or "").strip()
    if len(body) > BODY_MAX:
        raise ReviewRefused(
            _("Ulasan terlalu panjang: paling banyak %(max)s karakter.") % {"max": BODY_MAX}
        )
    return data.score, body


def review_save(
    *, user, order, target, data: ReviewInput, now: dt.datetime | None = None
) -> Review:
    """Write ``user``'s review of ``target`` (the order's seller, or a product of the order)
    or change it within ``EDIT_DAYS`` of writing it. Raises ``PermissionDenied`` for
    someone else's or an unfinished order, ``ReviewRefused`` for bad input or a closed edit."""
    now = now or timezone.now()
    if not order_reviewable(order=order, user=user):
        raise PermissionDenied(
            _("Hanya pembeli dengan pesanan yang sudah selesai yang dapat memberi ulasan.")
        )
    score, body = _check(data)
    is_seller = isinstance(target, Seller)
    if is_seller and target.pk != order.seller_id:
        raise PermissionDenied(_("Toko ini bukan penjual pesanan tersebut."))
    if not is_seller and not order.lines.filter(product=target).exists():
        raise PermissionDenied(_("Produk ini tidak ada di pesanan tersebut."))
    if is_seller and not body:
        raise ReviewRefused(_("Tuliskan pengalaman Anda dengan toko ini."))
    stale_photo, stored = "", ""
    review: Any = None
    try:
        with transaction.atomic():
            locked = type(target)._default_manager.select_for_update().get(pk=target.pk)
            if is_seller:
                review = SellerReview.objects.filter(seller=locked, user=user).first()
            else:
                review = ProductReview.objects.filter(product=locked, user=user).first()
            if review is not None and not review.is_editable(now):
                raise ReviewRefused(
                    _("Ulasan hanya dapat diubah %(days)s hari setelah ditulis.")
                    % {"days": EDIT_DAYS}
                )
            if review is None:
                review = (
                    SellerReview(seller=locked, user=user)
                    if is_seller
                    else ProductReview(product=locked, user=user, status=ProductReview.APPROVED)
                )
            elif (review.score, review.body) == (score, body) and data.photo is None:
                return review  # the same again: nothing to change
            else:
                review.updated_at = now
            review.order = order
            review.score = score
            review.body = body
            if data.photo is not None:
                stale_photo = review.photo.name if review.photo else ""
                review.photo.save(data.photo.name or "ulasan.jpg", data.photo, save=False)
                stored = review.photo.name
            review.save()
            ratings_recount(locked)
    except BaseException:
        if stored:
            review.photo.storage.delete(stored)  # a review not written keeps no photo
        raise
    if stale_photo:
        storage = review.photo.storage
        transaction.on_commit(lambda: storage.delete(stale_photo))
    return review


def review_reply(*, review: Review, user, text: str, now: dt.datetime | None = None) -> Review:
    """The seller's one public reply to a review of their shop or of one of its products."""
    text = (text or "").strip()
    if not text:
        raise ReviewRefused(_("Tuliskan balasan Anda."))
    if len(text) > BODY_MAX:
        raise ReviewRefused(
            _("Balasan terlalu panjang: paling banyak %(max)s karakter.") % {"max": BODY_MAX}
        )
    with transaction.atomic():
        locked = type(review)._default_manager.select_for_update().get(pk=review.pk)
        seller = review_seller(locked)
        if seller is None or seller.user_id != user.pk:
            raise PermissionDenied(_("Hanya penjual yang diulas yang dapat membalas."))
        if locked.reply:
            if locked.reply == text:
                return locked
            raise ReviewRefused(_("Ulasan ini sudah Anda balas: balasan hanya sekali."))
        locked.reply = text
        locked.replied_at = now or timezone.now()
        locked.save(update_fields=["reply", "replied_at"])
        with recipient_language():
            user_notify(
                user=locked.user,
                subject=_("%(shop)s membalas ulasan Anda") % {"shop": seller.name},
                body=_("%(shop)s menulis: %(reply)s") % {"shop": seller.name, "reply": text},
            )
    return locked


def review_seller(review: Review) -> Seller | None:
    """The shop a review is about (for a product: the seller of the order it came from)."""
    if isinstance(review, SellerReview):
        return review.seller
    if review.order_id is not None:
        return Seller.objects.filter(orders=review.order_id).first()
    return None


def _check_staff(user) -> None:
    if not (user.is_staff or user.has_perm("reviews.change_productreview")):
        raise PermissionDenied(_("Hanya staf dinas yang dapat menyembunyikan ulasan."))


def review_hide(*, review: Review, user, reason: str, now: dt.datetime | None = None) -> Review:
    """Staff take a review off the site with a reason the reviewer is told; it stays in the
    data, and the figures no longer count it."""
    _check_staff(user)
    reason = (reason or "").strip()
    if not reason:
        raise ReviewRefused(_("Tuliskan alasan menyembunyikan ulasan: pengulas akan membacanya."))
    with transaction.atomic():
        locked_target, locked = _locked(review)
        if not locked.is_shown:
            return locked
        locked.visibility = Review.Visibility.HIDDEN
        locked.hidden_reason = reason
        locked.hidden_by = user
        locked.hidden_at = now or timezone.now()
        fields = ["visibility", "hidden_reason", "hidden_by", "hidden_at"]
        if isinstance(locked, ProductReview):
            locked.status = ProductReview.REJECTED
            fields.append("status")
        locked.save(update_fields=fields)
        ratings_recount(locked_target)
        with recipient_language():
            user_notify(
                user=locked.user,
                subject=_("Ulasan Anda disembunyikan"),
                body=_(
                    "Ulasan Anda tentang %(what)s disembunyikan oleh staf Kampung Mall. "
                    "Alasannya: %(reason)s"
                )
                % {"what": str(locked_target), "reason": reason},
            )
    return locked


def review_show(*, review: Review, user) -> Review:
    """Staff put a hidden review back."""
    _check_staff(user)
    with transaction.atomic():
        locked_target, locked = _locked(review)
        if locked.is_shown:
            return locked
        locked.visibility = Review.Visibility.SHOWN
        fields = ["visibility"]
        if isinstance(locked, ProductReview):
            locked.status = ProductReview.APPROVED
            fields.append("status")
        locked.save(update_fields=fields)
        ratings_recount(locked_target)
    return locked


def _locked(review: Review):
    """What ``review`` is about and the review itself, both locked (in that order, as the
    writing of a review locks them)."""
    target = _target(review)
    locked_target = type(target)._default_manager.select_for_update().get(pk=target.pk)
    return locked_target, type(review)._default_manager.select_for_update().get(pk=review.pk)


def _target(review: Review):
    if isinstance(review, SellerReview):
        return review.seller
    return review.product  # type: ignore[attr-defined]


def ratings_recount(target) -> None:
    """Count the shown reviews of ``target`` (a product or a seller) by star and store the
    figures on it; a product's listing is reindexed (rating is a facet and a sort)."""
    if isinstance(target, Seller):
        reviews = SellerReview.objects.filter(seller=target)
    else:
        reviews = ProductReview.objects.filter(product=target)
    counts = dict(
        reviews.filter(visibility=Review.Visibility.SHOWN)
        .values_list("score")
        .annotate(n=Count("id"))
        .values_list("score", "n")
    )
    figures = {f"stars_{n}": counts.get(n, 0) for n in range(1, 6)}
    for name, value in figures.items():
        setattr(target, name, value)
    if isinstance(target, Seller):
        Seller.objects.filter(pk=target.pk).update(**figures)
        from search.indexing import version_bump_after_commit

        version_bump_after_commit()
    else:
        target.rating = target.rating_average  # Oscar's own field, for its templates
        Product.objects.filter(pk=target.pk).update(rating=target.rating, **figures)
        from search.indexing import schedule

        schedule(products=[target.pk])


def reminders_send(*, now: dt.datetime | None = None) -> int:
    """Remind each buyer once, by email and on the site, to review an order completed
    ``REVIEW_REMINDER_DAYS`` ago or more (up to ``EDIT_DAYS`` back) that they have not
    reviewed. Safe to run twice: a reminder is recorded (one per order) before it is sent,
    and sent only once that record commits."""
    from django.conf import settings
    from django.db import IntegrityError
    from django.urls import reverse

    from .models import ReviewReminder

    now = now or timezone.now()
    after = now - dt.timedelta(days=settings.REVIEW_REMINDER_DAYS)
    due = (
        Order.objects.filter(
            status=statuses.COMPLETED,
            completed_at__lte=after,
            completed_at__gte=now - dt.timedelta(days=EDIT_DAYS),
            user__isnull=False,
            review_reminder__isnull=True,
        )
        .select_related("user", "seller__partner")
        .order_by("pk")
    )
    sent = 0
    for order in due.iterator():
        if (
            SellerReview.objects.filter(order=order).exists()
            or ProductReview.objects.filter(order=order).exists()
        ):
            continue
        try:
            with transaction.atomic():
                ReviewReminder.objects.create(order=order)
                path = reverse("customer:order-review", kwargs={"order_number": order.number})
                shop = order.seller.name if order.seller else ""
                with recipient_language():
                    user_notify(
                        user=order.user,
                        subject=_("Bagaimana pesanan %(number)s dari %(shop)s?")
                        % {"number": order.number, "shop": shop},
                        body=_(
                            "Pesanan Anda sudah selesai. Beri nilai dan ulasan untuk %(shop)s "
                            "dan produknya agar pembeli lain terbantu: %(url)s"
                        )
                        % {"shop": shop, "url": settings.SITE_URL.rstrip("/") + path},
                    )
        except IntegrityError:
            continue  # another run sent it meanwhile
        sent += 1
    return sent
