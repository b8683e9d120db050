"""Back-office views of residents (listing with a POST search and a logged export, forms
that save through ``resident_save``, the full-NIK reveal) and households."""

from __future__ import annotations

from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.generic import FormView
from wagtail.admin.views import generic
from wagtail.admin.widgets.button import Button

from ..models import Resident
from ..nik import nik_blind_index
from ..selectors import residents_for
from ..services import household_save, resident_nik_reveal, resident_save, residents_export_log
from .forms import NikRevealForm
from .scoping import (
    ScopedCreateView,
    ScopedEditView,
    ScopedIndexView,
    ScopedMixin,
    ServiceSaveMixin,
    form_add_service_errors,
)
from .search import SessionSearchMixin

#: The purpose written to the access log for each exported resident (stored text, so not
#: translated: the log reads the same whatever language the exporter uses).
EXPORT_PURPOSE = "Ekspor daftar penduduk"


def csv_cell(value: str) -> str:
    """A text cell that a spreadsheet will not run as a formula (names come from imports)."""
    if value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


class ResidentIndexView(SessionSearchMixin, ScopedIndexView):
    """The residents of the user's villages, searched by name, NIK or KK number through
    the POST search box (``search.py``), so that a number never appears in a URL."""

    search_placeholder = gettext_lazy("Nama, NIK atau nomor KK")

    def search_by_name(self, queryset, text):
        return queryset.filter(full_name__icontains=text)

    def search_by_number(self, queryset, number):
        return queryset.filter(
            Q(nik_index=nik_blind_index(number)) | Q(household__kk_number=number)
        )

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if self.listing_search and self.listing_search.kind == "number":
            patch_cache_control(response, no_store=True)
        return response

    # Export: masked NIK only; each exported resident gets an access-log row.

    custom_value_preprocess = {
        **generic.IndexView.custom_value_preprocess,
        str: {generic.IndexView.FORMAT_CSV: csv_cell},
    }

    def to_row_dict(self, item):
        values = {
            "full_name": item.full_name,
            "nik_masked": item.nik_masked,
            "birth_place": item.birth_place,
            "birth_date": item.birth_date,
            "gender": item.get_gender_display(),
            "village": str(item.village),
            "district": str(item.village.district),
            "rt": item.rt,
            "rw": item.rw,
            "address": item.address,
            "phone": item.phone,
            "kk_masked": item.household.kk_masked if item.household_id else "",
            "relation": item.get_relation_display(),
            "dtks_listed": _("Ya") if item.dtks_listed else _("Tidak"),
            "dtks_confirmed_on": item.dtks_confirmed_on or "",
            "status": item.get_status_display(),
        }
        return {field: values[field] for field in self.list_export}

    def as_spreadsheet(self, queryset, spreadsheet_format):
        residents = list(queryset)
        residents_export_log(residents=residents, user=self.request.user, purpose=EXPORT_PURPOSE)
        response = super().as_spreadsheet(residents, spreadsheet_format)
        patch_cache_control(response, no_store=True, private=True)
        return response


class ResidentCreateView(ServiceSaveMixin, ScopedCreateView):
    log_action_name = "wagtail.create"
    error_aliases = {"household": "kk_number"}

    def save_with_service(self, instance):
        return resident_save(
            resident=instance, nik=self.form.cleaned_data.get("nik"), user=self.request.user
        )


class ResidentEditView(ServiceSaveMixin, ScopedEditView):
    log_action_name = "wagtail.edit"
    error_aliases = {"household": "kk_number"}
    reveal_url_name: str | None = None

    def save_with_service(self, instance):
        # Without a new NIK, resident_save checks the edited birth date and gender against
        # the stored one and reports a disagreement on those fields.
        nik = self.form.cleaned_data.get("nik") or None
        return resident_save(resident=instance, nik=nik, user=self.request.user)

    def get_reveal_url(self) -> str | None:
        if self.reveal_url_name and self.request.user.has_perm("registry.view_full_nik"):
            return reverse(self.reveal_url_name, args=(quote(self.object.pk),))
        return None

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        if reveal_url := self.get_reveal_url():
            buttons.append(
                Button(_("Lihat NIK lengkap"), url=reveal_url, icon_name="view", priority=5)
            )
        return buttons

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["reveal_url"] = self.get_reveal_url()
        return context


@method_decorator(never_cache, name="dispatch")
class ResidentNikRevealView(ScopedMixin, generic.WagtailAdminTemplateMixin, FormView):
    """ "Lihat NIK lengkap": asks the purpose, writes an access-log row, and shows the NIK
    in this response only (never in a URL, never cached)."""

    form_class = NikRevealForm
    template_name = "registry/admin/resident_nik_reveal.html"
    page_title = gettext_lazy("Lihat NIK lengkap")
    header_icon = "view"
    index_url_name: str | None = None
    edit_url_name: str | None = None
    reveal_url_name: str | None = None

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = get_object_or_404(self.scoped_queryset(), pk=kwargs["pk"])

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("registry.view_full_nik"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return str(self.object)

    def get_breadcrumbs_items(self):
        items = list(self.breadcrumbs_items)
        if self.index_url_name:
            items.append({"url": reverse(self.index_url_name), "label": _("Penduduk")})
        if self.edit_url_name:
            items.append({"url": self.edit_url, "label": str(self.object)})
        items.append({"url": "", "label": self.get_page_title()})
        return items

    @cached_property
    def edit_url(self) -> str:
        return (
            reverse(self.edit_url_name, args=(quote(self.object.pk),)) if self.edit_url_name else ""
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["object"] = self.object
        context["edit_url"] = self.edit_url
        context["action_url"] = (
            reverse(self.reveal_url_name, args=(quote(self.object.pk),))
            if self.reveal_url_name
            else ""
        )
        return context

    def form_valid(self, form):
        try:
            nik = resident_nik_reveal(
                resident=self.object, user=self.request.user, purpose=form.cleaned_data["purpose"]
            )
        except ValidationError as exc:
            form_add_service_errors(form, exc, {})
            return self.form_invalid(form)
        return self.render_to_response(self.get_context_data(form=form, nik=nik))


# Households --------------------------------------------------------------------------


class HouseholdIndexView(SessionSearchMixin, ScopedIndexView):
    """Kartu Keluarga of the user's villages, searched by the head's or a member's name, a
    KK number or a member's NIK (POST, kept in the session: ``search.py``)."""

    search_placeholder = gettext_lazy("Nomor KK, NIK atau nama anggota")

    def get_base_queryset(self):
        return super().get_base_queryset().annotate(member_count=Count("members"))

    def search_by_name(self, queryset, text):
        return queryset.filter(
            pk__in=Resident.objects.filter(full_name__icontains=text).values("household")
        )

    def search_by_number(self, queryset, number):
        members = Resident.objects.filter(nik_index=nik_blind_index(number))
        return queryset.filter(Q(kk_number=number) | Q(pk__in=members.values("household")))


class HouseholdCreateView(ServiceSaveMixin, ScopedCreateView):
    log_action_name = "wagtail.create"

    def save_with_service(self, instance):
        return household_save(household=instance, user=self.request.user)


class HouseholdEditView(ServiceSaveMixin, ScopedEditView):
    log_action_name = "wagtail.edit"
    member_edit_url_name: str | None = None

    def save_with_service(self, instance):
        return household_save(household=instance, user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        members = residents_for(user=self.request.user).filter(household=self.object)
        context["members"] = [
            (
                member,
                reverse(self.member_edit_url_name, args=(quote(member.pk),))
                if self.member_edit_url_name
                else "",
            )
            for member in members.order_by("birth_date")
        ]
        return context
