from django.utils.translation import gettext_lazy as _
from oscar.apps.catalogue.reviews import apps


class CatalogueReviewsConfig(apps.CatalogueReviewsConfig):
    """Oscar's reviews, forked: buyers review from their completed order
    (``catalogue.reviews.views``), so Oscar's "add a review" and voting pages are gone;
    the list and detail pages show only reviews that are not hidden."""

    name = "catalogue.reviews"
    verbose_name = _("Ulasan")

    def get_urls(self):
        from django.urls import path

        urls = [
            path("<int:pk>/", self.detail_view.as_view(), name="reviews-detail"),
            path("", self.list_view.as_view(), name="reviews-list"),
        ]
        return self.post_process_urls(urls)
