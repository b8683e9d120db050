"""Reviews in the dashboard: staff see every review and hide or show one again with a
reason; a seller sees the reviews of their own shop and products and replies once.

A seller's page has no shop in its address: it is always the signed-in seller's. A reply
names a review by id, and the service refuses anyone but the seller it is about.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import generic

from catalogue.reviews.forms import HideForm, ReplyForm
from catalogue.reviews.models import ProductReview, Review, SellerReview
from catalogue.reviews.services import (
    ReviewRefused,
    review_hide,
    review_reply,
    review_seller,
    review_show,
)
from dashboard.selectors import seller_for_dashboard

#: How many reviews of each kind a page lists.
PAGE = 50
#: A review's kind as the templates and URLs name it.
KINDS = {"product": ProductReview, "shop": SellerReview}


def urls(prefix: str, action: str, view: type[ReviewAction]) -> list:
    """``product/<pk>/<action>/`` and ``shop/<pk>/<action>/``, named
    ``<prefix>-product-<action>`` and ``<prefix>-shop-<action>``."""
    from django.urls import path

    return [
        path(
            f"{kind}/<int:pk>/{action}/",
            view.as_view(model=model),
            name=f"{prefix}-{kind}-{action}",
        )
        for kind, model in KINDS.items()
    ]


class ReviewAction(generic.View):
    """A POST on one review, named by its id; ``model`` says which kind (a URL each)."""

    model: type[ProductReview] | type[SellerReview] = ProductReview

    def review(self, pk: int) -> Review:
        return get_object_or_404(self.model.objects.select_related("user"), pk=pk)


def _rows(shops, products) -> list[dict]:
    """The latest ``PAGE`` reviews of each kind, newest first, each with its kind."""
    rows = [{"kind": "shop", "review": r} for r in shops[:PAGE]]
    rows += [{"kind": "product", "review": r} for r in products[:PAGE]]
    rows.sort(key=lambda row: row["review"].date_created, reverse=True)
    return rows


class StaffReviewListView(generic.TemplateView):
    template_name = "oscar/dashboard/reviews/review_list.html"

    def get_context_data(self, **kwargs):
        raw = str(self.request.GET.get("q") or "")
        # Printable text only: a NUL byte cannot be sent to PostgreSQL at all.
        q = "".join(ch for ch in raw if ch.isprintable()).strip()[:100]
        hidden = self.request.GET.get("status") == "hidden"
        products = ProductReview.objects.select_related("product", "user")
        shops = SellerReview.objects.select_related("seller__partner", "user")
        if q:
            products = products.filter(Q(body__icontains=q) | Q(product__title__icontains=q))
            shops = shops.filter(Q(body__icontains=q) | Q(seller__partner__name__icontains=q))
        if hidden:
            products = products.filter(visibility=Review.Visibility.HIDDEN)
            shops = shops.filter(visibility=Review.Visibility.HIDDEN)
        rows = _rows(shops, products)
        return super().get_context_data(
            rows=rows, q=q, hidden=hidden, hide_form=HideForm(), **kwargs
        )


class ReviewHideView(ReviewAction):
    def post(self, request, pk: int):
        review = self.review(pk)
        form = HideForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Tuliskan alasan menyembunyikan ulasan."))
            return redirect("dashboard:reviews-list")
        try:
            review_hide(review=review, user=request.user, reason=form.cleaned_data["reason"])
        except ReviewRefused as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("Ulasan disembunyikan; pengulas diberi tahu alasannya."))
        return redirect("dashboard:reviews-list")


class ReviewShowView(ReviewAction):
    def post(self, request, pk: int):
        review_show(review=self.review(pk), user=request.user)
        messages.success(request, _("Ulasan ditampilkan lagi."))
        return redirect("dashboard:reviews-list")


class SellerReviewsMixin:
    def dispatch(self, request, *args, **kwargs):
        self.seller = seller_for_dashboard(request.user)
        if self.seller is None:
            raise Http404(_("Ulasan toko hanya untuk penjual."))
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


class ShopReviewsView(SellerReviewsMixin, generic.TemplateView):
    """The seller's own reviews: of the shop, and of products from the shop's orders."""

    template_name = "oscar/dashboard/reviews/shop_reviews.html"

    def get_context_data(self, **kwargs):
        seller = self.seller
        shops = SellerReview.objects.filter(seller=seller).select_related("user")
        products = ProductReview.objects.filter(order__seller=seller).select_related(
            "product", "user"
        )
        rows = _rows(shops, products)
        return super().get_context_data(seller=seller, rows=rows, reply_form=ReplyForm(), **kwargs)


class ReviewReplyView(SellerReviewsMixin, ReviewAction):
    def post(self, request, pk: int):
        review = self.review(pk)
        seller = review_seller(review)
        if seller is None or seller.pk != self.seller.pk:
            raise Http404  # another shop's review: as if it did not exist
        form = ReplyForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Tuliskan balasan Anda."))
            return redirect("dashboard:shop-reviews")
        try:
            review_reply(review=review, user=request.user, text=form.cleaned_data["text"])
        except PermissionDenied:
            raise Http404 from None  # another shop's review: as if it did not exist
        except ReviewRefused as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("Balasan tersimpan dan tampil di halaman toko."))
        return redirect("dashboard:shop-reviews")
