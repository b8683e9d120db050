import oscar.apps.dashboard.orders.apps as apps


class OrdersDashboardConfig(apps.OrdersDashboardConfig):
    """Oscar's order dashboard, where a seller sees only their own lines of each order.

    Sellers (``partner.dashboard_access``) reach the order list, an order's page and a line's
    page, all narrowed to their own lines (``views.py``). Order statistics, order notes and
    the delivery address form act on the whole order and stay staff-only.
    """

    name = "dashboard.orders"

    #: Views that act on the whole order: staff (or holders of Oscar's order permissions) only.
    STAFF_ONLY = ("order-stats", "order-detail-note", "order-shipping-address")

    def configure_permissions(self):
        super().configure_permissions()
        from oscar.core.loading import get_class

        DashboardPermission = get_class("dashboard.permissions", "DashboardPermission")
        for name in self.STAFF_ONLY:
            permissions = self.permissions_map[name]
            self.permissions_map[name] = [
                perm
                for group in permissions
                if group != DashboardPermission.partner_dashboard_access
                for perm in group
            ]
        # A transfer receipt the buyer uploaded: the order's seller (and staff) see it.
        self.permissions_map["order-transfer-receipt"] = (
            DashboardPermission.get("order", "view_order"),
            DashboardPermission.partner_dashboard_access,
        )

    def get_urls(self):
        from django.urls import path

        from .views import TransferReceiptView

        urls = [
            path(
                "<str:number>/transfer-receipts/<int:receipt_pk>/",
                TransferReceiptView.as_view(),
                name="order-transfer-receipt",
            )
        ]
        return self.post_process_urls(urls) + super().get_urls()
