"""The Elasticsearch backend: the maintained listing (``search.models.ProductEntry``) copied
into an index that elasticsearch-dsl describes, searched with a ``FacetedSearch``.

Words are analysed the Indonesian way (stop words, the ``indonesian`` stemmer) and every
spelling of ``search.text.SYNONYMS`` is indexed with each word. Each word must match, as
the database backend has it: as a word (in any spelling) or as the prefix of one, in the
title, the context or the description. A search that finds nothing is corrected by the
term suggester ("batk" → "batik") and run again, this time fuzzy; fuzziness only ever
widens a correction, so that near words ("batok" for "batik") never enter the results
and facet counts of a search that found what was typed.

The configured index name (``ELASTICSEARCH_INDEX``) is an alias: ``rebuild`` loads a new
index beside the old one and swaps the alias in one step, so search keeps answering.
What the database checks when reading (the seller active, the documents in force) is
stored in each document (``seller_active``, ``listed_until``) and filtered on; a seller's
status change reaches the index by reindexing that seller's products
(``search.indexing.schedule(sellers=...)``).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import fields
from typing import Any, cast

from django.conf import settings
from django.db.models import F
from django.utils import timezone
from elasticsearch import Elasticsearch, NotFoundError, helpers
from elasticsearch.dsl import (
    Boolean,
    Completion,
    Date,
    Document,
    FacetedSearch,
    Integer,
    Keyword,
    Long,
    MetaField,
    Q,
    RangeFacet,
    Search,
    TermsFacet,
    Text,
    analyzer,
    token_filter,
)
from elasticsearch.dsl.faceted_search_base import Facet
from elasticsearch.dsl.query import Query as DslQuery

from sellers.models import Seller

from ..models import ProductEntry
from ..text import MIN_CORRECTABLE, PRICE_RANGES, SYNONYMS
from ..text import terms as words
from .base import RATING_GOOD, Backend, Hit, Query, Results, Suggestions
from .database import category_children, names_matching

logger = logging.getLogger(__name__)

DEFAULT_INDEX = "kampung-products"
#: Rows per bulk request when rebuilding.
CHUNK = 500
#: Terms facets (districts, villages, sellers) list at most this many values.
FACET_SIZE = 200
#: Elasticsearch's ``index.max_result_window``: pages beyond it come back empty.
MAX_WINDOW = 10_000
FIELDS = ["title^3", "context^2", "description"]
#: The same fields' words as written: prefixes of the unstemmed words ("keri" → "keripik",
#: whose stem is "ripik").
PREFIX_FIELDS = ["title.plain^3", "context.plain^2", "description.plain"]
#: A hit's fields are stored under the same names.
HIT_FIELDS = [f.name for f in fields(Hit)]
ORDERINGS = {
    "newest": ("-date_created", "-product_id"),
    "price-asc": ("price", "product_id"),
    "price-desc": ("-price", "-product_id"),
    "best-selling": ("-sold", "-product_id"),
    "rating": ("-rating", "-rating_count", "-product_id"),
}
BY_SCORE = ("_score", "-sold", "-product_id")
_STAMP = "%Y%m%d%H%M%S%f"  # 20 digits: index names sort by creation
_CONTROL = re.compile(r"[\x00-\x1f]")


def alias_name() -> str:
    return getattr(settings, "ELASTICSEARCH_INDEX", "") or DEFAULT_INDEX


# --- the mapping ------------------------------------------------------------------------

stop_words = token_filter("indonesian_stop", "stop", stopwords="_indonesian_")
stemmer = token_filter("indonesian_stemmer", "stemmer", language="indonesian")
#: Index time: a word is indexed with every spelling of its group (all groups are single
#: words, so ``synonym`` suffices), which the prefix and fuzzy queries then find too.
#: Changing the list needs a rebuild, which the alias makes painless.
synonyms = token_filter(
    "kampung_synonyms",
    "synonym",
    synonyms=[", ".join(group) for group in SYNONYMS],
    lenient=True,
)
indonesian_index = analyzer(
    "indonesian_index",
    tokenizer="standard",
    filter=["lowercase", "asciifolding", stop_words, synonyms, stemmer],
)
indonesian_search = analyzer(
    "indonesian_search",
    tokenizer="standard",
    filter=["lowercase", "asciifolding", stop_words, stemmer],
)
#: Whole words as buyers type them: the spelling vocabulary and the completions.
plain = analyzer("kampung_plain", tokenizer="standard", filter=["lowercase", "asciifolding"])


def _text(**kwargs: Any) -> Text:
    return Text(
        analyzer=indonesian_index,
        search_analyzer=indonesian_search,
        fields={"plain": Text(analyzer=plain)},
        **kwargs,
    )


def _stored() -> Keyword:
    """Shown on a card, never searched."""
    return Keyword(index=False, doc_values=False)


class ProductDocument(Document):
    """One listable product: a ``ProductEntry`` row, its categories (with their
    ancestors) and its seller's status when it was indexed."""

    product_id = Long()
    title = _text(copy_to="spelling")
    context = _text(copy_to="spelling")
    description = _text()
    #: Words of titles and context names, unstemmed: what misspellings are corrected to.
    spelling = Text(analyzer=plain)
    suggest = Completion(analyzer=plain)
    url = _stored()
    image = _stored()
    seller_name = _stored()
    seller_url = _stored()
    village_name = _stored()
    categories = Integer(multi=True)
    seller_id = Integer()
    village_id = Integer()
    district_id = Integer()
    price = Long()
    sold = Integer()
    #: Average stars in tenths (0: none yet) and how many reviews.
    rating = Integer()
    rating_count = Integer()
    date_created = Date()
    halal_until = Date()
    listed_until = Date()
    pickup_hall = Boolean()
    in_stock = Boolean()
    simple = Boolean()
    seller_active = Boolean()

    class Index:
        # Always cloned to the configured name (``product_index``); one shard keeps
        # scores and the spelling vocabulary exact for a village-sized catalogue.
        name = DEFAULT_INDEX
        settings = {"number_of_shards": 1}

    class Meta:
        dynamic = MetaField("strict")


