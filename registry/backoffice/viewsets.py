"""The "Registri desa" menu group: residents, households, import, the NIK access log, and
the village halls."""

from __future__ import annotations

import django_filters
from django import forms
from django.urls import path
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn, UserColumn
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.widgets import BooleanRadioSelect

from ..models import Household, NikAccessLog, Resident
from ..selectors import households_for, residents_for, user_sees_all_villages, villages_for
from .forms import HouseholdForm, ResidentForm, village_label
from .halls import VillageHallViewSet
from .importing import ResidentImportTemplateView, ResidentImportView, user_can_import
from .scoping import (
    ScopedDeleteView,
    ScopedHistoryView,
    ScopedIndexView,
    ScopedModelViewSet,
    ScopedUsageView,
)
from .views import (
    HouseholdCreateView,
    HouseholdEditView,
    HouseholdIndexView,
    ResidentCreateView,
    ResidentEditView,
    ResidentIndexView,
    ResidentNikRevealView,
)

# Filters --------------------------------------------------------------------------------


class VillageChoiceField(django_filters.fields.ModelChoiceField):
    def label_from_instance(self, obj):
        return village_label(obj)


class VillageFilter(django_filters.ModelChoiceFilter):
    """Only the villages the user keeps; for district staff, those with any records."""

    field_class = VillageChoiceField

    def __init__(self, *, model, **kwargs):
        def villages(request):
            queryset = villages_for(user=request.user).select_related("district")
            if user_sees_all_villages(request.user):
                queryset = queryset.filter(pk__in=model.objects.values("village_id"))
            return queryset.order_by("district__code", "name")

        super().__init__(queryset=villages, label=_("Desa"), **kwargs)


def _choice_filter(label, choices):
    return django_filters.ChoiceFilter(
        label=label, choices=choices, widget=forms.RadioSelect, empty_label=_("Semua")
    )


class ResidentFilterSet(WagtailFilterSet):
    village = VillageFilter(model=Resident)
    status = _choice_filter(_("Status"), Resident.Status.choices)
    dtks_listed = django_filters.BooleanFilter(
        label=_("Terdaftar di DTKS"), widget=BooleanRadioSelect
    )
    gender = _choice_filter(_("Jenis kelamin"), Resident.Gender.choices)

    class Meta:
        model = Resident
        fields = ["village", "status", "dtks_listed", "gender"]


class HouseholdFilterSet(WagtailFilterSet):
    village = VillageFilter(model=Household)

    class Meta:
        model = Household
        fields = ["village"]


class NikAccessLogFilterSet(WagtailFilterSet):
    action = _choice_filter(_("Tindakan"), NikAccessLog.Action.choices)
    at = django_filters.DateFromToRangeFilter(label=_("Waktu"), widget=DateRangePickerWidget)

    class Meta:
        model = NikAccessLog
        fields = ["action", "at"]


# Viewsets ------------------------------------------------------------------------------


def _rt_rw(obj) -> str:
    return f"{obj.rt or '-'}/{obj.rw or '-'}"


class ResidentViewSet(ScopedModelViewSet):
    model = Resident
    scope = staticmethod(residents_for)
    name = "registry_residents"
    url_prefix = "registry/residents"
    icon = "user"
    menu_label = _("Penduduk")
    index_view_class = ResidentIndexView
    add_view_class = ResidentCreateView
    edit_view_class = ResidentEditView
    delete_view_class = ScopedDeleteView
    history_view_class = ScopedHistoryView
    usage_view_class = ScopedUsageView
    index_template_name = "registry/admin/resident_index.html"
    index_results_template_name = "registry/admin/resident_index_results.html"
    edit_template_name = "registry/admin/resident_edit.html"
    filterset_class = ResidentFilterSet
    list_display = [
        "full_name",
        Column("nik_masked", label=_("NIK")),
        "village",
        Column("rt_rw", label=_("RT/RW"), accessor=_rt_rw),
        Column("status", label=_("Status"), accessor="get_status_display", sort_key="status"),
        BooleanColumn("dtks_listed", label=_("DTKS"), sort_key="dtks_listed"),
    ]
    list_export = [
        "full_name",
        "nik_masked",
        "birth_place",
        "birth_date",
        "gender",
        "village",
        "district",
        "rt",
        "rw",
        "address",
        "phone",
        "kk_masked",
        "relation",
        "dtks_listed",
        "dtks_confirmed_on",
        "status",
    ]
    export_headings = {
        "full_name": _("Nama lengkap"),
        "nik_masked": _("NIK (disamarkan)"),
        "birth_place": _("Tempat lahir"),
        "birth_date": _("Tanggal lahir"),
        "gender": _("Jenis kelamin"),
        "village": _("Desa"),
        "district": _("Kecamatan"),
        "rt": _("RT"),
        "rw": _("RW"),
        "address": _("Alamat"),
        "phone": _("Nomor HP"),
        "kk_masked": _("Nomor KK (disamarkan)"),
        "relation": _("Hubungan dalam keluarga"),
        "dtks_listed": _("Terdaftar di DTKS"),
        "dtks_confirmed_on": _("DTKS terakhir dikonfirmasi"),
        "status": _("Status"),
    }
    export_filename = "penduduk"
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldPanel("nik"),
                    FieldPanel("full_name"),
                    FieldRowPanel([FieldPanel("birth_place"), FieldPanel("birth_date")]),
                    FieldPanel("gender"),
                ],
                heading=_("Identitas"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("village"),
                    FieldRowPanel([FieldPanel("rt"), FieldPanel("rw")]),
                    FieldPanel("address"),
                    FieldPanel("phone"),
                ],
                heading=_("Alamat"),
            ),
            MultiFieldPanel(
                [FieldPanel("kk_number"), FieldPanel("leave_household"), FieldPanel("relation")],
                heading=_("Keluarga"),
            ),
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("dtks_listed"), FieldPanel("dtks_confirmed_on")]),
                    FieldPanel("status"),
                ],
                heading=_("Kesejahteraan dan status"),
            ),
        ],
        base_form_class=ResidentForm,
    )

    def get_edit_view_kwargs(self, **kwargs):
        return super().get_edit_view_kwargs(
            reveal_url_name=self.get_url_name("reveal_nik"), **kwargs
        )

    @property
    def reveal_nik_view(self):
        return self.construct_view(
            ResidentNikRevealView,
            page_title=_("Lihat NIK lengkap"),
            reveal_url_name=self.get_url_name("reveal_nik"),
        )

    def get_scoped_urlpatterns(self):
        return [
            *super().get_scoped_urlpatterns(),
            path("reveal-nik/<int:pk>/", self.reveal_nik_view, name="reveal_nik"),
        ]


