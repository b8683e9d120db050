"""The seller's own shop page at /shops/mine/: the storefront's description, WhatsApp
number, logo and banner, and the shop's compliance documents (list, add, download).

Only the shop's owner reaches it. A suspended shop's page is read-only: it can be seen,
and its documents downloaded, but every change is refused with 403 and the reason.
"""

from __future__ import annotations

import io
import mimetypes
from pathlib import PurePosixPath
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from PIL import Image

from catalogue import images

from .. import selectors, services
from ..choices import DocumentKind
from ..documents import DocumentFileField, document_expiry_check
from ..forms import ApplicationForm
from ..models import SellerDocument

LOGO_MAX_SIDE = 512
BANNER_MAX_SIDE = images.MAX_SIDE


def shop_image_prepare(*, upload, max_side: int) -> ContentFile:
    """``catalogue.images.product_image_prepare`` (format by content, size and pixel limits,
    EXIF orientation applied and all metadata dropped), then at most ``max_side`` px.

    Raises ``ValidationError`` as ``product_image_prepare`` does."""
    prepared = images.product_image_prepare(upload=upload)
    if max_side >= images.MAX_SIDE:
        return prepared
    with Image.open(io.BytesIO(prepared.read())) as img:
        if max(img.size) <= max_side:
            prepared.seek(0)
            return prepared
        fmt = img.format
        img.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
        out = io.BytesIO()
        if fmt == "JPEG":
            img.save(out, "JPEG", quality=images.JPEG_QUALITY, optimize=True, progressive=True)
        elif fmt == "PNG":
            img.save(out, "PNG")
        else:
            img.save(out, "WEBP", quality=images.WEBP_QUALITY, method=4)
    return ContentFile(out.getvalue(), name=prepared.name)


class ShopImageField(images.ProductImageField):
    """A logo or banner upload: checked and cleaned like a product photo, then resized."""

    def __init__(self, *, max_side: int, **kwargs: Any) -> None:
        self.max_side = max_side
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        value = forms.FileField.clean(self, data, initial)
        if not isinstance(value, UploadedFile):
            return value  # Empty, cleared (False), or the unchanged current file.
        return shop_image_prepare(upload=value, max_side=self.max_side)


