"""The sellers' back office in the Wagtail admin: the "Penjual" menu group.

The permission policies are registered first, before any view asks for them: applications
are scoped to the villages the user keeps (all for district staff); sellers are for
district staff only.
"""

from wagtail import hooks
from wagtail.permissions import register_permission_policy

from .backoffice.permissions import application_policy, seller_policy
from .models import Seller, SellerApplication

register_permission_policy(SellerApplication, application_policy())
register_permission_policy(Seller, seller_policy())


@hooks.register("register_admin_viewset")
def register_sellers_viewsets():
    from .backoffice.viewsets import SellersViewSetGroup

    return SellersViewSetGroup()
