"""Seller views: the storefront and directory (``storefront``), and applying (``application``)."""

from .storefront import ShopDetailView, ShopListView

__all__ = ["ShopDetailView", "ShopListView"]
