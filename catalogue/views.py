"""Catalogue views that Oscar's catalogue app loads by name (``get_class("catalogue.views", ...)``).

Only the product page is ours; the others fall back to Oscar's module, which takes browsing
and categories from the ``search`` app.
"""

from oscar.apps.catalogue.views import ProductDetailView as OscarProductDetailView

from sellers.selectors import product_is_listed


class ProductDetailView(OscarProductDetailView):
    """A product page exists only while the product is listed: public, sold by an active
    seller, with the documents its category requires still valid. Staff may still look, as
    in Oscar (the purchase strategy still refuses to sell it)."""

    def is_viewable(self, product, request):
        if not hasattr(self, "_viewable"):
            self._viewable = request.user.is_staff or (
                super().is_viewable(product, request) and product_is_listed(product=product)
            )
        return self._viewable

    def redirect_if_necessary(self, current_path, product):
        # Oscar redirects to the right address before it checks; a hidden product's address
        # (its title) is not given away.
        if not self.is_viewable(product, self.request):
            return None
        return super().redirect_if_necessary(current_path, product)