class HouseholdViewSet(ScopedModelViewSet):
    model = Household
    scope = staticmethod(households_for)
    name = "registry_households"
    url_prefix = "registry/households"
    icon = "home"
    menu_label = _("Kartu Keluarga")
    index_view_class = HouseholdIndexView
    add_view_class = HouseholdCreateView
    edit_view_class = HouseholdEditView
    delete_view_class = ScopedDeleteView
    history_view_class = ScopedHistoryView
    usage_view_class = ScopedUsageView
    index_template_name = "registry/admin/household_index.html"
    edit_template_name = "registry/admin/household_edit.html"
    filterset_class = HouseholdFilterSet
    list_display = [
        Column("kk_masked", label=_("Nomor KK"), sort_key="kk_number"),
        Column("head", label=_("Kepala keluarga"), accessor="head"),
        "village",
        Column("rt_rw", label=_("RT/RW"), accessor=_rt_rw),
        Column("member_count", label=_("Anggota"), sort_key="member_count"),
    ]
    list_export = ["kk_masked", "head", "village", "rt", "rw", "address", "member_count"]
    export_headings = {
        "kk_masked": _("Nomor KK (disamarkan)"),
        "head": _("Kepala keluarga"),
        "village": _("Desa"),
        "rt": _("RT"),
        "rw": _("RW"),
        "address": _("Alamat"),
        "member_count": _("Anggota"),
    }
    export_filename = "kartu-keluarga"
    edit_handler = ObjectList(
        [
            FieldPanel("kk_number"),
            FieldPanel("village"),
            FieldRowPanel([FieldPanel("rt"), FieldPanel("rw")]),
            FieldPanel("address"),
            FieldPanel("head"),
        ],
        base_form_class=HouseholdForm,
    )

    def get_edit_view_kwargs(self, **kwargs):
        return super().get_edit_view_kwargs(
            member_edit_url_name="registry_residents:edit", **kwargs
        )


def _access_log_scope(*, user):
    if not user_sees_all_villages(user):
        return NikAccessLog.objects.none()
    return NikAccessLog.objects.select_related("user", "resident__village")


class NikAccessLogViewSet(ScopedModelViewSet):
    """Who saw or exported which resident's NIK: read only, for district staff."""

    model = NikAccessLog
    scope = staticmethod(_access_log_scope)
    name = "registry_nik_access_log"
    url_prefix = "registry/nik-access-log"
    icon = "list-ul"
    menu_label = _("Log akses NIK")
    index_view_class = ScopedIndexView
    search_fields = ["resident__full_name", "purpose"]
    filterset_class = NikAccessLogFilterSet
    ordering = "-at"
    list_display = [
        DateColumn("at", label=_("Waktu"), sort_key="at"),
        UserColumn("user", label=_("Oleh")),
        Column("action", label=_("Tindakan"), accessor="get_action_display"),
        Column("resident", label=_("Penduduk"), accessor="resident"),
        Column("village", label=_("Desa"), accessor="resident.village"),
        Column("purpose", label=_("Keperluan")),
    ]

    def get_scoped_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
        ]


class ResidentImportViewSet(ViewSet):
    name = "registry_import"
    url_prefix = "registry/import"
    icon = "upload"
    menu_label = _("Impor penduduk")

    @cached_property
    def menu_item_class(self):
        return type(
            "ResidentImportMenuItem",
            (MenuItem,),
            {"is_shown": lambda item, request: user_can_import(request.user)},
        )

    def get_urlpatterns(self):
        return [
            path("", ResidentImportView.as_view(), name="index"),
            path(
                "template.csv",
                ResidentImportTemplateView.as_view(file_format="csv"),
                name="template_csv",
            ),
            path(
                "template.xlsx",
                ResidentImportTemplateView.as_view(file_format="xlsx"),
                name="template_xlsx",
            ),
        ]


class RegistryViewSetGroup(ViewSetGroup):
    menu_label = _("Registri desa")
    menu_name = "registry"
    menu_icon = "group"
    menu_order = 300
    items = (
        ResidentViewSet,
        HouseholdViewSet,
        ResidentImportViewSet,
        VillageHallViewSet,
        NikAccessLogViewSet,
    )
