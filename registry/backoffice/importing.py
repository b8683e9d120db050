"""The "Impor penduduk" page: a CSV or XLSX of one of the user's villages, all or nothing.

The import service is imported when a file comes in, so that the back office loads even
where the import is not installed yet.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.views import generic

from .forms import ResidentImportForm
from .permissions import user_keeps_villages


def user_can_import(user) -> bool:
    """Operators and staff who may add and change residents."""
    return user_keeps_villages(user) and user.has_perms(
        ["registry.add_resident", "registry.change_resident"]
    )


class ImportPermissionMixin:
    def dispatch(self, request, *args, **kwargs):
        if not user_can_import(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


class ResidentImportView(ImportPermissionMixin, generic.WagtailAdminTemplateMixin, FormView):
    """ "Impor penduduk": a CSV or XLSX for one of the user's villages, all or nothing."""

    form_class = ResidentImportForm
    template_name = "registry/admin/resident_import.html"
    page_title = gettext_lazy("Impor penduduk")
    header_icon = "upload"
    template_csv_url_name = "registry_import:template_csv"
    template_xlsx_url_name = "registry_import:template_xlsx"
    index_url_name = "registry_import:index"
    residents_url_name = "registry_residents:index"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["template_csv_url"] = reverse(self.template_csv_url_name)
        context["template_xlsx_url"] = reverse(self.template_xlsx_url_name)
        context["max_mb"] = 10
        return context

    def form_valid(self, form):
        from ..services.importing import ImportRejected, residents_import

        village = form.cleaned_data["village"]
        upload = form.cleaned_data["file"]
        try:
            result = residents_import(
                file=upload, filename=upload.name, village=village, user=self.request.user
            )
        except ImportRejected as exc:
            messages.error(
                self.request,
                _("Berkas tidak diimpor: perbaiki %(count)s masalah di bawah lalu unggah lagi.")
                % {"count": len(exc.errors)},
            )
            return self.render_to_response(
                self.get_context_data(form=form, import_errors=exc.errors, village=village)
            )
        messages.success(
            self.request,
            _(
                "%(rows)s baris diimpor ke %(village)s: %(created)s penduduk baru, "
                "%(updated)s diperbarui, %(unchanged)s tidak berubah."
            )
            % {
                "rows": result.rows,
                "village": village,
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
            },
        )
        return redirect(f"{reverse(self.residents_url_name)}?village={village.pk}")


class ResidentImportTemplateView(ImportPermissionMixin, View):
    """The import template, as CSV or XLSX."""

    file_format = "csv"

    def get(self, request, *args, **kwargs):
        from ..services.importing import import_template_csv, import_template_xlsx

        if self.file_format == "xlsx":
            content = import_template_xlsx()
            content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        else:
            content = import_template_csv()
            content_type = "text/csv; charset=utf-8"
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = (
            f'attachment; filename="templat-impor-penduduk.{self.file_format}"'
        )
        return response
