"""Catalogue views that Oscar's catalogue app loads by name (``get_class("catalogue.views", ...)``).

Only the product page is ours; the others fall back to Oscar's module, which takes browsing
and categories from the ``search`` app.
"""

from django.utils.functional import SimpleLazyObject
from oscar.apps.catalogue.views import ProductDetailView as OscarProductDetailView
from oscar.apps.customer.history import CustomerHistoryManager
from oscar.core.loading import get_model

from marketplace.pagecache import PageCacheMixin, shared_page_cache
from sellers.selectors import LISTED_MARK

Product = get_model("catalogue", "Product")


def _viewed(view, request, response, **kwargs):
    """A shared product page still goes on the visitor's "recently viewed" list (what
    Oscar's product_viewed signal does for a rendered one; only the id is needed)."""
    CustomerHistoryManager.update(Product(pk=int(kwargs["pk"])), request, response)


def _form_returned(request, **kwargs) -> bool:
    """A visitor whose add-to-basket form came back with errors sees their own input."""
    return f"add_to_basket_form_post_data_{kwargs['pk']}" in request.session


class ProductDetailView(PageCacheMixin, OscarProductDetailView):
    """A product page exists only while the product is listed: public, sold by an active
    seller, with the documents its category requires still valid. Staff may still look, as
    in Oscar (the purchase strategy still refuses to sell it)."""

    @shared_page_cache("product", params=(), personal=_form_returned, served=_viewed)
    def get(self, request, *args, **kwargs):
        # The shared page (marketplace.pagecache), rendered when the product's existence,
        # address and listing were checked as usual; its key (the index's version and the
        # day) retires it when any of those change.
        return super().get(request, *args, **kwargs)

    def get_alert_status(self):
        # Asked only where the page draws the stock-alert form in place (not shared).
        return SimpleLazyObject(super().get_alert_status)

    def render_to_response(self, context, **kwargs):
        from search.views import with_card_tokens

        return with_card_tokens(self.request, super().render_to_response(context, **kwargs))

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
