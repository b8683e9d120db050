import oscar.apps.customer.apps as apps


class CustomerConfig(apps.CustomerConfig):
    """Oscar's buyer account pages; ``views.py`` holds what differs."""

    name = "customer"

    def get_urls(self):
        """Oscar's account pages, without the wish lists when they are a hidden feature
        (``OSCAR_HIDDEN_FEATURES``): Oscar hides the wish-list app, not these pages."""
        from django.urls import path
        from oscar.core.loading import feature_hidden

        from catalogue.reviews.views import OrderReviewView

        urls = [
            # Reviews are written from the completed order (catalogue.reviews.views).
            path(
                "orders/<str:order_number>/review/",
                OrderReviewView.as_view(),
                name="order-review",
            ),
            *super().get_urls(),
        ]
        if not feature_hidden("wishlists"):
            return urls
        return [
            url for url in urls if not str(getattr(url, "name", "") or "").startswith("wishlists")
        ]
