"""Fixes for bugs in Django, Oscar and Wagtail that let bad input cause a server error.

Each fix is for one mechanism many views share, so that no view needs its own guard. They
are applied once, when the apps are ready (``SecurityConfig.ready``); each has a
regression test in ``tests/security/test_upstream_fixes.py``, and the walk in
``tests/security/test_no_server_errors.py`` finds any that is still missing.

- ``IntegerFieldIn``: ``filter(pk__in=[99999999999999999999])`` fails on SQLite (the value
  does not fit its integer); Django already answers "no rows" for ``exact``, ``lt`` and the
  like, not for ``in``. Used by every form's ``ModelMultipleChoiceField`` (Wagtail's group
  permissions, the seller's photo removal) and every bulk action. Registered as a lookup,
  Django's public way to change one.
- ``ids_parse`` for Oscar's bulk actions (``BulkEditMixin``: orders, users,
  notifications, ...), which pass the posted ids to ``filter(pk__in=...)`` as they come:
  ``selected_order=abc`` was a server error.
- Wagtail's choosers (page, document, image, task, ... widgets) and Oscar's remote select
  (the dashboard's product and category pickers) look up the chosen ids as posted when a
  form is shown again with errors: a non-number was a server error.
- Wagtail's chooser widgets (page, document, image, snippet, task) start themselves with
  an inline ``<script>``, which the Content-Security-Policy forbids: they leave a marker
  for ``static/js/csp-init.js`` instead (not a server error, but a broken page).
- Wagtail's admin search box takes a term of any length, and its search backends build
  one nested condition per word: a few thousand words exceeded Python's recursion limit.
  The term is limited to ``SEARCH_TERM_MAX`` characters (a longer one is an invalid
  search, which the listings treat as no search).
- django-tables2 (Oscar's dashboard lists) takes ``per_page`` from the address as it is:
  ``per_page=-1`` made its paginator fail. A ``per_page`` that is not 1 to
  ``PER_PAGE_MAX`` is ignored.
- Wagtail's workflow page turns its list of pages with ``int(?p=)`` and
  ``Paginator.page()``: ``p=abc`` or ``p=-1`` was a server error; it turns them like every
  other list, with ``Paginator.get_page()``.
- Wagtail's redirect import reads its signed hidden fields even when they failed
  validation (a ``KeyError`` for a missing one); it now reports them as the tampering they
  are.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import IntegerField
from django.db.models.lookups import In

#: The longest search term the back office takes.
SEARCH_TERM_MAX = 255
#: The most rows a dashboard list shows on a page.
PER_PAGE_MAX = 500
#: The largest id a database integer (PostgreSQL's bigint) holds.
ID_MAX = 2**63 - 1


def ids_parse(values: Iterable[object]) -> list[int]:
    """The values that are ids (ASCII digits, 1 to ``ID_MAX``), as integers, in order;
    anything else (text, signs, spaces inside, huge numbers) is left out."""
    ids: list[int] = []
    for value in values:
        text = str(value).strip()
        if text.isascii() and text.isdigit() and 0 < int(text) <= ID_MAX:
            ids.append(int(text))
    return ids


class IntegerFieldIn(In):
    """``in`` on an integer column, leaving out values the column cannot hold (they can
    match no row), as Django's ``exact`` does with ``IntegerFieldOverflow``."""

    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            low, high = connection.ops.integer_field_range(
                self.lhs.output_field.get_internal_type()
            )
            self.rhs = [
                value
                for value in self.rhs
                if not isinstance(value, int)
                or ((low is None or value >= low) and (high is None or value <= high))
            ]
        return super().process_rhs(compiler, connection)


def _oscar_bulk_ids() -> None:
    from oscar.views.generic import BulkEditMixin

    def get_selected_ids(self, request):
        if request.POST.get(self.select_across_param, "").lower() == "1":
            return list(self.get_select_across_queryset().values_list("pk", flat=True))
        posted = ids_parse(request.POST.getlist(f"selected_{self.get_checkbox_object_name()}"))
        return list(self.get_queryset().filter(pk__in=posted).values_list("pk", flat=True))

    get_selected_ids.__doc__ = BulkEditMixin.get_selected_ids.__doc__
    BulkEditMixin.get_selected_ids = get_selected_ids


def _wagtail_chooser_ids() -> None:
    from wagtail.admin.widgets.chooser import BaseChooser

    original = BaseChooser.get_instance
    if getattr(original, "ids_checked", False):
        return

    def get_instance(self, value):
        if (
            value is not None
            and not isinstance(value, self.model_class)
            and isinstance(self.model_class._meta.pk, IntegerField)
            and not ids_parse([value])
        ):
            return None
        return original(self, value)

    get_instance.__doc__ = original.__doc__
    get_instance.ids_checked = True  # type: ignore[attr-defined]
    BaseChooser.get_instance = get_instance


