"""Views that load residents and households only through the scoped querysets
(``ScopedMixin``), so that an object of another village is a 404 whatever the menu shows,
and that save through the registry's services."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import transaction
from django.db.models import ProtectedError, QuerySet
from django.shortcuts import redirect
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from wagtail.admin.views import generic
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.generic.usage import UsageView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import log


def log_title(instance) -> str:
    """The title Wagtail's log keeps for a registry object: its kind and id, never a name
    or number. The admin's "Site history" report lists the entries of every village to
    anyone who holds the model's permissions, so the title must not say whose record it is."""
    with translation.override(settings.LANGUAGE_CODE):
        return f"{capfirst(instance._meta.verbose_name)} #{instance.pk}"


class ScopedMixin:
    """Objects come from ``scope(user=request.user)``: the villages the user keeps."""

    scope: Callable[..., QuerySet] | None = None
    request: Any

    def scoped_queryset(self) -> QuerySet:
        if self.scope is None:
            raise ImproperlyConfigured(f"{type(self).__name__} needs a scope.")
        return self.scope(user=self.request.user)


class ScopedIndexView(ScopedMixin, generic.IndexView):
    def get_base_queryset(self):
        return self.scoped_queryset()


class ScopedCreateView(ScopedMixin, generic.CreateView):
    """Creates only in the user's villages: the form offers no other, the service checks."""


class ScopedEditView(ScopedMixin, generic.EditView):
    def get_queryset(self):
        return self.scoped_queryset()


class ScopedDeleteView(ScopedMixin, generic.DeleteView):
    def get_queryset(self):
        return self.scoped_queryset()

    def delete_action(self):
        with transaction.atomic():
            log(
                instance=self.object,
                action="wagtail.delete",
                user=self.request.user,
                deleted=True,
                title=log_title(self.object),
            )
            self.object.delete()

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ProtectedError:
            # The NIK access log protects the resident it names: keep both, and say why.
            messages.error(
                self.request,
                _(
                    "Data ini tidak bisa dihapus karena tercatat di log akses NIK. Ubah "
                    "statusnya menjadi pindah atau meninggal."
                ),
            )
            return redirect(self.get_success_url())


class ScopedHistoryView(ScopedMixin, HistoryView):
    def get_base_object_queryset(self):
        return self.scoped_queryset()


class ScopedUsageView(ScopedMixin, UsageView):
    def get_base_object_queryset(self):
        return self.scoped_queryset()


class ScopedModelViewSet(ModelViewSet):
    """A model viewset whose every view loads objects through ``scope``; registering a
    view that does not is a configuration error, so a new view cannot skip the scoping."""

    scope: Callable[..., QuerySet] | None = None
    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = False
    list_per_page = 50

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(scope=type(self).scope, **kwargs)

    def get_urlpatterns(self):
        patterns = self.get_scoped_urlpatterns()
        for pattern in patterns:
            view_class = getattr(pattern.callback, "view_class", None)
            if not (view_class and issubclass(view_class, ScopedMixin)):
                raise ImproperlyConfigured(
                    f"{type(self).__name__}: the view {pattern.name!r} does not load its "
                    "objects through the village scope."
                )
        return patterns

    def get_scoped_urlpatterns(self):
        return super().get_urlpatterns()


def form_add_service_errors(
    form, exc: ValidationError, aliases: dict[str, str], by_code: dict[str, str] | None = None
) -> None:
    """Show a service's ``ValidationError`` on the form's fields (others on the form).

    ``aliases`` renames the service's fields; ``by_code`` sends errors with these codes to
    another field, whatever field the service named.
    """
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.error_dict.items():
        for error in errors:
            name = (by_code or {}).get(error.code or "") or aliases.get(field, field)
            form.add_error(name if name in form.fields else None, error)


class ServiceSaveMixin:
    """Save through a registry service instead of Wagtail's create/edit action; the
    service's validation errors go back to the form, and nothing is written."""

    log_action_name = ""
    error_aliases: dict[str, str] = {}

    def error_fields_by_code(self) -> dict[str, str]:
        return {}

    def save_with_service(self, instance):
        raise NotImplementedError

    def save_instance(self):
        instance = self.save_with_service(self.form.instance)  # type: ignore[attr-defined]
        log(
            instance=instance,
            action=self.log_action_name,
            user=self.request.user,  # type: ignore[attr-defined]
            content_changed=True,
            title=log_title(instance),
        )
        return instance

    def form_valid(self, form):
        try:
            return super().form_valid(form)  # type: ignore[misc]
        except ValidationError as exc:
            form_add_service_errors(form, exc, self.error_aliases, self.error_fields_by_code())
            self.produced_error_code = "validation_error"
            self.produced_error_message = self.get_error_message()  # type: ignore[attr-defined]
            return self.form_invalid(form)  # type: ignore[attr-defined]
