import oscar.apps.dashboard.reviews.apps as apps


class ReviewsDashboardConfig(apps.ReviewsDashboardConfig):
    """Staff's reviews page (``dashboard:reviews-list``): product and shop reviews, hidden
    and shown again with a reason through ``catalogue.reviews.services`` (Oscar's own
    status edits would skip the reason and the recount, so they are gone)."""

    name = "dashboard.reviews"

    def configure_permissions(self):
        super().configure_permissions()
        from oscar.core.loading import get_class

        DashboardPermission = get_class("dashboard.permissions", "DashboardPermission")
        for name in (
            "reviews-product-hide",
            "reviews-shop-hide",
            "reviews-product-show",
            "reviews-shop-show",
        ):
            self.permissions_map[name] = DashboardPermission.get(
                "reviews", "view_productreview", "change_productreview"
            )

    def get_urls(self):
        from django.urls import path

        from .views import ReviewHideView, ReviewShowView, StaffReviewListView
        from .views import urls as actions

        urls = [
            path("", StaffReviewListView.as_view(), name="reviews-list"),
            *actions("reviews", "hide", ReviewHideView),
            *actions("reviews", "show", ReviewShowView),
        ]
        return self.post_process_urls(urls)
