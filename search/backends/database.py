"""The database backend: the maintained listing queried directly.

PostgreSQL: the weighted ``tsvector`` column with the ``indonesian`` configuration,
ranked by ``ts_rank``; misspellings corrected to the closest word of the vocabulary by
``pg_trgm`` similarity. SQLite (the embedded demo): the FTS5 table ranked by ``bm25``;
misspellings corrected with ``difflib`` over the vocabulary. Every word must match (as a
prefix, in any of its spellings, ``search.text.SYNONYMS``).

A search costs three queries however many cards a page shows: the page, and the facets
(one grouped count over sellers, prices, halal and pickup, from which the total comes
too, and one over categories).
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections import Counter

from django.db import connection
from django.db.models import Count, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone
from oscar.core.loading import get_model

from ..models import ProductEntry, SearchTerm
from ..text import MIN_CORRECTABLE, PRICE_RANGES, price_range, spellings
from .base import Backend, Hit, Query, Results, Suggestions

Category = get_model("catalogue", "Category")

HIT_FIELDS = (
    "product_id",
    "title",
    "url",
    "image",
    "price",
    "seller_name",
    "seller_url",
    "village_name",
    "in_stock",
    "simple",
)
ORDERINGS = {
    "newest": ("-date_created", "-product_id"),
    "price-asc": ("price", "product_id"),
    "price-desc": ("-price", "-product_id"),
    "best-selling": ("-sold", "-product_id"),
}
#: pg_trgm's similarity for a correction (its default threshold for ``%``).
SIMILARITY = 0.3
FTS = "search_productentry_fts"


def listed(day: dt.date | None = None) -> QuerySet:
    """Rows that count on ``day``: the seller active now, the documents still in force."""
    from sellers.models import Seller

    day = day or timezone.localdate()
    return ProductEntry.objects.filter(seller__status=Seller.Status.ACTIVE).filter(
        Q(listed_until__isnull=True) | Q(listed_until__gte=day)
    )


def category_children(category_id: int | None) -> list:
    if category_id is None:
        return list(Category.get_root_nodes().filter(is_public=True))
    parent = Category.objects.filter(pk=category_id).first()
    return list(parent.get_children().filter(is_public=True)) if parent else []


class DatabaseBackend(Backend):
    name = "database"

    # --- narrowing ----------------------------------------------------------------------

    def _filtered(self, query: Query, day: dt.date) -> QuerySet:
        rows = listed(day)
        if query.category is not None:
            rows = rows.filter(categories=query.category)
        for name, value in query.filters:
            if name == "category":
                rows = rows.filter(categories=int(value))
            elif name in ("district", "village", "seller"):
                rows = rows.filter(**{f"{name}_id": int(value)})
            elif name == "price":
                bounds = price_range(value)
                if bounds:
                    low, high = bounds
                    rows = rows.filter(price__gte=low)
                    if high is not None:
                        rows = rows.filter(price__lt=high)
            elif name == "halal":
                rows = rows.filter(halal_until__gte=day)
            elif name == "pickup":
                rows = rows.filter(pickup_hall=True)
        return rows

    def _matched(
        self, rows: QuerySet, terms: tuple[str, ...], *, title: bool = False
    ) -> tuple[QuerySet, tuple]:
        """``rows`` every term matches (in the title only, if ``title``), and the
        ordering by relevance."""
        if connection.vendor == "postgresql":
            weight = "A" if title else ""
            tsquery = " & ".join(
                "(" + " | ".join(f"{s}:*{weight}" for s in spellings(t)) + ")" for t in terms
            )
            matched = rows.extra(
                where=["document @@ to_tsquery('indonesian', %s)"], params=[tsquery]
            ).annotate(
                rank=RawSQL(
                    "ts_rank(search_productentry.document, to_tsquery('indonesian', %s))",
                    [tsquery],
                )
            )
            return matched, ("-rank", "-sold", "-product_id")
        column = "title : " if title else ""
        match = " AND ".join(
            "(" + " OR ".join(f'{column}"{s}"*' for s in spellings(t)) + ")" for t in terms
        )
        self._fts_ensure()
        matched = rows.extra(
            where=[
                f"search_productentry.product_id IN (SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s)"
            ],
            params=[match],
        ).annotate(
            rank=RawSQL(
                f"(SELECT bm25({FTS}, 10.0, 4.0, 1.0) FROM {FTS} "
                f"WHERE {FTS} MATCH %s AND rowid = search_productentry.product_id)",
                [match],
            )
        )
        return matched, ("rank", "-sold", "-product_id")

    @staticmethod
    def _fts_ensure() -> None:
        from ..indexing import _SQLITE_FTS

        with connection.cursor() as cursor:
            cursor.execute(_SQLITE_FTS)

    # --- searching ----------------------------------------------------------------------

    def search(self, query: Query) -> Results:
        day = query.day or timezone.localdate()
        results = self._search(query, day, query.terms)
        if results.total == 0 and query.terms:
            corrected = self.corrections(query.terms)
            if corrected != query.terms:
                again = self._search(query, day, corrected)
                if again.total:
                    again.corrected = corrected
                    return again
        return results

    def _search(self, query: Query, day: dt.date, terms: tuple[str, ...]) -> Results:
        rows = self._filtered(query, day)
        ordering = ORDERINGS.get(query.sort, ORDERINGS["newest"])
        if terms:
            rows, by_rank = self._matched(rows, terms)
            if query.sort not in ORDERINGS:
                ordering = by_rank
        facets: dict[str, list[tuple[str, int]]] = {}
        if query.facets:
            facets, total = self._facets(rows, query, day)
        else:
            total = rows.count()
        hits: list[Hit] = []
        if total and query.offset < total:
            page = rows.order_by(*ordering).values(*HIT_FIELDS)[
                query.offset : query.offset + query.limit
            ]
            hits = [Hit(**row) for row in page]
        return Results(hits=hits, total=total, facets=facets)

    def _facets(self, rows: QuerySet, query: Query, day: dt.date):
        prices = {
            key: Count("pk", filter=Q(price__gte=low) & (Q(price__lt=high) if high else Q()))
            for key, low, high in PRICE_RANGES
        }
        grouped = (
            rows.order_by()
            .values("seller_id", "village_id", "district_id", "pickup_hall")
            .annotate(
                n=Count("pk"),
                halal=Count("pk", filter=Q(halal_until__gte=day)),
                **{f"p{i}": expr for i, expr in enumerate(prices.values())},
            )
        )
        sellers: Counter = Counter()
        villages: Counter = Counter()
        districts: Counter = Counter()
        price_counts: Counter = Counter()
        halal = pickup = total = 0
        for row in grouped:
            n = row["n"]
            total += n
            sellers[str(row["seller_id"])] += n
            villages[str(row["village_id"])] += n
            districts[str(row["district_id"])] += n
            halal += row["halal"]
            pickup += n if row["pickup_hall"] else 0
            for i, (key, _low, _high) in enumerate(PRICE_RANGES):
                price_counts[key] += row[f"p{i}"]
        facets: dict[str, list[tuple[str, int]]] = {}
        if total:
            below = query.filter("category")
            children = category_children(int(below) if below else query.category)
            if children:
                counted = dict(
                    rows.order_by()
                    .filter(categories__in=[c.pk for c in children])
                    .values_list("categories")
                    .annotate(n=Count("pk"))
                    .values_list("categories", "n")
                )
                facets["category"] = [
                    (str(c.pk), counted[c.pk]) for c in children if counted.get(c.pk)
                ]
            facets["district"] = districts.most_common()
            facets["village"] = villages.most_common()
            facets["seller"] = sellers.most_common()
            facets["price"] = [
                (k, price_counts[k]) for k, _l, _h in PRICE_RANGES if price_counts[k]
            ]
            if halal:
                facets["halal"] = [("1", halal)]
            if pickup:
                facets["pickup"] = [("1", pickup)]
        return facets, total

    # --- spelling -----------------------------------------------------------------------

    def corrections(self, terms: tuple[str, ...]) -> tuple[str, ...]:
        """``terms`` with each word the vocabulary lacks replaced by its closest word."""
        known = set(SearchTerm.objects.filter(word__in=terms).values_list("word", flat=True))
        corrected = []
        for term in terms:
            if term in known or len(term) < MIN_CORRECTABLE or term.isdigit():
                corrected.append(term)
                continue
            corrected.append(self._closest(term) or term)
        return tuple(corrected)

    def _closest(self, term: str) -> str:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT word FROM search_searchterm WHERE word %% %s "
                    "ORDER BY similarity(word, %s) DESC, frequency DESC, word LIMIT 1",
                    [term, term],
                )
                row = cursor.fetchone()
            return row[0] if row else ""
        words = SearchTerm.objects.filter(word__startswith=term[0]).values_list("word", flat=True)
        close = difflib.get_close_matches(term, list(words), n=1, cutoff=0.7)
        return close[0] if close else ""

    # --- suggestions --------------------------------------------------------------------

    def suggest(self, text: str, *, limit: int = 5, day: dt.date | None = None) -> Suggestions:
        from ..text import terms as words

        found = tuple(words(text))
        if not found:
            return Suggestions()
        rows, _ordering = self._matched(listed(day), found, title=True)
        products = [
            {"title": title, "url": url}
            for title, url in rows.order_by("-sold", "-product_id").values_list("title", "url")[
                :limit
            ]
        ]
        return Suggestions(products=products, **names_matching(text, limit=3))


def names_matching(text: str, *, limit: int = 3) -> dict[str, list[dict[str, str]]]:
    """Public categories and active shops whose name holds ``text``: the suggestions every
    backend takes from the database."""
    from sellers.models import Seller

    text = " ".join(text.split())[:60]
    if len(text) < 2:
        return {"categories": [], "shops": []}
    categories = [
        {"name": c.name, "url": c.get_absolute_url()}
        for c in Category.objects.filter(is_public=True, name__icontains=text).order_by(
            "depth", "name"
        )[:limit]
    ]
    shops = [
        {"name": s.name, "url": s.get_absolute_url(), "village": s.village.name}
        for s in Seller.objects.filter(status=Seller.Status.ACTIVE, partner__name__icontains=text)
        .select_related("partner", "village")
        .order_by("partner__name")[:limit]
    ]
    return {"categories": categories, "shops": shops}
