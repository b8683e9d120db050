"""The search box of the resident and household listings: sent by POST, kept in the session.

Wagtail's own search box puts its query in the address (``?q=``) as the user types, so a
NIK or KK number typed there would reach the URL, the request log, the browser history
and the export links of the page. These listings take their search by POST instead and
keep it in the session: a name as typed, an identity number only as the rows it found
(never the number itself), with its masked form to show. The listing, its pages, its
filters and its exports all read the search from there, until the user clears it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpResponseRedirect
from django.utils.cache import patch_cache_control
from django.utils.functional import Promise, cached_property
from django.utils.translation import gettext_lazy as _

from ..forms import NoEchoInput
from ..nik import nik_mask

SESSION_KEY = "registry_listing_search"
#: Fewer digits than this are part of a name or an address number, not an identity number.
MIN_IDENTITY_DIGITS = 6


@dataclass(frozen=True)
class ListingSearch:
    """What a listing is searched for: ``kind`` is "name" (``text``) or "number" (the
    ``pks`` an identity number found when it was searched, and its masked ``label``)."""

    kind: str
    label: str
    text: str = ""
    pks: list[int] = field(default_factory=list)


class ListingSearchForm(forms.Form):
    """One box: a name, or a NIK or KK number (16 digits, spaces allowed)."""

    q = forms.CharField(
        label=_("Cari di daftar ini"),
        max_length=100,
        strip=True,
        # An identity number typed here is never sent back in the page.
        widget=NoEchoInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def __init__(self, *args, placeholder: str | Promise = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs["placeholder"] = placeholder

    def clean_q(self) -> str:
        value = self.cleaned_data["q"]
        if "\x00" in value:
            raise ValidationError(_("Pencarian berisi karakter yang tidak diizinkan."))
        digits = "".join(value.split())
        if digits.isascii() and digits.isdigit() and len(digits) >= MIN_IDENTITY_DIGITS:
            if len(digits) != 16:
                raise ValidationError(
                    _("NIK dan nomor KK terdiri dari 16 digit: ketik lengkap, tanpa huruf.")
                )
            return digits
        return value

    @property
    def is_number(self) -> bool:
        value = self.cleaned_data["q"]
        return len(value) == 16 and value.isascii() and value.isdigit()


class SessionSearchMixin:
    """For a Wagtail ``IndexView``: the search comes from the session (see the module).

    Subclasses say how a name and a 16-digit number find rows: ``search_by_name`` and
    ``search_by_number`` take the scoped queryset and return it filtered.
    """

    search_fields = None  # no Wagtail search box (``?q=``) on this listing
    search_placeholder: str | Promise = ""

    def search_by_name(self, queryset: QuerySet, text: str) -> QuerySet:
        raise NotImplementedError

    def search_by_number(self, queryset: QuerySet, number: str) -> QuerySet:
        raise NotImplementedError

    @property
    def search_session_key(self) -> str:
        return f"{SESSION_KEY}:{self.model._meta.label_lower}"  # type: ignore[attr-defined]

    @cached_property
    def listing_search(self) -> ListingSearch | None:
        stored = self.request.session.get(self.search_session_key)  # type: ignore[attr-defined]
        if not isinstance(stored, dict):
            return None
        try:
            return ListingSearch(**stored)
        except TypeError:
            return None

    @cached_property
    def listing_search_form(self) -> ListingSearchForm:
        request = self.request  # type: ignore[attr-defined]
        data = request.POST if request.method == "POST" and "clear" not in request.POST else None
        return ListingSearchForm(data, placeholder=self.search_placeholder)

    def post(self, request, *args, **kwargs):
        if "clear" in request.POST:
            request.session.pop(self.search_session_key, None)
            return HttpResponseRedirect(request.get_full_path())
        form = self.listing_search_form
        if not form.is_valid():
            response = self.get(request, *args, **kwargs)  # type: ignore[attr-defined]
            patch_cache_control(response, no_store=True)
            return response
        value = form.cleaned_data["q"]
        if form.is_number:
            found = self.search_by_number(self.get_base_queryset(), value)  # type: ignore[attr-defined]
            search = ListingSearch(
                kind="number", label=nik_mask(value), pks=list(found.values_list("pk", flat=True))
            )
        else:
            search = ListingSearch(kind="name", label=value, text=value)
        request.session[self.search_session_key] = asdict(search)
        if search.kind == "number" and not search.pks:
            messages.warning(request, _("Tidak ada data dengan nomor itu di desa Anda."))
        # Back to the listing by GET: the number stays out of the address and the history.
        return HttpResponseRedirect(request.get_full_path())

    def get_queryset(self):
        queryset = super().get_queryset()  # type: ignore[misc]
        search = self.listing_search
        if search is None:
            return queryset
        if search.kind == "number":
            return queryset.filter(pk__in=search.pks)
        return self.search_by_name(queryset, search.text)

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)  # type: ignore[misc]
        context["listing_search_form"] = self.listing_search_form
        context["listing_search"] = self.listing_search
        context["listing_search_url"] = self.request.get_full_path()  # type: ignore[attr-defined]
        return context
