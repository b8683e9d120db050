"""Applying to open a shop (/shops/apply/) and following the application (/shops/apply/status/)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.generic import FormView, TemplateView

from .. import selectors
from ..forms import ApplicationForm, DistrictPickForm
from ..models import SellerApplication
from ..services import ApplicationError, application_submit


def _can_apply(user) -> bool:
    """No shop yet and no application waiting for a decision."""
    if selectors.seller_for_user(user) is not None:
        return False
    latest = selectors.application_latest(user=user)
    return latest is None or not latest.is_open


@method_decorator(never_cache, name="dispatch")
class ApplicationCreateView(LoginRequiredMixin, FormView):
    """The application form. A user with a shop or an open application is sent to the
    status page instead; a rejected applicant sees why, and may apply again."""

    form_class = ApplicationForm
    template_name = "sellers/application_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not _can_apply(request.user):
            return redirect("sellers:apply-status")
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def district_form(self) -> DistrictPickForm:
        return DistrictPickForm(self.request.GET if "kecamatan" in self.request.GET else None)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "district": self.district_form.district()}

    def get_context_data(self, **kwargs):
        district = self.district_form.district()
        action = reverse("sellers:apply")
        if district is not None:
            action += f"?kecamatan={district.code}"
        return super().get_context_data(
            district_form=self.district_form,
            district=district,
            form_action=action,
            previous=selectors.application_latest(user=self.request.user),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            application = application_submit(user=self.request.user, data=form.cleaned_input())
        except ApplicationError as exc:
            for field in exc.fields:
                if field in form.fields:
                    form.add_error(field, _("Tidak cocok dengan data di registri desa."))
            form.add_error(None, exc.message)
            return self.form_invalid(form)
        if application.status == SellerApplication.Status.PENDING:
            messages.success(
                self.request,
                _("Pendaftaran terkirim. Data Anda cocok dengan registri desa."),
            )
        else:
            messages.info(
                self.request,
                _("Pendaftaran tersimpan. Langkah berikutnya: datang ke operator desa."),
            )
        return redirect("sellers:apply-status")


@method_decorator(never_cache, name="dispatch")
class ApplicationStatusView(LoginRequiredMixin, TemplateView):
    """Where the user's latest application stands, and what to do next."""

    template_name = "sellers/application_status.html"

    def get(self, request, *args, **kwargs):
        self.seller = selectors.seller_for_user(request.user)
        self.application = selectors.application_latest(user=request.user)
        if self.seller is None and self.application is None:
            return redirect("sellers:apply")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        application = self.application
        return super().get_context_data(
            seller=self.seller,
            application=application,
            Status=SellerApplication.Status,
            documents=application.documents.all() if application else [],
            **kwargs,
        )
