"""Browse and search views that Oscar's catalogue and search URLs load by name."""

from urllib.parse import unquote

from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView
from oscar.apps.search.signals import user_search
from oscar.core.loading import get_model

from catalogue.listing import ListingPaginationMixin

from .forms import SearchForm
from .selectors import products_search

Category = get_model("catalogue", "Category")


class BaseSearchView(ListingPaginationMixin, ListView):
    context_object_name = "products"
    categories = None

    def get_form(self):
        self.form = SearchForm(self.request.GET or None)
        return self.form

    def get_queryset(self):
        form = self.get_form()
        return products_search(query=form.query, categories=self.categories, sort=form.sort)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            form=self.form, search_form=self.form, query=self.form.query, **kwargs
        )


class CatalogueView(BaseSearchView):
    """All products, at /catalogue/."""

    template_name = "oscar/catalogue/browse.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(summary=_("Semua produk"), **kwargs)


class ProductCategoryView(BaseSearchView):
    """A category and everything below it, at /catalogue/category/<slug>_<pk>/."""

    template_name = "oscar/catalogue/category.html"

    def get(self, request, *args, **kwargs):
        self.category = get_object_or_404(Category, pk=self.kwargs["pk"])
        if not (self.category.is_public or request.user.is_staff):
            raise Http404
        expected = self.category.get_absolute_url()
        if unquote(expected) != unquote(request.path):
            return HttpResponsePermanentRedirect(expected)
        self.categories = self.category.get_descendants_and_self()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            category=self.category, summary=self.category.name, **kwargs
        )


class FacetedSearchView(BaseSearchView):
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
