"""What a buyer may buy, from which seller, at what price: the marketplace's purchase strategy.

Oscar's basket middleware loads ``partner.strategy.Selector`` (through ``get_class``) and asks
the strategy about every product card, product page, basket line and checkout. Two things
differ from Oscar's ``Default``:

- A product the site does not list (``sellers.selectors.products_listed``: not public, its
  seller suspended, or a document its category requires missing, unchecked or expired) is
  unavailable, so it cannot be added to a basket nor bought from one, even from an old link
  or a basket filled before the seller was suspended. The rule holds per seller: of a
  product two shops stock, a buyer buys only from a shop that itself may sell it.
- A basket line is priced and checked at its own stock record, the seller the buyer chose.
  Oscar's ``fetch_for_line`` ignores it and uses the product's first stock record, so a line
  from a second seller would be repriced at the first seller's price after a reload.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from oscar.apps.partner import availability
from oscar.apps.partner import strategy as oscar_strategy
from oscar.core.loading import get_model

from sellers.selectors import (
    LISTED_MARK,
    document_requirements,
    product_is_listed,
    stockrecords_selling,
)

Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")


class Unlisted(availability.Unavailable):
    """A product the site does not sell now (see the module docstring)."""

    code = "unlisted"
    message = _("Sedang tidak dijual")

    def is_purchase_permitted(self, quantity):
        return False, _("produk ini sedang tidak dijual")


class Marketplace(oscar_strategy.StockRequired, oscar_strategy.NoTax, oscar_strategy.Structured):
    """Stock required, prices without tax (PPN is not charged by village UMKM), a stock
    record of a seller who may sell the product preferred, and only listed products for sale.

    One instance serves one request: the listing rule is asked once per product, and the
    categories that require documents once per request.
    """

    def __init__(self, request=None):
        super().__init__(request)
        self._requirements: dict[str, list] | None = None
        self._listed: dict[int, bool] = {}
        self._selling: dict[int, bool] = {}

    def _document_requirements(self) -> dict[str, list]:
        if self._requirements is None:
            self._requirements = document_requirements()
        return self._requirements

    def is_listed(self, product) -> bool:
        if getattr(product, LISTED_MARK, False):
            return True
        if product.pk not in self._listed:
            self._listed[product.pk] = product_is_listed(
                product=product, requirements=self._document_requirements()
            )
        return self._listed[product.pk]

    def lines_prime(self, lines) -> None:
        """Learn in one query which of a basket's products are listed (the basket calls
        this when it reads its lines), instead of one query per line."""
        from sellers.selectors import products_listed

        pks = {line.product_id for line in lines} - set(self._listed)
        if not pks:
            return
        listed = set(
            products_listed(
                Product.objects.filter(pk__in=pks), requirements=self._document_requirements()
            ).values_list("pk", flat=True)
        )
        for pk in pks:
            self._listed[pk] = pk in listed

    def _sells(self, product, stockrecord) -> bool:
        """Whether a buyer may buy ``product`` from this stock record's seller: the product
        is listed, the seller active and holding the documents its category requires."""
        # A listed product with one stock record sells from it: no need to ask.
        if len(product.stockrecords.all()) == 1 and self.is_listed(product):
            return True
        if stockrecord.pk not in self._selling:
            self._selling[stockrecord.pk] = stockrecords_selling(
                StockRecord.objects.filter(pk=stockrecord.pk),
                requirements=self._document_requirements(),
            ).exists()
        return self._selling[stockrecord.pk]

    def select_stockrecord(self, product):
        # Indexing the (usually prefetched) stock records costs no query for one seller.
        records = list(product.stockrecords.all())
        if len(records) > 1:
            for record in records:
                if self._sells(product, record):
                    return record
        return records[0] if records else None

    def availability_policy(self, product, stockrecord):
        # A stock record that sells makes its product listed: no separate question.
        if stockrecord is not None and not self._sells(product, stockrecord):
            return Unlisted()
        return super().availability_policy(product, stockrecord)

    def fetch_for_line(self, line, stockrecord=None):
        """The line at its own stock record (the seller the buyer chose), never another's."""
        return self.fetch_for_product(line.product, stockrecord or line.stockrecord)


class Selector:
    """Every buyer, signed in or not, gets the marketplace strategy."""

    def strategy(self, request=None, user=None, **kwargs):
        return Marketplace(request)