def product_index(name: str):
    """The index definition (settings, analysis, mapping) under ``name``."""
    return ProductDocument._index.clone(name=name)


def document_from(entry: ProductEntry, categories: list[int]) -> dict[str, Any]:
    """The id and the source of ``entry``'s document (a bulk action without its index)."""
    status = getattr(entry, "seller_status", None) or entry.seller.status
    title_words = entry.title.split()
    inputs = [" ".join(title_words[i:]) for i in range(min(len(title_words), 6))]
    inputs.append(entry.seller_name)
    doc = ProductDocument(
        product_id=entry.product_id,
        title=entry.title,
        context=entry.context,
        description=entry.description,
        # Completion inputs must not hold control characters (ES reserves some).
        suggest={
            "input": [_CONTROL.sub(" ", i) for i in dict.fromkeys(inputs) if i.strip()],
            "weight": entry.sold,
        },
        url=entry.url,
        image=entry.image,
        seller_name=entry.seller_name,
        seller_url=entry.seller_url,
        village_name=entry.village_name,
        categories=sorted(categories),
        seller_id=entry.seller_id,
        village_id=entry.village_id,
        district_id=entry.district_id,
        price=entry.price,
        sold=entry.sold,
        rating=entry.rating,
        rating_count=entry.rating_count,
        date_created=entry.date_created,
        halal_until=entry.halal_until,
        listed_until=entry.listed_until,
        pickup_hall=entry.pickup_hall,
        in_stock=entry.in_stock,
        simple=entry.simple,
        seller_active=status == Seller.Status.ACTIVE,
    )
    return {"_id": entry.product_id, "_source": doc.to_dict()}


# --- searching --------------------------------------------------------------------------


class IdFacet(TermsFacet):
    """Terms over an integer id field; filter values arrive as strings."""

    def add_filter(self, filter_values):
        return super().add_filter([int(v) for v in filter_values])


