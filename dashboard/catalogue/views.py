"""Oscar's catalogue dashboard, narrowed for sellers.

Staff keep Oscar's views unchanged. A seller sees and changes only products of their own
shop (``dashboard.selectors.products_owned``): the list, the product form, deletion, bulk
actions, the product lookup and stock alerts are all narrowed to them, and the product
form is the seller's own short one (``SellerProductView``).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import generic
from oscar.apps.dashboard.catalogue import views
from oscar.core.loading import get_model

from dashboard.access import SellerScopeMixin
from dashboard.selectors import (
    products_owned,
    products_unlisted_reasons,
    stock_alerts_for_partner,
)

from .forms import SellerProductForm
from .services import product_class_default, seller_product_save
from .tables import SellerProductTable

StockRecord = get_model("partner", "StockRecord")


class OwnProductsMixin(SellerScopeMixin):
    """Narrows Oscar's product querysets to the seller's own products."""

    def filter_queryset(self, queryset):
        if not self.is_seller:
            return super().filter_queryset(queryset)
        return queryset.filter(pk__in=products_owned(partner=self.seller.partner).values("pk"))


class ProductListView(OwnProductsMixin, views.ProductListView):
    def get_table_class(self):
        return SellerProductTable if self.is_seller else super().get_table_class()

    def get_table(self, **kwargs):
        table = super().get_table(**kwargs)
        if self.is_seller:
            products = list(table.page.object_list.data) if hasattr(table, "page") else []
            table.partner = self.seller.partner
            table.unlisted = products_unlisted_reasons(seller=self.seller, products=products)
        return table

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.is_seller:
            queryset = queryset.prefetch_related("images", "stockrecords")
        return queryset

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["seller"] = self.seller
        return ctx


class ProductBulkActionConfirmView(SellerScopeMixin, views.ProductBulkActionConfirmView):
    def get_selectable_queryset(self):
        queryset = super().get_selectable_queryset()
        if self.is_seller:
            # Oscar lets a partner act on any product they stock; a seller only on their own.
            queryset = queryset.filter(
                pk__in=products_owned(partner=self.seller.partner).values("pk")
            )
            self._selectable_qs = queryset
        return queryset


class ProductCreateRedirectView(SellerScopeMixin, views.ProductCreateRedirectView):
    """Sellers skip choosing a product type: their goods all use the default one."""

    def get_redirect_url(self, *args, **kwargs):
        if self.is_seller:
            return self.get_product_create_url(product_class_default())
        return super().get_redirect_url(*args, **kwargs)


class ProductCreateUpdateView(views.ProductCreateUpdateView):
    """Oscar's product form for staff; the seller's own form for a seller."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_staff:
            return SellerProductView.as_view()(request, *args, **kwargs)
        return super().dispatch(request, *args, **kwargs)


class SellerProductView(SellerScopeMixin, generic.TemplateView):
    """Create or edit one of the seller's own products (title, description, category,
    price, stock, weight, unit, photos). Variants are not offered to sellers."""

    template_name = "oscar/dashboard/catalogue/seller_product_form.html"

    def dispatch(self, request, *args, **kwargs):
        if "parent_pk" in kwargs:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def setup_product(self):
        self.product = None
        self.stockrecord = None
        if "pk" in self.kwargs:
            self.product = (
                products_owned(partner=self.seller.partner)
                .filter(pk=self.kwargs["pk"])
                .prefetch_related("images")
                .first()
            )
            if self.product is None:
                raise Http404
            self.stockrecord = StockRecord.objects.filter(
                product=self.product, partner=self.seller.partner
            ).first()

    def get(self, request, *args, **kwargs):
        self.setup_product()
        initial = (
            SellerProductForm.initial_for(product=self.product, stockrecord=self.stockrecord)
            if self.product
            else None
        )
        form = SellerProductForm(product=self.product, initial=initial)
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request, *args, **kwargs):
        self.setup_product()
        form = SellerProductForm(request.POST, request.FILES, product=self.product)
        if form.is_valid():
            try:
                product = seller_product_save(
                    seller=self.seller,
                    data=form.product_input(),
                    product=self.product,
                    images_add=form.images_add(),
                    images_remove=list(form.cleaned_data.get("images_remove") or []),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if self.product is None:
                    messages.success(request, _("Produk “%s” ditambahkan.") % product.title)
                else:
                    messages.success(request, _("Produk “%s” disimpan.") % product.title)
                if request.POST.get("action") == "continue":
                    return redirect("dashboard:catalogue-product", pk=product.pk)
                return redirect("dashboard:catalogue-product-list")
        messages.error(request, _("Produk belum disimpan: periksa isian yang ditandai."))
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["product"] = self.product
        ctx["stockrecord"] = self.stockrecord
        ctx["seller"] = self.seller
        ctx["title"] = self.product.title if self.product else _("Tambah produk")
        return ctx


class ProductDeleteView(OwnProductsMixin, views.ProductDeleteView):
    pass


class ProductLookupView(SellerScopeMixin, views.ProductLookupView):
    """The product picker's JSON. Oscar's view fails on a page, page size or product id
    that is not a number: here a page or page size that is not a number from 1 up (or is
    absurdly long) means the first page of 20, a page size is at most 100, a page past
    the end is empty, and ids that are not numbers are left out."""

    page_limit_default = 20
    page_limit_max = 100

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.is_seller:
            queryset = queryset.filter(
                pk__in=products_owned(partner=self.seller.partner).values("pk")
            )
        return queryset

    def get_args(self):
        params = self.request.GET
        page = _positive_int(params.get("page")) or 1
        page_limit = min(
            _positive_int(params.get("page_limit")) or self.page_limit_default,
            self.page_limit_max,
        )
        return params.get("initial"), params.get("q"), page, page_limit

    def initial_filter(self, qs, value):
        return qs.filter(pk__in=[pk for pk in value.split(",") if _positive_int(pk)])

    def paginate(self, qs, page, page_limit):
        # Oscar's, counting once, with a page far past the end answered empty: it would
        # otherwise reach the database as a huge OFFSET.
        total = qs.count()
        start = (page - 1) * page_limit
        if start >= total:
            return qs.none(), False
        return qs[start : start + page_limit], page * page_limit < total


def _positive_int(value: str | None) -> int | None:
    """``value`` as a whole number above zero, or None: ASCII digits only (``int`` also
    reads "٣"), and not so many that the database could not take them."""
    value = (value or "").strip()
    if not (value.isascii() and value.isdigit()) or len(value) > 18:
        return None
    return int(value) or None


class StockAlertListView(SellerScopeMixin, views.StockAlertListView):
    """Stock alerts: a seller's own only. An unknown status shows every alert (Oscar's view
    fails on it)."""

    def get_queryset(self):
        alerts = self.model.objects.select_related("stockrecord__product").order_by("-date_created")
        if self.is_seller:
            alerts = stock_alerts_for_partner(partner=self.seller.partner).order_by("-date_created")
        self.form = views.StockAlertSearchForm(
            self.request.GET if "status" in self.request.GET else None
        )
        self.description = _("Semua peringatan stok")
        if self.form.is_bound and self.form.is_valid() and self.form.cleaned_data["status"]:
            status = self.form.cleaned_data["status"]
            self.description = _("Peringatan stok berstatus “%s”") % status
            alerts = alerts.filter(status=status)
        return alerts
