"""Back-office views of applications and sellers. Each loads its object from the scoped
queryset (another village's application is a 404), and each action is a POST that calls
one service: what the service refuses is shown as a message and changes nothing, and a
``PermissionDenied`` from it is a 403."""

from __future__ import annotations

import hmac
import mimetypes
from pathlib import PurePosixPath

from django.contrib import messages
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView, View
from wagtail.admin.ui.tables import TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin

from registry.backoffice.scoping import ScopedIndexView, ScopedMixin
from registry.nik import nik_blind_index
from registry.selectors import villages_for

from ..choices import DocumentKind, DocumentStatus
from ..models import Seller, SellerApplication, SellerDocument
from ..selectors import (
    application_nik_conflicts,
    products_for_shop,
    seller_missing_documents,
    seller_open_orders,
)
from ..services import (
    ApplicationError,
    application_approve,
    application_reject,
    application_vouch,
    document_reject,
    document_verify,
    seller_reinstate,
    seller_suspend,
)
from .forms import NikCheckForm, ReasonForm, VouchForm
from .permissions import user_decides


class DetailLinkIndexView(ScopedIndexView):
    """A listing whose rows open the detail view (there is no edit form)."""

    detail_url_name: str | None = None

    def get_edit_url(self, instance):
        if self.detail_url_name:
            return reverse(self.detail_url_name, args=(quote(instance.pk),))
        return None