class ShopProfileForm(forms.Form):
    description = forms.CharField(
        label=gettext_lazy("Deskripsi toko"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy("Apa yang Anda jual, dari mana bahannya, sejak kapan."),
    )
    whatsapp = forms.CharField(
        label=gettext_lazy("Nomor WhatsApp"),
        max_length=24,
        help_text=gettext_lazy(
            "Pembeli menghubungi Anda lewat nomor ini, misalnya 0812-3456-7890."
        ),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    logo = ShopImageField(
        label=gettext_lazy("Logo"),
        max_side=LOGO_MAX_SIDE,
        required=False,
        help_text=gettext_lazy("JPEG, PNG atau WebP, paling besar 8 MB; disimpan 512 px."),
    )
    banner = ShopImageField(
        label=gettext_lazy("Banner"),
        max_side=BANNER_MAX_SIDE,
        required=False,
        help_text=gettext_lazy(
            "Gambar lebar (3:1), JPEG, PNG atau WebP, paling besar 8 MB; disimpan 1600 px."
        ),
    )

    # The same rule as when applying: a mobile number WhatsApp can reach, kept as E.164.
    clean_whatsapp = ApplicationForm.clean_whatsapp

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        kwargs: dict[str, Any] = {
            "description": data["description"],
            "whatsapp": data["whatsapp"],
        }
        for name in ("logo", "banner"):
            value = data.get(name)
            kwargs[name] = value if isinstance(value, ContentFile) else None
            kwargs[f"{name}_clear"] = value is False
        return kwargs


class DocumentAddForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Jenis dokumen"), choices=DocumentKind.choices)
    number = forms.CharField(label=gettext_lazy("Nomor dokumen"), max_length=64)
    expires_on = forms.DateField(
        label=gettext_lazy("Berlaku sampai"), widget=forms.DateInput(attrs={"type": "date"})
    )
    file = DocumentFileField(label=gettext_lazy("Berkas (PDF, JPEG atau PNG, paling besar 5 MB)"))

    def clean_number(self) -> str:
        return " ".join(self.cleaned_data["number"].split())

    def clean_expires_on(self):
        return document_expiry_check(self.cleaned_data["expires_on"])


class OwnShopMixin(LoginRequiredMixin):
    """Finds the signed-in user's shop; a user without one is sent to the application."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.shop = selectors.seller_for_user(request.user)
        if self.shop is None:
            messages.info(request, _("Anda belum memiliki toko. Daftarkan toko Anda di sini."))
            return redirect("sellers:apply-status")
        return super().dispatch(request, *args, **kwargs)

    def render_page(self, request, *, profile_form=None, document_form=None, status=200):
        shop = self.shop
        missing = [
            {**item, "label": DocumentKind(item["kind"]).label}
            for item in selectors.seller_missing_documents(seller=shop)
        ]
        initial = {"description": shop.description, "whatsapp": shop.whatsapp}
        context = {
            "shop": shop,
            "read_only": not shop.is_active,
            "profile_form": profile_form
            or ShopProfileForm(initial={**initial, "logo": shop.logo, "banner": shop.banner}),
            "document_form": document_form or DocumentAddForm(),
            "documents": selectors.seller_documents(seller=shop),
            "missing_documents": missing,
            "badges": selectors.seller_badges(seller=shop),
        }
        return render(request, "sellers/settings.html", context, status=status)

    def refuse_if_suspended(self, request):
        if self.shop.is_active:
            return None
        messages.error(
            request,
            _(
                "Toko Anda sedang ditangguhkan: pengaturan dan dokumen hanya dapat dilihat "
                "sampai penangguhan dicabut."
            ),
        )
        return self.render_page(request, status=403)


class ShopSettingsView(OwnShopMixin, View):
    """GET shows the page; POST changes the storefront profile."""

    def get(self, request):
        return self.render_page(request)

    def post(self, request):
        if refused := self.refuse_if_suspended(request):
            return refused
        form = ShopProfileForm(
            request.POST,
            request.FILES,
            initial={"logo": self.shop.logo, "banner": self.shop.banner},
        )
        if not form.is_valid():
            return self.render_page(request, profile_form=form)
        try:
            services.seller_profile_update(
                seller=self.shop, user=request.user, **form.service_kwargs()
            )
        except PermissionDenied as exc:
            messages.error(request, str(exc))
            return self.render_page(request, status=403)
        messages.success(request, _("Profil toko disimpan."))
        return redirect("sellers:settings")


class DocumentAddView(OwnShopMixin, View):
    """POST adds a document; the form lives on the settings page."""

    def get(self, request):
        return redirect("sellers:settings")

    def post(self, request):
        if refused := self.refuse_if_suspended(request):
            return refused
        form = DocumentAddForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_page(request, document_form=form)
        data = form.cleaned_data
        try:
            document = services.seller_document_add(
                seller=self.shop,
                user=request.user,
                kind=data["kind"],
                number=data["number"],
                expires_on=data["expires_on"],
                file=data["file"],
            )
        except PermissionDenied as exc:
            messages.error(request, str(exc))
            return self.render_page(request, status=403)
        except services.ApplicationError as exc:
            form.add_error(None, exc.message)
            return self.render_page(request, document_form=form)
        messages.success(
            request,
            _(
                "Dokumen %(kind)s nomor %(number)s disimpan dan menunggu pemeriksaan staf dinas. "
                "Lencananya tampil setelah diperiksa."
            )
            % {"kind": document.get_kind_display(), "number": document.number},
        )
        return redirect("sellers:settings")


class DocumentFileView(OwnShopMixin, View):
    """Download one of the shop's own documents from private storage."""

    def get(self, request, pk: int):
        document = get_object_or_404(SellerDocument, pk=pk, seller=self.shop)
        try:
            handle = document.file.open("rb")
        except (FileNotFoundError, ValueError):
            raise Http404(_("Berkas dokumen tidak ditemukan.")) from None
        filename = slugify(f"{document.kind}-{document.number}") or "dokumen"
        filename += PurePosixPath(document.file.name or "").suffix.lower()
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=filename,
            content_type=mimetypes.guess_type(filename)[0] or "application/octet-stream",
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response
