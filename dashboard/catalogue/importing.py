"""The seller dashboard's "Impor produk" page: a CSV or XLSX of products, all or nothing,
and the template downloads.

A seller imports into their own shop only. Staff choose the shop they import for (an
active one): district staff often help a village seller set up the first products.
Either way the import service (``catalogue.importing``) does the work and refuses a
suspended shop.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView

from catalogue.importing import (
    MAX_FILE_BYTES,
    MAX_ROWS,
    ImportRejected,
    product_import_template_csv,
    product_import_template_xlsx,
    products_import,
)
from dashboard.access import SellerScopeMixin
from sellers.models import Seller

_MAX_MB = MAX_FILE_BYTES // (1024 * 1024)
_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class SellerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.village})"


class ProductImportForm(forms.Form):
    """The file, and for staff the shop it is for."""

    seller = SellerChoiceField(
        label=gettext_lazy("Toko"),
        queryset=Seller.objects.none(),
        empty_label=gettext_lazy("-- Pilih toko --"),
    )
    file = forms.FileField(
        label=gettext_lazy("Berkas CSV atau XLSX"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def __init__(self, *args, choose_seller: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "Paling besar %(mb)s MB, dengan kolom seperti di templat."
        ) % {"mb": _MAX_MB}
        if choose_seller:
            self.fields["seller"].queryset = (  # type: ignore[attr-defined]
                Seller.objects.filter(status=Seller.Status.ACTIVE)
                .select_related("partner", "village")
                .order_by("partner__name")
            )
        else:
            del self.fields["seller"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                _("Berkas terlalu besar: paling besar %(mb)s MB. Bagi menjadi beberapa berkas.")
                % {"mb": _MAX_MB}
            )
        return upload


class ProductImportView(SellerScopeMixin, FormView):
    form_class = ProductImportForm
    template_name = "oscar/dashboard/catalogue/product_import.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "choose_seller": not self.is_seller}

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["seller"] = self.seller
        ctx["max_rows"] = f"{MAX_ROWS:,}".replace(",", ".")
        ctx["max_mb"] = _MAX_MB
        return ctx

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def form_valid(self, form):
        seller = self.seller or form.cleaned_data["seller"]
        upload = form.cleaned_data["file"]
        try:
            result = products_import(file=upload, filename=upload.name, seller=seller)
        except PermissionDenied as exc:
            form.add_error(None, str(exc) or _("Toko ini tidak dapat mengimpor produk."))
            return self.form_invalid(form)
        except ImportRejected as exc:
            messages.error(
                self.request,
                _("Berkas tidak diimpor: perbaiki %(count)s masalah di bawah lalu unggah lagi.")
                % {"count": len(exc.errors)},
            )
            return self.render_to_response(
                self.get_context_data(form=form, import_errors=exc.errors), status=400
            )
        messages.success(
            self.request,
            _(
                "%(rows)s baris diimpor ke %(shop)s: %(created)s produk baru, %(updated)s "
                "diperbarui, %(unchanged)s tidak berubah."
            )
            % {
                "rows": result.rows,
                "shop": seller.name,
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
            },
        )
        return redirect("dashboard:catalogue-product-list")


class ProductImportTemplateView(SellerScopeMixin, View):
    """The import template, as CSV or XLSX."""

    file_format = "csv"

    def get(self, request, *args, **kwargs):
        if self.file_format == "xlsx":
            response = HttpResponse(product_import_template_xlsx(), content_type=_XLSX)
        else:
            response = HttpResponse(
                product_import_template_csv(), content_type="text/csv; charset=utf-8"
            )
        response["Content-Disposition"] = (
            f'attachment; filename="templat-impor-produk.{self.file_format}"'
        )
        return response