class FilterFacet(Facet):
    """A yes-only facet: how many results match ``query`` (halal, pickup at the hall)."""

    agg_type = "filter"

    def __init__(self, query: DslQuery) -> None:
        super().__init__(filter=query)
        self._query = query

    def get_value_filter(self, filter_value) -> DslQuery:
        return self._query


def term_query(term: str, *, fuzzy: bool = False) -> DslQuery:
    """One word, matched either way: as a whole word, stemmed, in any of its spellings, or
    as the prefix of a word as written ("kop" → "kopi", the database backend's
    ``kop:*``). ``fuzzy``: the whole word also within ``AUTO`` edits (one from 3 letters,
    two from 6; the first letter right). A stop word matches everything, as if absent."""
    fuzziness = {"fuzziness": "AUTO", "prefix_length": 1} if fuzzy else {}
    return Q(
        "bool",
        should=[
            Q("multi_match", query=term, fields=FIELDS, zero_terms_query="all", **fuzziness),
            Q("multi_match", query=term, fields=PREFIX_FIELDS, type="bool_prefix"),
        ],
    )


def listed_filters(day: dt.date) -> list[DslQuery]:
    """What counts on ``day``: the seller was active when indexed, the documents still in
    force (``listed_until`` none, or not before ``day``)."""
    return [
        Q("term", seller_active=True),
        Q(
            "bool",
            should=[
                Q("bool", must_not=[Q("exists", field="listed_until")]),
                Q("range", listed_until={"gte": day.isoformat()}),
            ],
        ),
    ]


class ProductSearch(FacetedSearch):
    """``Query`` as a faceted search. Unlike FacetedSearch's default (a post filter, and
    each facet counted without its own filter) every filter narrows the query and the
    facets count the results as shown, which is the contract."""

    doc_types = [ProductDocument]

    def __init__(
        self,
        query: Query,
        *,
        terms: tuple[str, ...],
        day: dt.date,
        children: list[int],
        index: str,
        using: Any = "default",
        fuzzy: bool = False,
    ) -> None:
        self.index = index
        self.using = using
        self.request = query
        self.terms = terms
        self.day = day
        self.children = children
        self.fuzzy = fuzzy
        self.facets = {
            "category": IdFacet(field="categories", include=children, size=max(len(children), 1)),
            "district": IdFacet(field="district_id", size=FACET_SIZE),
            "village": IdFacet(field="village_id", size=FACET_SIZE),
            "seller": IdFacet(field="seller_id", size=FACET_SIZE),
            "price": RangeFacet(
                field="price", ranges=[(key, (low, high)) for key, low, high in PRICE_RANGES]
            ),
            "rating": FilterFacet(Q("range", rating={"gte": RATING_GOOD})),
            "halal": FilterFacet(Q("range", halal_until={"gte": day.isoformat()})),
            "pickup": FilterFacet(Q("term", pickup_hall=True)),
        }
        sort: tuple[str, ...] = BY_SCORE
        if not (terms and query.sort == "relevancy"):
            sort = ORDERINGS.get(query.sort, ORDERINGS["newest"])
        super().__init__(
            " ".join(terms) or None,
            filters={name: value for name, value in query.filters if name in self.facets},
            sort=list(sort),
        )
        end = min(query.offset + query.limit, MAX_WINDOW)
        self._s = self._s[min(query.offset, end) : end]

    def search(self):
        s = super().search().extra(track_total_hits=True).source(HIT_FIELDS)
        for listed in listed_filters(self.day):
            s = s.filter(listed)
        if self.request.category is not None:
            s = s.filter("term", categories=self.request.category)
        if self.terms and not self.fuzzy:
            s = s.suggest(
                "spelling",
                " ".join(self.terms),
                term={
                    "field": "spelling",
                    "suggest_mode": "missing",
                    "min_word_length": MIN_CORRECTABLE,
                    "size": 1,
                },
            )
        return s

    def query(self, search, query):
        return search.query(
            Q("bool", must=[term_query(term, fuzzy=self.fuzzy) for term in self.terms])
        )

    def filter(self, search):
        for f in self._filters.values():
            search = search.filter(f)
        return search

    def aggregate(self, search) -> None:
        if not self.request.facets:
            return
        for name, facet in self.facets.items():
            if name != "category" or self.children:
                search.aggs.bucket(name, facet.get_aggregation())

    def to_dict(self) -> dict[str, Any]:
        return self._s.to_dict()


