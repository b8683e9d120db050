import oscar.apps.dashboard.catalogue.apps as apps


class CatalogueDashboardConfig(apps.CatalogueDashboardConfig):
    """Oscar's catalogue dashboard, where a seller manages only the products of their own shop.

    Sellers (``partner.dashboard_access``) reach the product pages and their own stock
    alerts; categories, product types, options and attribute groups stay staff-only. The
    views themselves narrow every query to the seller's own products (``views.py``).
    """

    name = "dashboard.catalogue"

    def configure_permissions(self):
        super().configure_permissions()
        from oscar.core.loading import get_class

        DashboardPermission = get_class("dashboard.permissions", "DashboardPermission")
        self.permissions_map["stock-alert-list"] = (
            DashboardPermission.get("partner", "view_stockalert"),
            DashboardPermission.partner_dashboard_access,
        )
        # Bulk product import (``importing.py``): who may create products may import them.
        for name in (
            "catalogue-product-import",
            "catalogue-product-import-template-csv",
            "catalogue-product-import-template-xlsx",
        ):
            self.permissions_map[name] = (
                DashboardPermission.get(
                    "catalogue", "view_product", "add_product", "change_product"
                ),
                DashboardPermission.partner_dashboard_access,
            )

    def get_urls(self):
        from django.urls import path

        from .importing import ProductImportTemplateView, ProductImportView

        urls = [
            path(
                "products/import/",
                ProductImportView.as_view(),
                name="catalogue-product-import",
            ),
            path(
                "products/import/templat.csv",
                ProductImportTemplateView.as_view(file_format="csv"),
                name="catalogue-product-import-template-csv",
            ),
            path(
                "products/import/templat.xlsx",
                ProductImportTemplateView.as_view(file_format="xlsx"),
                name="catalogue-product-import-template-xlsx",
            ),
        ]
        return self.post_process_urls(urls) + super().get_urls()
