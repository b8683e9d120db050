"""Catalogue views that Oscar's catalogue app loads by name (``get_class("catalogue.views", ...)``).

Only the product page is ours; the others fall back to Oscar's module, which takes browsing
and categories from the ``search`` app.
"""

from oscar.apps.catalogue.views import ProductDetailView as OscarProductDetailView

from sellers.selectors import LISTED_MARK


class ProductDetailView(OscarProductDetailView):
    """A product page exists only while the product is listed: public, sold by an active
    seller, with the documents its category requires still valid. Staff may still look, as
    in Oscar (the purchase strategy still refuses to sell it)."""

    def is_viewable(self, product, request):
        if not hasattr(self, "_viewable"):
            from search.backends.database import listed

            # The maintained listing (one indexed row; the seller's status and the documents'
            # dates checked as it is read) instead of the listing rule's subqueries.
            is_listed = listed().filter(pk=product.pk).exists()
            if is_listed:
                setattr(product, LISTED_MARK, True)  # the purchase strategy need not ask again
            self._viewable = request.user.is_staff or (
                super().is_viewable(product, request) and is_listed
            )
        return self._viewable

    def get_context_data(self, **kwargs):
        from search.indexing import version

        # Parts of the page are cached under the index's version: a new price, stock or
        # edit of any product is an index write, which bumps it.
        return super().get_context_data(listing_version=version(), **kwargs)

    def redirect_if_necessary(self, current_path, product):
        # Oscar redirects to the right address before it checks; a hidden product's address
        # (its title) is not given away.
        if not self.is_viewable(product, self.request):
            return None
        return super().redirect_if_necessary(current_path, product)
