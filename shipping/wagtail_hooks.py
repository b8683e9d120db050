"""The district's default courier table in the Wagtail back office ("Tarif kurir bawaan").

Sellers who do not set their own rates charge buyers these. District staff (superusers
and holders of ``registry.access_all_villages``: the "Staf dinas" group) see the five zones'
rows and change their amounts; nobody adds or deletes a row here (the five come from the
migration), and no seller's own row is ever listed or opened. Village operators and
sellers have no menu item, and the views refuse them.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, HelpPanel, ObjectList
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from registry.backoffice.scoping import (
    ScopedEditView,
    ScopedHistoryView,
    ScopedIndexView,
    ScopedModelViewSet,
)
from registry.selectors import user_sees_all_villages

from .forms import DefaultCourierRateForm
from .methods import Zone
from .models import CourierRate


def user_keeps_default_rates(user) -> bool:
    """District staff: superusers and holders of ``registry.access_all_villages``."""
    return user_sees_all_villages(user)


def default_rates_for(*, user) -> QuerySet:
    """The district's default rows (no seller), in ``Zone`` order; none for anyone else."""
    if not user_keeps_default_rates(user):
        return CourierRate.objects.none()
    order = Case(
        *(When(zone=zone, then=Value(i)) for i, zone in enumerate(Zone.values)),
        default=Value(len(Zone.values)),
        output_field=IntegerField(),
    )
    return CourierRate.objects.filter(seller__isnull=True).annotate(zone_order=order)


class DefaultRatePolicy(ModelPermissionPolicy):
    """District staff may "view" and "change", and per row only the default rows. Nobody
    adds or deletes a rate in the back office; sellers keep their own in the dashboard."""

    actions = ("view", "change")

    def user_has_permission(self, user, action):
        return action in self.actions and user_keeps_default_rates(user)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and instance.seller_id is None

    def instances_user_has_any_permission_for(self, user, actions):
        if self.user_has_any_permission(user, actions):
            return default_rates_for(user=user)
        return self.model._default_manager.none()

    def users_with_any_permission(self, actions):
        if not set(actions) & set(self.actions):
            return get_user_model().objects.none()
        staff = (
            Q(is_superuser=True)
            | Q(
                user_permissions__content_type__app_label="registry",
                user_permissions__codename="access_all_villages",
            )
            | Q(
                groups__permissions__content_type__app_label="registry",
                groups__permissions__codename="access_all_villages",
            )
        )
        return get_user_model().objects.filter(staff, is_active=True).distinct()


register_permission_policy(CourierRate, DefaultRatePolicy(CourierRate))


def _rupiah(amount: int) -> str:
    return "Rp" + f"{amount:,}".replace(",", ".")


class DefaultRateIndexView(ScopedIndexView):
    page_title = _("Tarif kurir bawaan")

    def order_queryset(self, queryset):
        # Five rows, always in the zones' own order (nearest first).
        return queryset.order_by("zone_order")


class DefaultRateEditView(ScopedEditView):
    page_title = _("Tarif kurir bawaan")
    success_message = _("Tarif bawaan %(object)s disimpan.")
    error_message = _("Tarif belum disimpan: perbaiki isian yang ditandai.")

    def get_page_subtitle(self):
        return self.object.get_zone_display()

    def get_success_message(self):
        return self.success_message % {"object": self.object.get_zone_display()}


class DefaultRateViewSet(ScopedModelViewSet):
    """The five zones' default rates: a listing and an edit form (with its history)."""

    model = CourierRate
    scope = staticmethod(default_rates_for)
    name = "shipping_default_rates"
    url_prefix = "shipping/default-rates"
    icon = "table"
    menu_label = _("Tarif kurir bawaan")
    menu_order = 320
    add_to_admin_menu = True
    index_view_class = DefaultRateIndexView
    edit_view_class = DefaultRateEditView
    history_view_class = ScopedHistoryView
    list_per_page = 20
    list_display = [
        # A name, not a Column: the first one links each row to its edit form.
        "zone",
        Column("base_fee", label=_("Ongkos dasar"), accessor=lambda rate: _rupiah(rate.base_fee)),
        Column("per_kg", label=_("Per kg"), accessor=lambda rate: _rupiah(rate.per_kg)),
        BooleanColumn("available", label=_("Dilayani")),
    ]
    edit_handler = ObjectList(
        [
            HelpPanel(
                content=_(
                    "Ongkos kirim kurir lokal = ongkos dasar + tambahan untuk setiap kg setelah "
                    "kg pertama. Rupiah bulat, paling besar Rp10.000.000. Dipakai semua penjual "
                    "yang tidak memakai tarif sendiri."
                )
            ),
            FieldPanel("base_fee"),
            FieldPanel("per_kg"),
            FieldPanel("available"),
        ],
        base_form_class=DefaultCourierRateForm,
    )

    def get_common_view_kwargs(self, **kwargs):
        # Only the listing, the edit form and its history: no add, delete, copy or usage.
        return super().get_common_view_kwargs(
            add_url_name=None, delete_url_name=None, usage_url_name=None, **kwargs
        )

    def get_scoped_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("edit/<int:pk>/", self.edit_view, name="edit"),
            path("history/<int:pk>/", self.history_view, name="history"),
            path("history-results/<int:pk>/", self.history_results_view, name="history_results"),
        ]


@hooks.register("register_admin_viewset")
def register_shipping_viewsets():
    return DefaultRateViewSet()