def facet_children(query: Query) -> list[int]:
    """The categories the category facet counts: the children of the chosen category (the
    filter, else the page's), or the roots."""
    if not query.facets:
        return []
    below = query.filter("category")
    return [c.pk for c in category_children(int(below) if below else query.category)]


def search_body(
    query: Query,
    *,
    terms: tuple[str, ...] | None = None,
    children: list[int] | None = None,
    fuzzy: bool = False,
) -> dict[str, Any]:
    """The request body of ``query``; ``terms`` and ``fuzzy``: the corrected search's.
    ``children`` are read from the category tree unless given."""
    return ProductSearch(
        query,
        terms=query.terms if terms is None else terms,
        day=query.day or timezone.localdate(),
        children=facet_children(query) if children is None else children,
        index=alias_name(),
        fuzzy=fuzzy,
    ).to_dict()


def results_from(
    response: dict[str, Any], query: Query, *, children: list[int] | None = None
) -> Results:
    """``Results`` from a search response (a body ``search_body`` made for ``query``)."""
    hits = [
        # A field missing from a document (indexed before it existed) takes Hit's default.
        Hit(**{name: hit["_source"][name] for name in HIT_FIELDS if name in hit["_source"]})
        for hit in response["hits"]["hits"]
    ]
    total = response["hits"]["total"]["value"]
    aggs = response.get("aggregations") or {}
    facets: dict[str, list[tuple[str, int]]] = {}
    if total and aggs:
        if "category" in aggs:
            counted = {b["key"]: b["doc_count"] for b in aggs["category"]["buckets"]}
            order = facet_children(query) if children is None else children
            facets["category"] = [(str(pk), counted[pk]) for pk in order if counted.get(pk)]
        for name in ("district", "village", "seller"):
            facets[name] = [(str(b["key"]), b["doc_count"]) for b in aggs[name]["buckets"]]
        counted = {b["key"]: b["doc_count"] for b in aggs["price"]["buckets"]}
        facets["price"] = [(key, counted[key]) for key, _l, _h in PRICE_RANGES if counted.get(key)]
        if aggs.get("rating", {}).get("doc_count"):
            facets["rating"] = [("4", aggs["rating"]["doc_count"])]
        for name in ("halal", "pickup"):
            if aggs[name]["doc_count"]:
                facets[name] = [("1", aggs[name]["doc_count"])]
    return Results(hits=hits, total=total, facets=facets)


def corrections_from(response: dict[str, Any], terms: tuple[str, ...]) -> tuple[str, ...]:
    """``terms`` with each word the index lacks replaced by the spelling suggester's best
    (words shorter than ``MIN_CORRECTABLE`` and numbers stay)."""
    entries = {e["offset"]: e for e in (response.get("suggest") or {}).get("spelling", [])}
    corrected, start = [], 0
    for term in terms:
        entry = entries.get(start)
        if (
            entry
            and entry["options"]
            and entry["length"] == len(term)
            and len(term) >= MIN_CORRECTABLE
            and not term.isdigit()
        ):
            corrected.append(entry["options"][0]["text"])
        else:
            corrected.append(term)
        start += len(term) + 1
    return tuple(corrected)