def _wagtail_search_term_length() -> None:
    from django.core.validators import MaxLengthValidator
    from wagtail.admin.forms.search import SearchForm

    term = SearchForm.base_fields["q"]
    if term.max_length is None:
        term.max_length = SEARCH_TERM_MAX
        term.validators.append(MaxLengthValidator(SEARCH_TERM_MAX))


def _wagtail_chooser_without_inline_script() -> None:
    import json

    from django.utils.html import format_html
    from django.utils.safestring import mark_safe
    from wagtail.admin.widgets.chooser import BaseChooser

    if getattr(BaseChooser.render, "marker_only", False):
        return

    def render(self, name, value, attrs=None, renderer=None):
        try:
            id_ = attrs["id"]
        except (KeyError, TypeError) as e:
            raise TypeError("BaseChooser cannot be rendered without an 'id' attribute") from e
        value_data = self.get_value_data(value)
        widget_html = self.render_html(name, value_data, attrs)
        if type(self).render_js_init is not BaseChooser.render_js_init:
            # A chooser with its own starter (the workflow task chooser) is started by name.
            marker = format_html(
                '<span hidden data-km-init="{}" data-id="{}"></span>',
                type(self).__name__,
                id_,
            )
        else:
            marker = format_html(
                '<span hidden data-km-init="chooser" data-constructor="{}" data-id="{}" '
                'data-options="{}"></span>',
                self.js_constructor,
                id_,
                json.dumps(self.get_js_init_options(id_, name, value_data)),
            )
        return mark_safe(widget_html + marker)  # noqa: S308 - both parts are escaped HTML

    render.marker_only = True  # type: ignore[attr-defined]
    BaseChooser.render = render


def _oscar_remote_select_ids() -> None:
    from django.forms.models import ModelChoiceIterator
    from oscar.forms.widgets import RemoteSelect

    original = RemoteSelect.optgroups
    if getattr(original, "ids_checked", False):
        return

    def optgroups(self, name, value, attrs=None):
        if isinstance(self.choices, ModelChoiceIterator) and isinstance(
            self.choices.queryset.model._meta.pk, IntegerField
        ):
            value = [str(pk) for pk in ids_parse(value)]
        return original(self, name, value, attrs)

    optgroups.ids_checked = True  # type: ignore[attr-defined]
    RemoteSelect.optgroups = optgroups


def _tables_per_page() -> None:
    from django_tables2.config import RequestConfig

    original = RequestConfig.configure
    if getattr(original, "per_page_checked", False):
        return

    def configure(self, table):
        name = table.prefixed_per_page_field
        value = self.request.GET.get(name)
        if value is not None and not (ids_parse([value]) and int(value) <= PER_PAGE_MAX):
            query = self.request.GET.copy()
            del query[name]
            self.request.GET = query
        return original(self, table)

    configure.per_page_checked = True  # type: ignore[attr-defined]
    RequestConfig.configure = configure


def _wagtail_workflow_pages() -> None:
    from django.core.paginator import Paginator
    from wagtail.admin.views.workflows import Edit
    from wagtail.models import Page

    if getattr(Edit.get_paginated_pages, "forgiving", False):
        return

    def get_paginated_pages(self):
        pages = Page.objects.filter(workflowpage__workflow=self.get_object())
        pages.paginator = Paginator(pages, self.MAX_PAGES)
        return pages.paginator.get_page(self.request.GET.get("p", 1))

    get_paginated_pages.forgiving = True  # type: ignore[attr-defined]
    Edit.get_paginated_pages = get_paginated_pages


def _wagtail_redirect_import_form() -> None:
    from django import forms
    from django.core.signing import BadSignature
    from wagtail.contrib.redirects.forms import ConfirmImportManagementForm

    if getattr(ConfirmImportManagementForm.clean, "fields_checked", False):
        return

    def clean(self):
        cleaned_data = forms.Form.clean(self)
        for key in ("import_file_name", "input_format"):
            if key not in cleaned_data:
                continue  # its own error is already on the form
            try:
                cleaned_data[key] = self.signer.unsign(cleaned_data[key])
            except BadSignature as e:
                raise forms.ValidationError(e.message) from e
        return cleaned_data

    clean.fields_checked = True  # type: ignore[attr-defined]
    ConfirmImportManagementForm.clean = clean


def fixes_apply() -> None:
    """Apply every fix; safe to call more than once."""
    if IntegerField.get_class_lookups().get("in") is not IntegerFieldIn:
        IntegerField.register_lookup(IntegerFieldIn)
    _oscar_bulk_ids()
    _wagtail_chooser_ids()
    _oscar_remote_select_ids()
    _wagtail_chooser_without_inline_script()
    _wagtail_search_term_length()
    _tables_per_page()
    _wagtail_redirect_import_form()
    _wagtail_workflow_pages()