class ApplicationIndexView(DetailLinkIndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().order_by("-created_at")


class SellerIndexView(DetailLinkIndexView):
    def get_base_queryset(self):
        # How many documents the shop added that staff have not checked yet.
        return (
            super()
            .get_base_queryset()
            .annotate(
                documents_pending=Count(
                    "documents", filter=Q(documents__status=DocumentStatus.PENDING)
                )
            )
        )

    @cached_property
    def columns(self):
        # The shop's name is the partner's: a title column of our own, linking to the detail.
        title = TitleColumn(
            "name",
            label=gettext_lazy("Nama toko"),
            accessor="name",
            sort_key="partner__name",
            get_url=self.get_edit_url,
        )
        return [title, *super().columns[1:]]


@method_decorator(never_cache, name="dispatch")
class ScopedDetailView(
    ScopedMixin, PermissionCheckedMixin, generic.WagtailAdminTemplateMixin, TemplateView
):
    """One object of the scope, with actions posted back to the same URL as ``action``."""

    model: type | None = None
    any_permission_required = ["view"]
    index_url_name: str | None = None
    detail_url_name: str | None = None
    document_url_name: str | None = None
    header_icon = ""
    #: action name -> method name; anything else posted is refused.
    actions: dict[str, str] = {}

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = get_object_or_404(self.scoped_queryset(), pk=kwargs["pk"])

    def get_page_subtitle(self):
        return str(self.object)

    def get_breadcrumbs_items(self):
        items = list(self.breadcrumbs_items)
        if self.index_url_name:
            items.append(
                {
                    "url": reverse(self.index_url_name),
                    "label": capfirst(self.model._meta.verbose_name_plural),  # type: ignore[union-attr]
                }
            )
        items.append({"url": "", "label": self.get_page_title(), "sublabel": str(self.object)})
        return items

    @cached_property
    def detail_url(self) -> str:
        return reverse(self.detail_url_name, args=(quote(self.object.pk),))  # type: ignore[arg-type]

    def document_url(self, document) -> str:
        return reverse(
            self.document_url_name,  # type: ignore[arg-type]
            args=(quote(self.object.pk), quote(document.pk)),
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(object=self.object, detail_url=self.detail_url, **kwargs)

    def post(self, request, *args, **kwargs):
        method = self.actions.get(request.POST.get("action", ""))
        if method is None:
            return HttpResponseNotAllowed(["GET"])
        try:
            return getattr(self, method)()
        except PermissionDenied as exc:
            # Wagtail would turn this into a redirect home; the user stays on the page
            # with the reason, and the response says what happened: 403.
            messages.error(request, str(exc) or _("Anda tidak berhak melakukan ini."))
            return self.render_to_response(self.get_context_data(), status=403)

    def done(self, message: str):
        messages.success(self.request, message)
        return redirect(self.detail_url)

    def refused(self, exc: ApplicationError):
        messages.error(self.request, exc.message)
        return redirect(self.detail_url)

    def invalid(self, **forms):
        messages.error(self.request, _("Periksa isian di bawah."))
        return self.render_to_response(self.get_context_data(**forms))


class ApplicationDetailView(ScopedDetailView):
    """The application with masked NIK, registry check, vouch, documents, and the actions
    the user may take: vouch (operator of the village), approve or reject (district staff)."""

    model = SellerApplication
    page_title = gettext_lazy("Pendaftaran penjual")
    template_name = "sellers/admin/application_detail.html"
    actions = {
        "vouch": "vouch",
        "check_nik": "check_nik",
        "approve": "approve",
        "reject": "reject",
    }

    def can_vouch(self) -> bool:
        return (
            self.object.is_open
            and villages_for(user=self.request.user).filter(pk=self.object.village_id).exists()
        )

    def get_context_data(self, **kwargs):
        application = self.object
        user = self.request.user
        can_vouch = self.can_vouch()
        decides = user_decides(user) and application.is_open
        context = super().get_context_data(**kwargs)
        context.update(
            application=application,
            Status=SellerApplication.Status,
            documents=[(d, self.document_url(d)) for d in application.documents.all()],
            can_vouch=can_vouch,
            can_decide=decides,
            can_approve=decides and application.status == SellerApplication.Status.PENDING,
            add_resident_url=(
                reverse("registry_residents:add")
                if can_vouch and user.has_perm("registry.add_resident")
                else ""
            ),
            seller=getattr(application, "seller", None),
            conflicts=application_nik_conflicts(application=application)
            if application.is_open
            else [],
        )
        context.setdefault("vouch_form", VouchForm())
        context.setdefault("nik_form", NikCheckForm())
        context.setdefault("reject_form", ReasonForm())
        return context

    def vouch(self):
        form = VouchForm(self.request.POST)
        if not form.is_valid():
            return self.invalid(vouch_form=form)
        try:
            application_vouch(
                application=self.object, user=self.request.user, note=form.cleaned_data["note"]
            )
        except ApplicationError as exc:
            return self.refused(exc)
        return self.done(
            _("Pendaftaran %(shop)s dijamin dan diteruskan ke staf dinas.")
            % {"shop": self.object.shop_name}
        )

    def check_nik(self):
        form = NikCheckForm(self.request.POST)
        if not self.can_vouch():
            return self.refused(ApplicationError(_("Anda tidak dapat memeriksa pendaftaran ini.")))
        if not form.is_valid():
            return self.invalid(nik_form=form)
        same = hmac.compare_digest(nik_blind_index(form.cleaned_data["nik"]), self.object.nik_index)
        if same:
            messages.success(self.request, _("NIK di KTP sama dengan NIK di pendaftaran."))
        else:
            messages.warning(
                self.request,
                _(
                    "NIK di KTP berbeda dengan NIK di pendaftaran. Minta staf dinas menolak "
                    "pendaftaran ini agar pemohon dapat mendaftar lagi dengan NIK yang benar."
                ),
            )
        return redirect(self.detail_url)

    def approve(self):
        try:
            seller = application_approve(application=self.object, approved_by=self.request.user)
        except ApplicationError as exc:
            return self.refused(exc)
        return self.done(
            _("Toko %(shop)s dibuka. Pemohon diberi tahu lewat email dan di akunnya.")
            % {"shop": seller.name}
        )

    def reject(self):
        form = ReasonForm(self.request.POST)
        if not form.is_valid():
            return self.invalid(reject_form=form)
        try:
            application_reject(
                application=self.object,
                rejected_by=self.request.user,
                reason=form.cleaned_data["reason"],
            )
        except ApplicationError as exc:
            return self.refused(exc)
        return self.done(
            _("Pendaftaran %(shop)s ditolak. Pemohon diberi tahu alasannya.")
            % {"shop": self.object.shop_name}
        )


class SellerDetailView(ScopedDetailView):
    """A seller for district staff: profile, documents, listing, suspend or reinstate."""

    model = Seller
    page_title = gettext_lazy("Penjual")
    template_name = "sellers/admin/seller_detail.html"
    actions = {
        "suspend": "suspend",
        "reinstate": "reinstate",
        "verify_document": "verify_document",
        "reject_document": "reject_document",
    }

    def get_context_data(self, **kwargs):
        seller = self.object
        context = super().get_context_data(**kwargs)
        context.update(
            seller=seller,
            documents=[(d, self.document_url(d)) for d in seller.documents.all()],
            products_total=products_for_shop(shop=seller, only_listed=False).count(),
            products_listed=products_for_shop(shop=seller).count(),
            open_orders=seller_open_orders(seller=seller),
            missing_documents=[
                {**missing, "kind": DocumentKind(missing["kind"]).label}
                for missing in seller_missing_documents(seller=seller)
            ],
        )
        context.setdefault("suspend_form", ReasonForm())
        # One reason box per pending document: the one just refused keeps its errors.
        context.setdefault("document_rejecting", None)
        context["reject_form_blank"] = ReasonForm(auto_id=False)
        return context

    def posted_document(self) -> SellerDocument:
        """The shop's own document named in the POST (404 for any other)."""
        pk = self.request.POST.get("document", "")
        if not (pk.isascii() and pk.isdigit()):
            raise Http404
        return get_object_or_404(self.object.documents.all(), pk=int(pk))

    def verify_document(self):
        document = self.posted_document()
        try:
            document_verify(document=document, reviewed_by=self.request.user)
        except ApplicationError as exc:
            return self.refused(exc)
        return self.done(
            _("%(kind)s nomor %(number)s terverifikasi: lencananya tampil di toko.")
            % {"kind": document.get_kind_display(), "number": document.number}
        )

    def reject_document(self):
        document = self.posted_document()
        form = ReasonForm(self.request.POST, auto_id=False)
        if not form.is_valid():
            return self.invalid(document_reject_form=form, document_rejecting=document.pk)
        try:
            document_reject(
                document=document,
                reviewed_by=self.request.user,
                reason=form.cleaned_data["reason"],
            )
        except ApplicationError as exc:
            return self.refused(exc)
        return self.done(
            _("%(kind)s nomor %(number)s ditolak. Penjual diberi tahu alasannya.")
            % {"kind": document.get_kind_display(), "number": document.number}
        )

    def suspend(self):
        form = ReasonForm(self.request.POST)
        if not form.is_valid():
            return self.invalid(suspend_form=form)
        try:
            seller_suspend(
                seller=self.object,
                suspended_by=self.request.user,
                reason=form.cleaned_data["reason"],
            )
        except ApplicationError as exc:
            return self.refused(exc)
        return self.done(
            _("Toko %(shop)s ditangguhkan: produknya tidak tampil lagi.")
            % {"shop": self.object.name}
        )

    def reinstate(self):
        try:
            seller_reinstate(seller=self.object, reinstated_by=self.request.user)
        except ApplicationError as exc:
            return self.refused(exc)
        return self.done(
            _("Penangguhan toko %(shop)s dicabut: produknya tampil lagi.")
            % {"shop": self.object.name}
        )


@method_decorator(never_cache, name="dispatch")
class DocumentDownloadView(ScopedMixin, PermissionCheckedMixin, View):
    """A document's file from private storage, for a user who may see its owner (an
    application or a seller in their scope); never cached, always as an attachment."""

    model: type | None = None
    any_permission_required = ["view"]

    def get(self, request, pk, document_pk):
        owner = get_object_or_404(self.scoped_queryset(), pk=pk)
        document = get_object_or_404(owner.documents.all(), pk=document_pk)
        try:
            handle = document.file.open("rb")
        except (FileNotFoundError, ValueError):
            raise Http404(_("Berkas dokumen tidak ditemukan.")) from None
        extension = PurePosixPath(document.file.name).suffix.lower()
        content_type = mimetypes.types_map.get(extension, "application/octet-stream")
        filename = f"{document.kind}-{slugify(document.number) or document.pk}{extension}"
        response = FileResponse(
            handle, as_attachment=True, filename=filename, content_type=content_type
        )
        response["X-Content-Type-Options"] = "nosniff"
        patch_cache_control(response, private=True, no_store=True)
        return response
