"""Who sees what in the dashboard: staff see everything, a seller only their own shop.

Oscar's permission map lets a seller (``partner.dashboard_access``) into a view; the
forked views then ask ``SellerScopeMixin`` whose shop it is and narrow every query to it.
A non-staff user with dashboard access but no shop has nothing to see and is refused.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from sellers.models import Seller

from .selectors import seller_for_dashboard


def dashboard_seller(request) -> Seller | None:
    """The shop the request acts for: ``None`` for staff (who see everything).

    Raises ``PermissionDenied`` for a non-staff user who has no shop.
    """
    if request.user.is_staff:
        return None
    if not hasattr(request, "_dashboard_seller"):
        request._dashboard_seller = seller_for_dashboard(request.user)
    if request._dashboard_seller is None:
        raise PermissionDenied(_("Dasbor ini hanya untuk penjual yang tokonya sudah disetujui."))
    return request._dashboard_seller


class SellerScopeMixin:
    """Sets ``self.seller``: the request's shop, or ``None`` for staff."""

    seller: Seller | None = None

    def dispatch(self, request, *args, **kwargs):
        self.seller = dashboard_seller(request)
        return super().dispatch(request, *args, **kwargs)

    @property
    def is_seller(self) -> bool:
        return self.seller is not None
