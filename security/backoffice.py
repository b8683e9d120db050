"""The "Keamanan" menu of the back office: failed sign-ins still counted, which accounts
and addresses they lock, and a button to lift a lock before its cool-off ends."""

from __future__ import annotations

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from wagtail.admin.ui.tables import Column, DateColumn

from registry.backoffice.scoping import ScopedIndexView, ScopedMixin
from registry.backoffice.viewsets import ScopedModelViewSet

from .selectors import attempt_locks, lockouts_for
from .services import lockout_lift

LOCK_LABELS = {
    "account": gettext_lazy("Akun terkunci"),
    "address": gettext_lazy("Alamat terkunci"),
}


def _locks_label(attempt) -> str:
    locks = attempt_locks(attempt)
    if not locks:
        return str(_("Belum terkunci"))
    return ", ".join(str(LOCK_LABELS[lock]) for lock in locks)


class LiftColumn(Column):
    """Buttons (POST forms) that lift the row's account or address lock."""

    cell_template_name = "security/admin/lift_cell.html"

    def __init__(self, name, *, url_name: str, **kwargs):
        super().__init__(name, **kwargs)
        self.url_name = url_name

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["action_url"] = reverse(self.url_name, args=[instance.pk])
        context["locks"] = attempt_locks(instance)
        return context


class LockoutIndexView(ScopedIndexView):
    template_name = "security/admin/lockout_index.html"

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["cooloff_minutes"] = int(settings.LOGIN_COOLOFF.total_seconds() // 60)
        context["account_limit"] = settings.LOGIN_FAILURES_PER_ACCOUNT
        context["address_limit"] = settings.LOGIN_FAILURES_PER_ADDRESS
        return context


class LockoutLiftView(ScopedMixin, View):
    """POST ``scope`` = "account" or "address": lift that lock of the attempt ``pk``."""

    index_url_name: str | None = None
    http_method_names = ["post"]

    def post(self, request, pk):
        attempt = get_object_or_404(self.scoped_queryset(), pk=pk)
        scope = request.POST.get("scope", "")
        if scope not in LOCK_LABELS:
            messages.error(request, _("Pilih kunci akun atau kunci alamat."))
            return redirect(reverse(self.index_url_name))
        try:
            lockout_lift(attempt=attempt, scope=scope, lifted_by=request.user)
        except PermissionDenied as exc:
            messages.error(request, str(exc))
            return redirect(reverse(self.index_url_name))
        if scope == "account":
            messages.success(
                request, _("Kunci akun %(account)s dibuka.") % {"account": attempt.username}
            )
        else:
            messages.success(
                request,
                _("Kunci alamat %(address)s dibuka.") % {"address": attempt.ip_address},
            )
        return redirect(reverse(self.index_url_name))


class LockoutViewSet(ScopedModelViewSet):
    model = AccessAttempt
    scope = staticmethod(lockouts_for)
    name = "security_lockouts"
    url_prefix = "security/lockouts"
    icon = "lock"
    menu_label = gettext_lazy("Kunci masuk")
    menu_order = 900
    add_to_admin_menu = True
    index_view_class = LockoutIndexView
    index_results_template_name = "security/admin/lockout_index_results.html"

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(page_title=gettext_lazy("Kunci masuk"), **kwargs)

    def get_common_view_kwargs(self, **kwargs):
        # Only a listing and the lift action: no add, edit, delete, history or usage pages
        # to link to (a superuser holds those permissions on axes' model).
        unserved = dict.fromkeys(
            [
                "add_url_name",
                "edit_url_name",
                "delete_url_name",
                "history_url_name",
                "usage_url_name",
            ]
        )
        return super().get_common_view_kwargs(**{**unserved, **kwargs})

    @property
    def list_display(self):
        return [
            Column("username", label=gettext_lazy("Akun")),
            Column("ip_address", label=gettext_lazy("Alamat IP")),
            Column("account_failures", label=gettext_lazy("Gagal (akun)")),
            Column("address_failures", label=gettext_lazy("Gagal (alamat)")),
            Column("locks", label=gettext_lazy("Status"), accessor=_locks_label),
            DateColumn("attempt_time", label=gettext_lazy("Terakhir"), sort_key="attempt_time"),
            LiftColumn(
                "lift", label=gettext_lazy("Buka kunci"), url_name=self.get_url_name("lift")
            ),
        ]

    @property
    def lift_view(self):
        return self.construct_view(LockoutLiftView, index_url_name=self.get_url_name("index"))

    def get_scoped_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("<int:pk>/lift/", self.lift_view, name="lift"),
        ]
