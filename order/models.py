"""Oscar's order, one per seller: every order belongs to one seller and to the checkout
the buyer placed it in, with how it is paid and collected."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from oscar.apps.order.abstract_models import AbstractOrder, AbstractOrderStatusChange

from payments.methods import PaymentMethod

from . import statuses


class Order(AbstractOrder):
    checkout = models.ForeignKey(
        "checkout.Checkout",
        on_delete=models.PROTECT,
        related_name="orders",
        null=True,
        blank=True,
        verbose_name=_("checkout"),
    )
    seller = models.ForeignKey(
        "sellers.Seller",
        on_delete=models.PROTECT,
        related_name="orders",
        null=True,
        blank=True,
        verbose_name=_("penjual"),
    )
    payment_method = models.CharField(
        _("cara bayar"), max_length=16, choices=PaymentMethod.choices, blank=True
    )
    payment_deadline = models.DateTimeField(_("batas bayar"), null=True, blank=True)
    paid_at = models.DateTimeField(_("dibayar pada"), null=True, blank=True)
    #: When the order became "Selesai": reviews, complaints and statements count from it.
    completed_at = models.DateTimeField(_("selesai pada"), null=True, blank=True)
    #: Where the buyer collects (pickup at the seller or the village hall), as it was when
    #: the order was placed: a later change of address does not move an order.
    pickup_address = models.TextField(_("alamat pengambilan"), blank=True)
    pickup_hours = models.CharField(_("jam pengambilan"), max_length=200, blank=True)
    pickup_map_url = models.URLField(_("peta lokasi"), blank=True)
    cancel_reason = models.CharField(_("alasan batal"), max_length=255, blank=True)

    class Meta(AbstractOrder.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["checkout", "seller"], name="order_one_order_per_seller_per_checkout"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "payment_deadline"], name="order_unpaid_deadline_idx"),
        ]

    @property
    def status_label(self) -> str:
        return statuses.status_label(self.status)

    @property
    def shipping_label(self) -> str:
        """How the order reaches the buyer, in the reader's language (the stored
        ``shipping_method`` is in the site's)."""
        from shipping.methods import Fulfilment

        if self.shipping_code in Fulfilment.values:
            return str(Fulfilment(self.shipping_code).label)
        return self.shipping_method

    @property
    def is_pickup(self) -> bool:
        from shipping.methods import PICKUP

        return self.shipping_code in PICKUP

    @property
    def total_rupiah(self) -> int:
        return int(self.total_incl_tax)

    @property
    def shipping_rupiah(self) -> int:
        return int(self.shipping_incl_tax)


class OrderStatusChange(AbstractOrderStatusChange):
    """Who moved the order (a seller, the buyer, staff; nobody for the auto-cancel task)."""

    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("diubah oleh"),
    )
    note = models.CharField(_("catatan"), max_length=255, blank=True)

    @property
    def new_status_label(self) -> str:
        return statuses.status_label(self.new_status)


from oscar.apps.order.models import *  # noqa: E402,F401,F403
