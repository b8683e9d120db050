"""The dashboard's menu: Oscar's (``OSCAR_DASHBOARD_NAVIGATION``), and for a seller also
"Pengaturan toko" (payments and shipping of their own shop), which nobody else has."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from oscar.apps.dashboard import menu

from .selectors import seller_for_dashboard

_CACHE = "_dashboard_menu_has_shop"


def user_has_shop(user, url_name=None, url_args=None, url_kwargs=None) -> bool:
    """A menu ``access_fn``: the user has a shop of their own (cached on the user)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if not hasattr(user, _CACHE):
        setattr(user, _CACHE, seller_for_dashboard(user) is not None)
    return getattr(user, _CACHE)


def shop_settings_navigation() -> list[dict]:
    return [
        {
            "label": _("Pengaturan toko"),
            "icon": "fas fa-store",
            "access_fn": user_has_shop,
            "children": [
                {
                    "label": _("Pembayaran"),
                    "url_name": "dashboard:shop-settings-payment",
                    "access_fn": user_has_shop,
                },
                {
                    "label": _("Pengiriman"),
                    "url_name": "dashboard:shop-settings-shipping",
                    "access_fn": user_has_shop,
                },
                {
                    "label": _("Ulasan pembeli"),
                    "url_name": "dashboard:shop-reviews",
                    "access_fn": user_has_shop,
                },
            ],
        }
    ]


def get_nodes(user):
    """Oscar's visible menu for ``user``, then the shop's settings for a seller."""
    nodes = menu.get_nodes(user)
    for node in menu.create_menu(shop_settings_navigation()):
        visible = node.filter(user)
        if visible is not None and visible.has_children():
            nodes.append(visible)
    return nodes