def suggest_search(text: str, *, limit: int) -> Search:
    """Completions of ``text``; four times ``limit``, since the options are narrowed to
    what is listed afterwards (a completion suggester cannot filter by date)."""
    return (
        Search(index=alias_name())
        .source(["title", "url", "seller_active", "listed_until"])
        .extra(size=0)
        .suggest(
            "products",
            " ".join(words(text)),
            # No ``skip_duplicates``: it compares the matched input, which for two products
            # of one shop may be the shop's name.
            completion={"field": "suggest", "size": limit * 4},
        )
    )


def products_from(response: dict[str, Any], *, limit: int, day: dt.date) -> list[dict[str, str]]:
    products: list[dict[str, str]] = []
    seen: set[str] = set()
    for entry in (response.get("suggest") or {}).get("products", []):
        for option in entry["options"]:
            source = option["_source"]
            until = source.get("listed_until")
            if option["_id"] in seen or not source.get("seller_active"):
                continue
            if until and until < day.isoformat():
                continue
            seen.add(option["_id"])
            products.append({"title": source["title"], "url": source["url"]})
    return products[:limit]


# --- the backend ------------------------------------------------------------------------


def _chunks(rows: Iterable[Any], size: int) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _categories_of(ids: list[int]) -> dict[int, list[int]]:
    found: dict[int, list[int]] = {pk: [] for pk in ids}
    for entry_id, category_id in ProductEntry.categories.through.objects.filter(
        productentry_id__in=ids
    ).values_list("productentry_id", "category_id"):
        found[entry_id].append(category_id)
    return found


def _rows():
    return ProductEntry.objects.defer("document").annotate(seller_status=F("seller__status"))


