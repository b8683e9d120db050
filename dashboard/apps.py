import oscar.apps.dashboard.apps as apps

#: The shop settings pages (``dashboard.shop_settings``): for sellers, and for staff only so
#: that they get a plain 404 (they have no shop) rather than a refusal.
SHOP_SETTINGS_URL_NAMES = (
    "shop-settings-payment",
    "shop-settings-shipping",
    "shop-reviews",
    "shop-review-product-reply",
    "shop-review-shop-reply",
)


class DashboardConfig(apps.DashboardConfig):
    name = "dashboard"

    def configure_permissions(self):
        super().configure_permissions()
        from oscar.core.loading import get_class

        DashboardPermission = get_class("dashboard.permissions", "DashboardPermission")
        for name in SHOP_SETTINGS_URL_NAMES:
            self.permissions_map[name] = (
                DashboardPermission.staff,
                DashboardPermission.partner_dashboard_access,
            )

    def get_urls(self):
        from django.urls import path

        from .reviews.views import ReviewReplyView, ShopReviewsView
        from .reviews.views import urls as review_actions
        from .shop_settings.views import PaymentSettingsView, ShippingSettingsView

        urls = [
            path("shop-reviews/", ShopReviewsView.as_view(), name="shop-reviews"),
            *[
                path(f"shop-reviews/{route.pattern}", route.callback, name=route.name)
                for route in review_actions("shop-review", "reply", ReviewReplyView)
            ],
            path(
                "shop-settings/payment/",
                PaymentSettingsView.as_view(),
                name="shop-settings-payment",
            ),
            path(
                "shop-settings/shipping/",
                ShippingSettingsView.as_view(),
                name="shop-settings-shipping",
            ),
        ]
        return self.post_process_urls(urls) + super().get_urls()
