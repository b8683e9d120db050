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

from django.core.exceptions import EmptyResultSet
from django.db import connection, transaction
from django.db.models import Count, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.functions import Substr
from django.utils import timezone
from oscar.core.loading import get_model

from ..models import ProductEntry, SearchTerm
from ..text import MIN_CORRECTABLE, PRICE_RANGES, price_range, spellings
from .base import RATING_GOOD, Backend, Hit, Query, Results, Suggestions

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
    "rating",
    "rating_count",
)
ORDERINGS = {
    "newest": ("-date_created", "-product_id"),
    "price-asc": ("price", "product_id"),
    "price-desc": ("-price", "-product_id"),
    "best-selling": ("-sold", "-product_id"),
    "rating": ("-rating", "-rating_count", "-product_id"),
}
#: pg_trgm's similarity for a correction (its default threshold for ``%``).
SIMILARITY = 0.3
FTS = "search_productentry_fts"
#: How many matches a suggestion is chosen from.
SUGGEST_POOL = 200


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
            elif name == "rating":
                rows = rows.filter(rating__gte=RATING_GOOD)
            elif name == "pickup":
                rows = rows.filter(pickup_hall=True)
        return rows

    def _matched(
        self, rows: QuerySet, terms: tuple[str, ...], *, title: bool = False
    ) -> tuple[QuerySet, tuple]:
        """``rows`` every term matches (in the title only, if ``title``), and the
        ordering by relevance."""
        if connection.vendor == "postgresql":
            # Each word stemmed ("keripik" is stored as "ripik") and as typed, so that a
            # prefix being typed ("keri") finds the word too.
            weight = "A" if title else ""
            words = ["(" + " | ".join(f"{s}:*{weight}" for s in spellings(t)) + ")" for t in terms]
            tsquery = " && ".join(
                "(to_tsquery('indonesian', %s) || to_tsquery('simple', %s))" for _ in words
            )
            params = [p for word in words for p in (word, word)]
            # Computed first, then given as a constant: the planner estimates a constant
            # query's matches (a bitmap scan of the GIN index) but not an expression's,
            # for which it scans the whole table.
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT ({tsquery})::text", params)
                combined = cursor.fetchone()[0]
            matched = rows.extra(where=["document @@ %s::tsquery"], params=[combined]).annotate(
                rank=RawSQL("ts_rank(search_productentry.document, %s::tsquery)", [combined])
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
        if not query.facets:
            total = rows.count()
            return Results(hits=self._page(rows, ordering, query) if total else [], total=total)
        below = query.filter("category")
        children = category_children(int(below) if below else query.category)
        # Words on PostgreSQL: the matches read once for facets and page. Without words the
        # page comes from an index in order, apart from the facets' count.
        together = bool(terms) and connection.vendor == "postgresql"
        if together:
            grouped, ids = self._grouped_and_page(rows, ordering, query, day, children)
            found = ProductEntry.objects.filter(pk__in=ids).values(*HIT_FIELDS)
            by_id = {row["product_id"]: row for row in found}
            hits = [Hit(**by_id[i]) for i in ids if i in by_id]
        else:
            grouped = list(self._grouped(rows, day, children))
        facets, total = self._facets(grouped, children)
        if not together:
            hits = self._page(rows, ordering, query) if total else []
        return Results(hits=hits, total=total, facets=facets)

    @staticmethod
    def _page(rows: QuerySet, ordering: tuple, query: Query) -> list[Hit]:
        page = rows.order_by(*ordering).values(*HIT_FIELDS)[
            query.offset : query.offset + query.limit
        ]
        return [Hit(**row) for row in page]

    @staticmethod
    def _prefix_length(children: list) -> int:
        return len(children[0].path) if children else Category.steplen

    def _grouped(self, rows: QuerySet, day: dt.date, children: list) -> QuerySet:
        """One row per (seller, village, district, pickup, category below): the count, how
        many are halal on ``day``, how many in each price range."""
        prices = {
            f"p{i}": Count("pk", filter=Q(price__gte=low) & (Q(price__lt=high) if high else Q()))
            for i, (_key, low, high) in enumerate(PRICE_RANGES)
        }
        return (
            rows.order_by()
            .annotate(cat=Substr("category_path", 1, self._prefix_length(children)))
            .values("seller_id", "village_id", "district_id", "pickup_hall", "cat")
            .annotate(
                n=Count("pk"),
                halal=Count("pk", filter=Q(halal_until__gte=day)),
                rated=Count("pk", filter=Q(rating__gte=RATING_GOOD)),
                **prices,
            )
        )

    def _grouped_and_page(self, rows, ordering, query, day, children):
        """PostgreSQL: the facets' grouped counts and the page's ids in one statement, the
        matching rows read once (a materialised common table expression) instead of once
        for the facets and once for the page."""
        columns = ["product_id", "seller_id", "village_id", "district_id", "pickup_hall"]
        columns += ["price", "halal_until", "rating"]
        # Only what the page's order reads besides (each column is carried for every match).
        columns += [o.lstrip("-") for o in ordering if o.lstrip("-") not in (*columns, "rank")]
        extra = ["rank"] if any(o.lstrip("-") == "rank" for o in ordering) else []
        matched = rows.order_by().annotate(
            cat=Substr("category_path", 1, self._prefix_length(children))
        )
        try:
            sql, params = matched.values(*columns, *extra, "cat").query.sql_with_params()
        except EmptyResultSet:  # a filter nothing can match (an id out of range)
            return [], []
        order = ", ".join(
            f"{o.lstrip('-')} {'DESC' if o.startswith('-') else 'ASC'}" for o in ordering
        )
        prices = ", ".join(
            f"count(*) FILTER (WHERE price >= {int(low)}"
            + (f" AND price < {int(high)}" if high else "")
            + f") AS p{i}"
            for i, (_key, low, high) in enumerate(PRICE_RANGES)
        )
        nulls = ", ".join(["NULL::bigint"] * (3 + len(PRICE_RANGES)))
        statement = (
            f"WITH m AS MATERIALIZED ({sql}), "
            "g AS (SELECT seller_id, village_id, district_id, pickup_hall, cat, count(*) AS n, "
            f"count(*) FILTER (WHERE halal_until >= %s) AS halal, "
            f"count(*) FILTER (WHERE rating >= {RATING_GOOD}) AS rated, {prices} "
            "FROM m GROUP BY seller_id, village_id, district_id, pickup_hall, cat), "
            f"p AS (SELECT product_id FROM m ORDER BY {order} LIMIT %s OFFSET %s) "
            "SELECT 'g', seller_id::bigint, village_id::bigint, district_id::bigint, pickup_hall, "
            f"cat::text, n, halal, rated, {', '.join(f'p{i}' for i in range(len(PRICE_RANGES)))} "
            "FROM g "
            "UNION ALL SELECT 'p', product_id::bigint, row_number() OVER (), NULL::bigint, "
            f"NULL::boolean, NULL::text, {nulls} FROM p"
        )
        grouped, page = [], []
        with transaction.atomic(), connection.cursor() as cursor:
            # The matching rows stay in memory rather than in a temporary file.
            cursor.execute("SET LOCAL work_mem = '32MB'")
            # The full-text index's pages are read at random but live in memory or on SSD:
            # without this the planner prefers a scan of the whole table for a word in a
            # fifth of the listing (125 ms at 100,000 products, against 48 ms by the index).
            cursor.execute("SET LOCAL random_page_cost = 1.1")
            cursor.execute(statement, [*params, day, query.limit, query.offset])
            for part, a, b, c, pickup, cat, n, halal, rated, *counts in cursor.fetchall():
                if part == "p":
                    page.append((b, a))
                    continue
                row = {"seller_id": a, "village_id": b, "district_id": c}
                row.update(pickup_hall=pickup, cat=cat, n=n, halal=halal, rated=rated)
                row.update({f"p{i}": count for i, count in enumerate(counts)})
                grouped.append(row)
        return grouped, [product_id for _rn, product_id in sorted(page)]

    def _facets(self, grouped, children: list):
        sellers: Counter = Counter()
        villages: Counter = Counter()
        districts: Counter = Counter()
        categories: Counter = Counter()
        price_counts: Counter = Counter()
        halal = rated = pickup = total = 0
        for row in grouped:
            n = row["n"]
            total += n
            sellers[str(row["seller_id"])] += n
            villages[str(row["village_id"])] += n
            districts[str(row["district_id"])] += n
            categories[row["cat"]] += n
            halal += row["halal"]
            rated += row["rated"]
            pickup += n if row["pickup_hall"] else 0
            for i, (key, _low, _high) in enumerate(PRICE_RANGES):
                price_counts[key] += row[f"p{i}"]
        facets: dict[str, list[tuple[str, int]]] = {}
        if total:
            counted = [(str(c.pk), categories[c.path]) for c in children if categories.get(c.path)]
            if counted:
                facets["category"] = counted
            facets["district"] = districts.most_common()
            facets["village"] = villages.most_common()
            facets["seller"] = sellers.most_common()
            facets["price"] = [
                (k, price_counts[k]) for k, _l, _h in PRICE_RANGES if price_counts[k]
            ]
            if rated:
                facets["rating"] = [("4", rated)]
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
        # The best-selling of the first SUGGEST_POOL matches the full-text index gives: a
        # bounded read however common the prefix, and no walk down the best-selling index
        # looking for a rare one.
        # Two plain queries: the ids, then their order (as one statement the planner
        # joined them row by row).
        pool = ProductEntry.objects.filter(
            pk__in=list(rows.order_by().values_list("pk", flat=True)[:SUGGEST_POOL])
        )
        products = [
            {"title": title, "url": url}
            for title, url in pool.order_by("-sold", "-product_id").values_list("title", "url")[
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
