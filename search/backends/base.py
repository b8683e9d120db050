"""The contract every search backend answers: a ``Query`` in, ``Results`` out.

A backend never sees the buyer's raw syntax: the view hands it words
(``search.text.terms``), validated filters and a known sort. What is listed is the
maintained listing (``search.models.ProductEntry``) narrowed, when read, to active sellers
and to rows whose documents are still in force on ``Query.day``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

#: Facet names, in the order the results page shows them.
FACETS = ("category", "district", "village", "seller", "price", "rating", "halal", "pickup")
#: Sort keys (the view's labels are in ``search.forms``). "relevancy" without words sorts
#: by newest.
SORTS = ("relevancy", "newest", "price-asc", "price-desc", "best-selling", "rating")
#: The "rating" facet's one value: 4 stars or more (in the entries' tenths).
RATING_GOOD = 40


@dataclass(frozen=True)
class Query:
    terms: tuple[str, ...] = ()
    #: The page's category (a category page) by id; the ``category`` filter narrows below it.
    category: int | None = None
    #: Facet name → value: ``category``/``district``/``village``/``seller`` an id (as a
    #: string), ``price`` a key of ``search.text.PRICE_RANGES``, ``rating`` "4" (4 stars or
    #: more), ``halal`` and ``pickup`` "1". Unknown names and values never reach a backend.
    filters: tuple[tuple[str, str], ...] = ()
    sort: str = "relevancy"
    offset: int = 0
    limit: int = 24
    facets: bool = True
    day: dt.date | None = None

    def filter(self, name: str) -> str:
        return dict(self.filters).get(name, "")


@dataclass(frozen=True)
class Hit:
    """What a product card shows."""

    product_id: int
    title: str
    url: str
    image: str
    price: int
    seller_name: str
    seller_url: str
    village_name: str
    in_stock: bool
    simple: bool
    #: Average stars in tenths (0: no reviews yet) and the number of reviews.
    rating: int = 0
    rating_count: int = 0


@dataclass
class Results:
    hits: list[Hit]
    total: int
    #: Facet name → [(value, count)], values as in ``Query.filters``, largest count first
    #: (categories and prices in their own order).
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    #: The words searched instead when the buyer's found nothing ("batk" → "batik").
    corrected: tuple[str, ...] = ()


@dataclass
class Suggestions:
    products: list[dict[str, str]] = field(default_factory=list)
    categories: list[dict[str, str]] = field(default_factory=list)
    shops: list[dict[str, str]] = field(default_factory=list)


class Backend:
    """Search, suggest, and keep an index (the database backend's index is the maintained
    listing itself)."""

    name = ""

    def search(self, query: Query) -> Results:
        raise NotImplementedError

    def suggest(self, text: str, *, limit: int = 5, day: dt.date | None = None) -> Suggestions:
        raise NotImplementedError

    def index(self, product_ids: list[int]) -> None:
        """Bring the documents of ``product_ids`` in line with their ``ProductEntry``
        rows (rows gone: documents removed)."""

    def rebuild(self, *, stdout=None) -> None:
        """Rebuild the whole index from the ``ProductEntry`` rows."""
