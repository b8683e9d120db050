"""Seller views: the storefront and directory (``storefront``), applying (``application``),
and the seller's own shop settings and documents (``shop_settings``)."""

from .application import ApplicationCreateView, ApplicationStatusView
from .shop_settings import DocumentAddView, DocumentFileView, ShopSettingsView
from .storefront import ShopDetailView, ShopListView

__all__ = [
    "ApplicationCreateView",
    "ApplicationStatusView",
    "DocumentAddView",
    "DocumentFileView",
    "ShopDetailView",
    "ShopListView",
    "ShopSettingsView",
]
