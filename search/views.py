"""Browse and search views that Oscar's catalogue and search URLs load by name, the
suggestions as you type, and the shared listing machinery of every product listing
(``/catalogue/``, category pages, ``/search/``, storefronts).

A listing page asks ``search.selectors.listing`` once (cached for every visitor alike)
and renders cards from its hits: no per-card query and no per-card work in templates.
"""

from __future__ import annotations

from functools import partial
from urllib.parse import unquote, urlencode

from django.conf import settings
from django.http import Http404, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView
from oscar.apps.search.signals import user_search
from oscar.core.loading import get_model

from marketplace.pagecache import PageCacheMixin, shared_page_cache

from .backends import FACETS, Query, backend
from .forms import SORT_LABELS, SearchForm
from .indexing import version
from .selectors import FACET_LABELS, listing, listing_key

Category = get_model("catalogue", "Category")

#: A page number beyond this shows the last page that exists (no unbounded offsets).
MAX_PAGE = 1000
#: Stands for the visitor's CSRF token in cached product cards; filled in per response.
#: Text the autoescaping of any user text can never produce (its "<" would be "&lt;").
CARD_CSRF = mark_safe("<card-csrf-token>")


def card_tokens_fill(response):
    """Put the visitor's CSRF token where cached cards hold ``CARD_CSRF`` (a post-render
    callback of every page that shows product cards)."""
    from django.middleware.csrf import get_token

    marker = CARD_CSRF.encode()
    if marker in response.content:
        response.card_token = get_token(response._request)
        response.content = response.content.replace(marker, response.card_token.encode())
    return response


def with_card_tokens(request, response):
    if hasattr(response, "add_post_render_callback"):
        response._request = request
        response.add_post_render_callback(card_tokens_fill)
    return response


