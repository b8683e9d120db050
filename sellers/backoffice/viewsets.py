"""The "Penjual" menu group: applications (with the status filter showing open ones by
default) and sellers (district staff only)."""

from __future__ import annotations

import django_filters
from django import forms
from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.admin_url_finder import ModelAdminURLFinder
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, UserColumn
from wagtail.admin.viewsets.base import ViewSetGroup

from registry.backoffice.viewsets import ScopedModelViewSet, VillageFilter

from ..models import Seller, SellerApplication
from .permissions import applications_for, sellers_for
from .views import (
    ApplicationDetailView,
    ApplicationIndexView,
    DocumentDownloadView,
    SellerDetailView,
    SellerIndexView,
)

OPEN = "open"
ALL = "all"


class ApplicationStatusFilter(django_filters.ChoiceFilter):
    """Open applications (awaiting the operator or staff) unless another status is asked."""

    def __init__(self, **kwargs):
        choices = [
            (OPEN, _("Belum diputuskan")),
            *SellerApplication.Status.choices,
            (ALL, _("Semua")),
        ]
        super().__init__(
            choices=choices,
            empty_label=None,
            widget=forms.RadioSelect,
            label=_("Status"),
            method="filter_status",
            **kwargs,
        )


class ApplicationFilterSet(WagtailFilterSet):
    status = ApplicationStatusFilter()
    village = VillageFilter(model=SellerApplication)

    class Meta:
        model = SellerApplication
        fields = ["status", "village"]

    def __init__(self, data=None, *args, **kwargs):
        if data is not None and not data.get("status"):
            data = data.copy()
            data["status"] = OPEN
        super().__init__(data, *args, **kwargs)
        self.form.fields["status"].initial = OPEN

    def filter_status(self, queryset, name, value):
        if value == OPEN:
            return queryset.filter(
                status__in=[
                    SellerApplication.Status.AWAITING_OPERATOR,
                    SellerApplication.Status.PENDING,
                ]
            )
        if value == ALL:
            return queryset
        return queryset.filter(status=value)


class SellerFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=Seller.Status.choices,
        widget=forms.RadioSelect,
        empty_label=_("Semua"),
    )

    documents = django_filters.ChoiceFilter(
        label=_("Dokumen"),
        choices=[("waiting", _("Menunggu pemeriksaan"))],
        method="filter_documents",
        widget=forms.RadioSelect,
        empty_label=_("Semua"),
    )

    class Meta:
        model = Seller
        fields = ["status", "documents"]

    def filter_documents(self, queryset, name, value):
        if value != "waiting":
            return queryset
        return queryset.filter(documents_pending__gt=0)


def _verified(application) -> str:
    if application.resident_id:
        return str(_("Terverifikasi"))
    return str(_("Belum ada di registri"))


class DetailViewSet(ScopedModelViewSet):
    """A scoped listing plus a detail page with actions and document downloads; no add,
    edit or delete (changes go through the services' actions)."""

    detail_view_class: type | None = None

    @property
    def url_finder_class(self):
        return type(
            "_DetailURLFinder",
            (ModelAdminURLFinder,),
            {"edit_url_name": self.get_url_name("detail")},
        )

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            detail_url_name=self.get_url_name("detail"),
            document_url_name=self.get_url_name("document"),
            **kwargs,
        )

    @property
    def detail_view(self):
        return self.construct_view(self.detail_view_class)

    @property
    def document_view(self):
        return self.construct_view(DocumentDownloadView)

    def get_scoped_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("<int:pk>/", self.detail_view, name="detail"),
            path(
                "<int:pk>/documents/<int:document_pk>/",
                self.document_view,
                name="document",
            ),
        ]


class ApplicationViewSet(DetailViewSet):
    model = SellerApplication
    scope = staticmethod(applications_for)
    name = "sellers_applications"
    url_prefix = "sellers/applications"
    icon = "form"
    menu_label = _("Pendaftaran")
    index_view_class = ApplicationIndexView
    detail_view_class = ApplicationDetailView
    filterset_class = ApplicationFilterSet
    search_fields = ["shop_name", "full_name"]
    ordering = "-created_at"
    list_display = [
        "shop_name",
        "full_name",
        Column("village", label=_("Desa"), accessor="village"),
        Column("status", label=_("Status"), accessor="get_status_display", sort_key="status"),
        Column("verified", label=_("Registri"), accessor=_verified),
        UserColumn("vouched_by", label=_("Dijamin oleh")),
        DateColumn("created_at", label=_("Diajukan"), sort_key="created_at"),
    ]


class SellerViewSet(DetailViewSet):
    model = Seller
    scope = staticmethod(sellers_for)
    name = "sellers_sellers"
    url_prefix = "sellers/shops"
    icon = "home"
    menu_label = _("Penjual")
    index_view_class = SellerIndexView
    detail_view_class = SellerDetailView
    filterset_class = SellerFilterSet
    search_fields = ["partner__name", "slug"]
    ordering = "partner__name"
    list_display = [
        Column("name", label=_("Nama toko"), accessor="name", sort_key="partner__name"),
        Column("village", label=_("Desa"), accessor="village"),
        Column("status", label=_("Status"), accessor="get_status_display", sort_key="status"),
        Column(
            "documents_pending",
            label=_("Dokumen baru"),
            accessor="documents_pending",
            sort_key="documents_pending",
        ),
        DateColumn("approved_at", label=_("Bergabung sejak"), sort_key="approved_at"),
    ]


class SellersViewSetGroup(ViewSetGroup):
    menu_label = _("Penjual")
    menu_name = "sellers"
    menu_icon = "tag"
    menu_order = 310
    items = (ApplicationViewSet, SellerViewSet)
