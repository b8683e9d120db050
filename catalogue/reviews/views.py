"""Review pages: the buyer reviews a completed order (its shop and each product) at
``/accounts/orders/<number>/review/``; Oscar's product review list and detail show only
the reviews that are not hidden. The seller's replies and staff's hiding are in the
dashboard (``dashboard/reviews``)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from oscar.apps.catalogue.reviews import views as oscar_views
from oscar.core.loading import get_model

from .forms import ReviewPartForm
from .models import ProductReview, Review, SellerReview
from .services import ReviewInput, ReviewRefused, order_reviewable, review_save

Order = get_model("order", "Order")


class OrderReviewView(LoginRequiredMixin, TemplateView):
    """One page for everything an order brought: the shop, then each product. A part left
    empty is skipped; one bad part saves nothing."""

    template_name = "oscar/customer/order/review.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.order = get_object_or_404(
                Order.objects.select_related("seller"),
                user=request.user,
                number=self.kwargs["order_number"],
            )
        return super().dispatch(request, *args, **kwargs)

    def parts(self, data=None, files=None) -> list[ReviewPartForm]:
        order, user = self.order, self.request.user  # signed in (LoginRequiredMixin)
        parts = []
        if order.seller is not None:
            parts.append(
                ReviewPartForm(
                    data,
                    files,
                    prefix="seller",
                    target=order.seller,
                    review=SellerReview.objects.filter(seller=order.seller, user=user.pk).first(),
                    seller=True,
                )
            )
        products, seen = [], set()
        for line in order.lines.select_related("product"):
            if line.product is not None and line.product_id not in seen:
                seen.add(line.product_id)
                products.append(line.product)
        reviews = {
            r.product_id: r
            for r in ProductReview.objects.filter(product__in=products, user=user.pk)
        }
        for product in products:
            parts.append(
                ReviewPartForm(
                    data,
                    files,
                    prefix=f"p{product.pk}",
                    target=product,
                    review=reviews.get(product.pk),
                )
            )
        return parts

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            order=self.order,
            reviewable=order_reviewable(order=self.order, user=self.request.user),
            parts=kwargs.pop("parts", None) or self.parts(),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        if not order_reviewable(order=self.order, user=request.user):
            raise PermissionDenied
        parts = self.parts(request.POST, request.FILES)
        if not all(part.is_valid() for part in parts):
            return self.render_to_response(self.get_context_data(parts=parts))
        chosen = [part for part in parts if part.filled]
        if not chosen:
            messages.info(request, _("Belum ada yang dinilai: pilih bintang dulu."))
            return self.render_to_response(self.get_context_data(parts=parts))
        try:
            with transaction.atomic():
                for part in chosen:
                    data = part.cleaned_data
                    review_save(
                        user=request.user,
                        order=self.order,
                        target=part.target,
                        data=ReviewInput(
                            score=data["score"], body=data["body"], photo=data.get("photo") or None
                        ),
                    )
        except ReviewRefused as error:
            messages.error(request, error.messages[0])
            return self.render_to_response(self.get_context_data(parts=parts))
        messages.success(request, _("Terima kasih, ulasan Anda sudah tersimpan."))
        return redirect("customer:order", order_number=self.order.number)


class ProductReviewDetail(oscar_views.ProductReviewDetail):
    def get_object(self, queryset=None):
        review = super().get_object(queryset)
        if review.visibility != Review.Visibility.SHOWN:
            raise Http404
        return review


class ProductReviewList(oscar_views.ProductReviewList):
    def get_queryset(self):
        return (
            super().get_queryset().filter(visibility=Review.Visibility.SHOWN).select_related("user")
        )
