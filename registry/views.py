"""Site views of the registry: a user links their account to their resident record."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.generic import FormView

from .forms import AccountLinkForm
from .models import Resident
from .services import AccountLinkError, account_link


@method_decorator(never_cache, name="dispatch")
class AccountLinkView(LoginRequiredMixin, FormView):
    """/accounts/resident/: "Hubungkan akun dengan data penduduk"."""

    form_class = AccountLinkForm
    template_name = "registry/account_link.html"

    def get_context_data(self, **kwargs):
        linked = (
            Resident.objects.filter(user=self.request.user)
            .select_related("village__district")
            .first()
        )
        return super().get_context_data(linked=linked, **kwargs)

    def form_valid(self, form):
        try:
            account_link(user=self.request.user, **form.cleaned_data)
        except AccountLinkError as exc:
            form.add_error(None, str(exc))
            return self.form_invalid(form)
        messages.success(self.request, _("Akun Anda sudah terhubung dengan data penduduk."))
        return redirect(reverse("registry:account-link"))
