"""Reviews by buyers of a completed order: of each product (Oscar's ``ProductReview``,
forked) and of the seller (``SellerReview``). One per buyer and product, one per buyer and
seller; editable for 30 days; the seller replies once, publicly; staff hide a review with a
reason (it stays in the data). The figures a page shows (average, count, how many of each
star) are stored on the product and the seller (``Rated``), recounted in the transaction
that changes a review."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from oscar.apps.catalogue.reviews.abstract_models import AbstractProductReview, AbstractVote

from .ratings import Rated  # noqa: F401 (the figures live on what is reviewed)

#: How long after writing a review the buyer may still change it.
EDIT_DAYS = 30
SCORES = [(n, str(n)) for n in range(1, 6)]


class Review(models.Model):
    """What both kinds of review have beyond a score and a text."""

    class Visibility(models.TextChoices):
        SHOWN = "shown", _("Tampil")
        HIDDEN = "hidden", _("Disembunyikan staf")

    #: The completed order that lets the buyer review (empty only for reviews from before
    #: the rule; the services always set it).
    order = models.ForeignKey(
        "order.Order",
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("pesanan"),
    )
    photo = models.ImageField(_("foto"), upload_to="reviews/%Y/%m/", blank=True)
    visibility = models.CharField(
        _("tampilan"), max_length=10, choices=Visibility.choices, default=Visibility.SHOWN
    )
    updated_at = models.DateTimeField(_("diubah"), null=True, blank=True)
    reply = models.TextField(_("balasan penjual"), blank=True)
    replied_at = models.DateTimeField(_("dibalas"), null=True, blank=True)
    hidden_reason = models.TextField(_("alasan disembunyikan"), blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("disembunyikan oleh"),
    )
    hidden_at = models.DateTimeField(_("disembunyikan"), null=True, blank=True)

    if TYPE_CHECKING:  # given by each kind of review
        date_created: dt.datetime
        score: int
        body: str
        user: Any

    class Meta:
        abstract = True

    @property
    def is_shown(self) -> bool:
        return self.visibility == self.Visibility.SHOWN

    def editable_until(self) -> dt.datetime:
        return self.date_created + dt.timedelta(days=EDIT_DAYS)

    def is_editable(self, now: dt.datetime | None = None) -> bool:
        return (now or timezone.now()) <= self.editable_until()


class ProductReview(Review, AbstractProductReview):
    """Oscar's product review, from a buyer whose order of the product is complete."""

    score = models.SmallIntegerField(
        _("Nilai"), choices=SCORES, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    title = models.CharField(_("Judul"), max_length=255, blank=True)

    class Meta(AbstractProductReview.Meta):
        app_label = "reviews"
        ordering = ["-date_created", "-id"]

    def __str__(self) -> str:
        return f"{self.product} ★{self.score}"

    def save(self, *args, **kwargs):
        # Oscar recounts the product's average on every save with its own query; the
        # review services recount every figure in the same transaction instead.
        models.Model.save(self, *args, **kwargs)

    def delete(self, *args, **kwargs):
        return models.Model.delete(self, *args, **kwargs)


class SellerReview(Review):
    """A buyer's review of the seller of a completed order."""

    seller = models.ForeignKey(
        "sellers.Seller", on_delete=models.CASCADE, related_name="reviews", verbose_name=_("toko")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="seller_reviews",
        verbose_name=_("pembeli"),
    )
    score = models.SmallIntegerField(
        _("Nilai"), choices=SCORES, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    body = models.TextField(_("Ulasan"))
    date_created = models.DateTimeField(_("ditulis"), auto_now_add=True)

    class Meta:
        app_label = "reviews"
        ordering = ["-date_created", "-id"]
        verbose_name = _("ulasan toko")
        verbose_name_plural = _("ulasan toko")
        constraints = [
            models.UniqueConstraint(fields=["seller", "user"], name="reviews_one_per_seller_buyer")
        ]
        indexes = [models.Index(fields=["seller", "visibility", "-date_created"])]

    def __str__(self) -> str:
        return f"{self.seller} ★{self.score}"


class ReviewReminder(models.Model):
    """The one reminder to review an order, sent a few days after it was completed."""

    order = models.OneToOneField(
        "order.Order", on_delete=models.CASCADE, related_name="review_reminder"
    )
    sent_at = models.DateTimeField(_("dikirim"), auto_now_add=True)

    class Meta:
        app_label = "reviews"
        verbose_name = _("pengingat ulasan")
        verbose_name_plural = _("pengingat ulasan")

    def __str__(self) -> str:
        return str(self.order)


class Vote(AbstractVote):
    """Oscar's helpful/unhelpful votes (kept for its tables; the site offers no voting)."""

    class Meta(AbstractVote.Meta):
        app_label = "reviews"


from oscar.apps.catalogue.reviews.models import *  # noqa: E402,F401,F403
