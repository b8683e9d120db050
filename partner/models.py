"""Oscar's partner app, forked for the marketplace's purchase strategy (``strategy.py``) and
for stock that cannot be oversold.

Oscar's ``StockRecord.allocate`` adds to ``num_allocated`` with one unconditional
``UPDATE``: two buyers of the last unit both get it. Here the update only happens while
enough stock is free, and the database refuses any row with more allocated than in stock
(``partner_stock_allocated_within_stock``), whatever code writes it.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from oscar.apps.partner.abstract_models import AbstractStockRecord


class OutOfStock(Exception):
    """Fewer units are free than a buyer asked for ("stok habis")."""

    def __init__(self, stockrecord, quantity: int):
        self.stockrecord = stockrecord
        self.quantity = quantity
        super().__init__(_("Stok habis: %(product)s") % {"product": stockrecord.product})


class StockRecord(AbstractStockRecord):
    class Meta(AbstractStockRecord.Meta):
        constraints = [
            models.CheckConstraint(
                condition=Q(num_allocated__isnull=True)
                | Q(num_in_stock__isnull=True)
                | Q(num_allocated__lte=F("num_in_stock")),
                name="partner_stock_allocated_within_stock",
            ),
        ]

    def allocate(self, quantity):
        """Allocate ``quantity`` units if that many are free, in one conditional ``UPDATE``.

        Raises ``OutOfStock`` when they are not (nothing is written): the caller's
        transaction decides what else to undo. Safe under concurrency: the database
        re-checks the condition on the row it locks for the update.
        """
        if not self.can_track_allocations:
            return
        if quantity <= 0:
            raise ValueError("quantity must be positive")
        self.pre_save_signal()
        updated = (
            type(self)
            .objects.filter(
                pk=self.pk,
                num_in_stock__gte=Coalesce(F("num_allocated"), 0) + quantity,
            )
            .update(num_allocated=Coalesce(F("num_allocated"), 0) + quantity)
        )
        if not updated:
            raise OutOfStock(self, quantity)
        self.refresh_from_db(fields=["num_allocated", "num_in_stock"])
        self.post_save_signal()

    allocate.alters_data = True  # type: ignore[attr-defined]


from oscar.apps.partner.models import *  # noqa: E402,F401,F403
