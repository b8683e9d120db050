"""Oscar's basket, reading its lines in a fixed number of queries however many lines and
sellers it holds: each line's product, product type, stock record and seller come with
the lines, and the purchase strategy learns which products are listed in one query."""

from __future__ import annotations

from oscar.apps.basket.abstract_models import AbstractBasket


class Basket(AbstractBasket):
    def all_lines(self):
        if self.id is None or self._lines is not None:
            return super().all_lines()
        lines = (
            self.lines.select_related(
                "product__product_class",
                "product__parent__product_class",
                "stockrecord__partner",
            )
            .prefetch_related("attributes", "product__images", "product__stockrecords")
            .order_by(self._meta.pk.name)
        )
        lines._fetch_all()  # evaluated once: count() and exists() read the same rows
        prime = getattr(self._strategy, "lines_prime", None) if self.has_strategy else None
        if prime is not None:
            prime(list(lines))
        self._lines = lines
        return self._lines


from oscar.apps.basket.models import *  # noqa: E402,F401,F403
