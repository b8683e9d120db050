"""The figures of what buyers review (a product, a seller), kept on it so that a page
never counts reviews: abstract, mixed into ``catalogue.Product`` and ``sellers.Seller``."""

from __future__ import annotations

from django.db import models


class Rated(models.Model):
    """Denormalised ratings of what is reviewed: how many reviews of each star are shown.
    Written only by ``catalogue.reviews.services.ratings_recount``."""

    stars_1 = models.PositiveIntegerField(default=0, editable=False)
    stars_2 = models.PositiveIntegerField(default=0, editable=False)
    stars_3 = models.PositiveIntegerField(default=0, editable=False)
    stars_4 = models.PositiveIntegerField(default=0, editable=False)
    stars_5 = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        abstract = True

    @property
    def rating_count(self) -> int:
        return sum(self.rating_distribution.values())

    @property
    def rating_distribution(self) -> dict[int, int]:
        return {n: getattr(self, f"stars_{n}") for n in range(5, 0, -1)}

    @property
    def rating_average(self) -> float | None:
        count = self.rating_count
        if not count:
            return None
        total = sum(n * c for n, c in self.rating_distribution.items())
        return round(total / count, 1)
