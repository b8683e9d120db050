"""Product search and browsing, as listing pages read it: the configured backend's
results, cached for every visitor alike, with the facets' values named.

What is cached is keyed by the index's version (``search.indexing.version``, bumped after
every index write and by every change of a seller's status) and by the day, so a page
never outlives a change that matters: a suspended seller, an expired document, a new
price.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from .backends import Hit, Query, Results, backend
from .indexing import version
from .text import PRICE_LABELS

CACHE_SECONDS = 10 * 60

FACET_LABELS = {
    "category": _("Kategori"),
    "district": _("Kecamatan"),
    "village": _("Desa"),
    "seller": _("Toko"),
    "price": _("Harga"),
    "rating": _("Ulasan"),
    "halal": _("Halal"),
    "pickup": _("Pengambilan"),
}


@dataclass
class Listing:
    hits: list[Hit]
    total: int
    corrected: tuple[str, ...] = ()
    #: Facet name → [(value, label, count)].
    facets: dict[str, list[tuple[str, str, int]]] = field(default_factory=dict)


def _names(model: str, ids: list[str], attr: str = "name") -> dict[str, str]:
    if not ids:
        return {}
    app, name = model.split(".")
    Model = get_model(app, name)
    rows = Model.objects.filter(pk__in=[int(i) for i in ids])
    if name == "Seller":
        rows = rows.select_related("partner")
    return {str(row.pk): str(getattr(row, attr)) for row in rows}


def _labelled(results: Results) -> dict[str, list[tuple[str, str, int]]]:
    from django.utils.translation import gettext

    names = {
        "category": _names(
            "catalogue.Category", [v for v, _n in results.facets.get("category", [])]
        ),
        "district": _names(
            "registry.District", [v for v, _n in results.facets.get("district", [])]
        ),
        "village": _names("registry.Village", [v for v, _n in results.facets.get("village", [])]),
        "seller": _names("sellers.Seller", [v for v, _n in results.facets.get("seller", [])]),
        "price": {k: str(v) for k, v in PRICE_LABELS.items()},
        "rating": {"4": gettext("Bintang 4 ke atas")},
        "halal": {"1": gettext("Bersertifikat halal")},
        "pickup": {"1": gettext("Bisa diambil di balai desa")},
    }
    return {
        facet: [(value, names[facet].get(value, value), count) for value, count in values]
        for facet, values in results.facets.items()
    }


def listing_key(query: Query, *, index_version: int | None = None) -> str:
    """The cache key of ``query``'s listing: the backend, the index's version, the day and
    the language (facet labels are translated) with the query."""
    from django.utils.translation import get_language

    day = query.day or timezone.localdate()
    return (
        "search:listing:"
        + hashlib.sha256(
            repr((backend().name, index_version or version(), day, get_language(), query)).encode()
        ).hexdigest()
    )


def listing(query: Query, *, index_version: int | None = None) -> Listing:
    """The listing for ``query``; the same for every visitor, so cached."""
    engine = backend()
    key = listing_key(query, index_version=index_version)
    found = cache.get(key)
    if found is None:
        results = engine.search(query)
        found = Listing(
            hits=results.hits,
            total=results.total,
            corrected=results.corrected,
            facets=_labelled(results) if query.facets else {},
        )
        cache.set(key, found, CACHE_SECONDS)
    return found


def products_newest(*, limit: int = 12, day: dt.date | None = None) -> list[Hit]:
    """The newest listed products: the home page's strip."""
    return listing(Query(sort="newest", limit=limit, facets=False, day=day)).hits