class ElasticsearchBackend(Backend):
    name = "elasticsearch"
    #: Wait until written documents are searchable. Also when indexing runs inside the
    #: changing transaction (``SEARCH_INDEX_IMMEDIATE``: tests); the site never waits.
    #: Index writes wait until searches see them: listing caches are started afresh after.
    wait_for_refresh = True

    def __init__(self, url: str, **client_options: Any) -> None:
        self.client = Elasticsearch(url, **client_options)
        #: Aliases known to exist (the configured name may change: tests).
        self._aliases: set[str] = set()

    # --- searching ----------------------------------------------------------------------

    def search(self, query: Query) -> Results:
        day = query.day or timezone.localdate()
        children = facet_children(query)
        try:
            response = self._execute(query, query.terms, day, children)
            results = results_from(response, query, children=children)
            if results.total == 0 and query.terms:
                corrected = corrections_from(response, query.terms)
                if corrected != query.terms:
                    again = self._execute(query, corrected, day, children, fuzzy=True)
                    results_again = results_from(again, query, children=children)
                    if results_again.total:
                        results_again.corrected = corrected
                        return results_again
        except NotFoundError:
            logger.warning("No Elasticsearch index %s: run manage.py search_reindex", alias_name())
            return Results(hits=[], total=0)
        return results

    def _execute(self, query, terms, day, children, *, fuzzy=False) -> dict[str, Any]:
        faceted = ProductSearch(
            query,
            terms=terms,
            day=day,
            children=children,
            index=alias_name(),
            using=self.client,
            fuzzy=fuzzy,
        )
        return faceted.execute().to_dict()

    def suggest(self, text: str, *, limit: int = 5, day: dt.date | None = None) -> Suggestions:
        if not words(text):
            return Suggestions()
        try:
            response = suggest_search(text, limit=limit).using(self.client).execute().to_dict()
        except NotFoundError:
            response = {}
        products = products_from(response, limit=limit, day=day or timezone.localdate())
        return Suggestions(products=products, **names_matching(text, limit=3))

    # --- indexing -----------------------------------------------------------------------

    def index(self, product_ids: list[int]) -> None:
        ids = sorted(set(product_ids))
        if not ids:
            return
        self._alias_ensure()
        alias = alias_name()
        rows = list(_rows().filter(product_id__in=ids))
        categories = _categories_of([r.product_id for r in rows])
        actions = [{"_index": alias, **document_from(r, categories[r.product_id])} for r in rows]
        kept = {r.product_id for r in rows}
        actions += [
            {"_op_type": "delete", "_index": alias, "_id": pk} for pk in ids if pk not in kept
        ]
        wait = self.wait_for_refresh or getattr(settings, "SEARCH_INDEX_IMMEDIATE", False)
        self._bulk(actions, require_alias=True, refresh="wait_for" if wait else None)

    def _bulk(self, actions: list[dict[str, Any]], **params: Any) -> None:
        """One bulk request; deleting a document already gone is not an error."""
        params = {k: v for k, v in params.items() if v is not None}
        _ok, errors = helpers.bulk(
            self.client, actions, chunk_size=max(len(actions), 1), raise_on_error=False, **params
        )
        failed = [
            e
            for e in cast(list, errors)
            if not ("delete" in e and e["delete"].get("status") == 404)
        ]
        if failed:
            raise helpers.BulkIndexError(f"{len(failed)} document(s) failed to index.", failed)

    def _alias_ensure(self) -> None:
        """Before the first rebuild, an empty index behind the alias, so that writes never
        create an index of their own (``require_alias``)."""
        alias = alias_name()
        if alias in self._aliases:
            return
        if not self.client.indices.exists_alias(name=alias):
            first = f"{alias}-{'0' * 20}"
            logger.warning("Created the empty index %s: run manage.py search_reindex", first)
            self.client.options(ignore_status=400).indices.create(
                index=first, body={**product_index(first).to_dict(), "aliases": {alias: {}}}
            )
        self._aliases.add(alias)

    def rebuild(self, *, stdout=None) -> None:
        alias = alias_name()
        new = f"{alias}-{timezone.now():{_STAMP}}"
        ours = re.compile(rf"^{re.escape(alias)}-\d{{20}}$")
        existing = self.client.indices.get_alias(
            index=f"{alias},{alias}-*", ignore_unavailable=True
        ).body
        holders = sorted(n for n, info in existing.items() if alias in info.get("aliases", {}))
        leftovers = sorted(n for n in existing if ours.match(n) and n < new and n not in holders)

        definition = product_index(new).to_dict()
        definition["settings"]["refresh_interval"] = "-1"  # loading: no refreshes
        self.client.indices.create(index=new, body=definition)
        #: product id → the row's ``indexed_at`` as loaded.
        loaded: dict[int, dt.datetime] = {}
        try:
            for chunk in _chunks(_rows().order_by("pk").iterator(chunk_size=CHUNK), CHUNK):
                categories = _categories_of([r.product_id for r in chunk])
                self._bulk(
                    [{"_index": new, **document_from(r, categories[r.product_id])} for r in chunk]
                )
                loaded.update((r.product_id, r.indexed_at) for r in chunk)
                if stdout:
                    stdout.write(f"{new}: {len(loaded)} documents\n")
            self.client.indices.put_settings(index=new, settings={"refresh_interval": None})
            self.client.indices.refresh(index=new)
        except Exception:
            self.client.options(ignore_status=404).indices.delete(index=new)
            raise

        actions: list[dict[str, Any]] = [
            {"remove": {"index": name, "alias": alias}} for name in holders
        ]
        if alias in existing and alias not in holders:  # a stray index under the alias's name
            actions.append({"remove_index": {"index": alias}})
        actions.append({"add": {"index": new, "alias": alias}})
        self.client.indices.update_aliases(actions=actions)
        self._aliases.add(alias)

        # Rows written while loading were indexed into the old index: copy them again (and
        # remove what was loaded but has gone since); from the swap on, writes reach ``new``.
        rows = dict(ProductEntry.objects.values_list("pk", "indexed_at"))
        changed = [pk for pk, at in rows.items() if loaded.get(pk) != at]
        changed += [pk for pk in loaded if pk not in rows]
        if changed:
            self.index(changed)
        old = [n for n in holders + leftovers if n != new]
        if old:
            self.client.options(ignore_status=404).indices.delete(index=",".join(old))
        if stdout:
            stdout.write(f"{alias} → {new} ({len(loaded)} documents)\n")
