"""Pagination shared by every product and shop listing."""

from django.conf import settings
from django.http import Http404


class ListingPaginationMixin:
    """Pages of ``OSCAR_PRODUCTS_PER_PAGE``; a page number that is not a number shows the
    first page and one past the end shows the last, instead of a 404."""

    def get_paginate_by(self, queryset):
        return settings.OSCAR_PRODUCTS_PER_PAGE

    def paginate_queryset(self, queryset, page_size):
        page = self.kwargs.get(self.page_kwarg) or self.request.GET.get(self.page_kwarg) or 1
        if not (str(page).isascii() and str(page).isdigit()) and page != "last":
            self.kwargs[self.page_kwarg] = 1
        try:
            return super().paginate_queryset(queryset, page_size)
        except Http404:
            self.kwargs[self.page_kwarg] = "last"
            return super().paginate_queryset(queryset, page_size)
