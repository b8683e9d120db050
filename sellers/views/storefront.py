from django.shortcuts import get_object_or_404
from django.views.generic import ListView

from catalogue.listing import ListingPaginationMixin

from .. import selectors


class ShopListView(ListingPaginationMixin, ListView):
    """The seller directory at /shops/."""

    template_name = "sellers/shop_list.html"
    context_object_name = "shops"

    def get_queryset(self):
        return selectors.shops_listed()


class ShopDetailView(ListingPaginationMixin, ListView):
    """A storefront at /shops/<slug>/: the shop and its products, paginated."""

    template_name = "sellers/shop_detail.html"
    context_object_name = "products"

    def get_queryset(self):
        self.shop = get_object_or_404(
            selectors.Seller.objects.select_related("partner", "village__district"),
            slug=self.kwargs["slug"],
        )
        return selectors.products_for_shop(shop=self.shop)

    def get_context_data(self, **kwargs):
        return super().get_context_data(shop=self.shop, **kwargs)