class Page:
    """What Oscar's pagination template reads of a page (``page_obj``, ``paginator``)."""

    def __init__(self, number: int, per_page: int, count: int):
        self.number = number
        self.count = count
        self.num_pages = max(1, -(-count // per_page))
        self.paginator = self

    def has_previous(self) -> bool:
        return self.number > 1

    def has_next(self) -> bool:
        return self.number < self.num_pages

    def has_other_pages(self) -> bool:
        return self.num_pages > 1

    def previous_page_number(self) -> int:
        return self.number - 1

    def next_page_number(self) -> int:
        return self.number + 1


class ListingView(PageCacheMixin, TemplateView):
    """A page of product cards with facets, sorts and pages, from the search backend.

    Shared by every visitor, with holes for what is their own (``marketplace.pagecache``),
    after a subclass's own checks (a category's address, a shop's existence) in its ``get``.
    """

    @shared_page_cache("listing", params=(*FACETS, "q", "sort_by", "page"))
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def render_to_response(self, context, **kwargs):
        return with_card_tokens(self.request, super().render_to_response(context, **kwargs))

    #: The page's own category (category pages) and seller (storefronts).
    category = None
    facets = True
    hidden_facets: tuple[str, ...] = ()

    def listing_query(self, form: SearchForm, *, page: int, per_page: int) -> Query:
        filters = tuple((n, v) for n, v in form.filters if n not in self.hidden_facets)
        return Query(
            terms=form.terms,
            category=self.category.pk if self.category is not None else None,
            filters=filters + self.fixed_filters(),
            sort=form.sort or ("relevancy" if form.terms else "newest"),
            offset=(page - 1) * per_page,
            limit=per_page,
            facets=self.facets,
        )

    def fixed_filters(self) -> tuple[tuple[str, str], ...]:
        return ()

    def page_number(self) -> int | str:
        raw = str(self.request.GET.get("page", "1"))
        if raw == "last":
            return "last"
        if raw.isascii() and raw.isdigit():
            return min(max(int(raw), 1), MAX_PAGE)
        return 1

    def get_context_data(self, **kwargs):
        form = SearchForm(self.request.GET or None)
        per_page = settings.OSCAR_PRODUCTS_PER_PAGE
        number = self.page_number()
        first = 1 if number == "last" else number
        current = version()
        query = self.listing_query(form, page=int(first), per_page=per_page)
        found = listing(query, index_version=current)
        page = Page(int(first), per_page, found.total)
        if number == "last" or (found.total and not found.hits):
            # Past the end: the last page, as for any listing.
            page = Page(page.num_pages, per_page, found.total)
            query = self.listing_query(form, page=page.number, per_page=per_page)
            found = listing(query, index_version=current)
        links = self._url()
        return super().get_context_data(
            # The rendered cards and facets are cached too (see card_tokens_fill): keyed by
            # the listing and by the parameters their links carry.
            listing_fragment=listing_key(query, index_version=current) + "|" + links,
            listing_version=current,
            card_csrf=CARD_CSRF,
            # Pagination links carry only what the listing understands (the cached cards
            # and links are shared by every visitor with the same listing).
            page_prefix=links + ("&" if links != "?" else ""),
            form=form,
            search_form=form,
            query=form.query,
            products=found.hits,
            listing=found,
            page_obj=page,
            paginator=page,
            is_paginated=page.num_pages > 1,
            corrected=" ".join(found.corrected),
            corrected_url=self._url(q=" ".join(found.corrected)) if found.corrected else "",
            facet_groups=self._facet_groups(form, found),
            active_filters=self._active(form, found),
            sort_labels=SORT_LABELS,
            **kwargs,
        )

    # --- links that work without JavaScript ---------------------------------------------

    def _url(self, **changes) -> str:
        params = self.request.GET.copy()
        params.pop("page", None)
        for name, value in changes.items():
            params.pop(name, None)
            if value:
                params[name] = value
        clean = [
            (key, value)
            for key, values in params.lists()
            for value in values
            if key in (*FACETS, "q", "sort_by")
        ]
        return "?" + urlencode(clean) if clean else "?"

    def _facet_groups(self, form: SearchForm, found) -> list[dict]:
        chosen = dict(form.filters)
        groups = []
        for name in FACETS:
            if name in self.hidden_facets or name in chosen:
                continue
            values = found.facets.get(name, [])
            if not values or (
                len(values) == 1
                and values[0][2] == found.total
                and name not in ("rating", "halal", "pickup")
            ):
                continue  # one choice that narrows nothing
            groups.append(
                {
                    "name": name,
                    "label": FACET_LABELS[name],
                    "options": [
                        {"label": label, "count": count, "url": self._url(**{name: value})}
                        for value, label, count in values[:12]
                    ],
                }
            )
        return groups

    def _active(self, form: SearchForm, found) -> list[dict]:
        labels = {
            name: {v: label for v, label, _c in values} for name, values in found.facets.items()
        }
        active = []
        for name, value in form.filters:
            if name in self.hidden_facets:
                continue
            label = labels.get(name, {}).get(value) or _label_of(name, value)
            active.append(
                {"facet": FACET_LABELS[name], "label": label, "url": self._url(**{name: ""})}
            )
        return active


def _label_of(name: str, value: str) -> str:
    from .selectors import _names
    from .text import PRICE_LABELS

    if name == "price":
        return str(PRICE_LABELS.get(value, value))
    if name == "rating":
        return _("Bintang 4 ke atas")
    if name == "halal":
        return _("Bersertifikat halal")
    if name == "pickup":
        return _("Bisa diambil di balai desa")
    model = {
        "category": "catalogue.Category",
        "district": "registry.District",
        "village": "registry.Village",
        "seller": "sellers.Seller",
    }[name]
    return _names(model, [value]).get(value, value)


class CatalogueView(ListingView):
    """All products, at /catalogue/."""

    template_name = "oscar/catalogue/browse.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(summary=gettext_lazy("Semua produk"), **kwargs)


class ProductCategoryView(ListingView):
    """A category and everything below it, at /catalogue/category/<slug>_<pk>/."""

    template_name = "oscar/catalogue/category.html"

    def get(self, request, *args, **kwargs):
        self.category = get_object_or_404(Category, pk=self.kwargs["pk"])
        if not (self.category.is_public or request.user.is_staff):
            raise Http404
        expected = self.category.get_absolute_url()
        if unquote(expected) != unquote(request.path):
            return HttpResponsePermanentRedirect(expected)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            category=self.category, summary=self.category.name, **kwargs
        )


class FacetedSearchView(ListingView):
    """Search results, at /search/?q=..."""

    template_name = "oscar/search/results.html"

    def get(self, request, *args, **kwargs):
        user_search.send(
            sender=self,
            session=request.session,
            user=request.user,
            # What the search used (cut and cleaned), not the raw text: Oscar keeps it in a
            # column of 255 characters.
            query=SearchForm(request.GET).query,
        )
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Called by the template only when the cached results are rendered afresh.
        context["learning_pages"] = partial(learning_pages, context["query"])
        return context


def learning_pages(query: str, limit: int = 3) -> list:
    """Live learning-centre pages matching ``query`` (Wagtail's search)."""
    if not query:
        return []
    from wagtail.models import Page as WagtailPage

    from cms.models import LearningIndexPage

    centre = LearningIndexPage.objects.live().first()
    if centre is None:
        return []
    try:
        return list(WagtailPage.objects.live().public().descendant_of(centre).search(query)[:limit])
    except Exception:  # a search backend hiccup must not take the product results down
        return []


class SuggestView(View):
    """Suggestions as you type: ``/search/suggest/?q=`` → JSON products, categories, shops."""

    def get(self, request):
        from django.core.cache import cache

        from .indexing import version

        text = SearchForm(request.GET).query[:60]
        key = f"search:suggest:{version()}:{text.lower()}"
        data = cache.get(key)
        if data is None:
            found = backend().suggest(text) if len(text) >= 2 else None
            data = {
                "query": text,
                "products": found.products if found else [],
                "categories": found.categories if found else [],
                "shops": found.shops if found else [],
            }
            cache.set(key, data, 5 * 60)
        response = JsonResponse(data)
        response["Cache-Control"] = "public, max-age=60"
        return response
