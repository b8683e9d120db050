"""The dashboard's home page: Oscar's for staff, the shop's own figures for a seller."""

from __future__ import annotations

from oscar.apps.dashboard import views

from .access import SellerScopeMixin
from .selectors import seller_dashboard_stats


class IndexView(SellerScopeMixin, views.IndexView):
    def get_template_names(self):
        if self.is_seller:
            return ["oscar/dashboard/index_seller.html"]
        return super().get_template_names()

    def get_stats(self):
        if self.is_seller:
            # Oscar's non-staff figures sum whole orders, other shops' lines included.
            return {"seller": self.seller, **seller_dashboard_stats(seller=self.seller)}
        return super().get_stats()
