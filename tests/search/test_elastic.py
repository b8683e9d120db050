"""The Elasticsearch backend without a server: the index definition, the request bodies,
the parsing of recorded Elasticsearch 8 responses, and the requests that indexing,
rebuilding, searching and suggesting send, answered by a fake node behind the real
``elasticsearch`` client (its serialisation, bulk helper and error handling included).

The same backend answers the contract tests against a live server whenever
``ELASTICSEARCH_URL`` is set (``tests/search/conftest.py``)."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

import pytest
from django.utils import timezone
from elastic_transport import ApiResponseMeta, BaseNode, HttpHeaders
from elastic_transport._node import NodeApiResponse
from elasticsearch.helpers import BulkIndexError
from oscar.apps.catalogue.categories import create_from_breadcrumbs

from search.backends import Hit, Query, _backend, elastic
from search.backends.elastic import (
    ElasticsearchBackend,
    corrections_from,
    product_index,
    results_from,
    search_body,
    suggest_search,
)
from search.indexing import index_products
from search.models import ProductEntry
from sellers.models import Seller
from tests.catalogue.factories import product_for_sale

RESPONSES = Path(__file__).parent / "responses"
DAY = dt.date(2025, 3, 1)
ALIAS = "kampung-test"


def recorded(name: str) -> dict[str, Any]:
    return json.loads((RESPONSES / name).read_text())


# --- a fake Elasticsearch node ----------------------------------------------------------


@dataclass
class Request:
    method: str
    path: str
    params: dict[str, str]
    body: Any


class FakeServer:
    """Answers what the backend asks, as Elasticsearch 8 does, and records each request."""

    def __init__(self) -> None:
        self.requests: list[Request] = []
        self.alias_exists = True
        #: The answer to ``GET /<indices>/_alias``.
        self.aliases: dict[str, Any] = {}
        #: Answers to searches, in order: a body, or (status, body).
        self.searches: list[Any] = []
        #: Document ids whose indexing fails.
        self.rejected: set[str] = set()
        self.on_bulk = None
        self.backend: ElasticsearchBackend

    def handle(self, method: str, target: str, body: bytes | None) -> tuple[int, Any]:
        url = urlsplit(target)
        path = unquote(url.path)
        params = dict(parse_qsl(url.query))
        text = body.decode() if body else ""
        if path == "/_bulk":
            parsed: Any = [json.loads(line) for line in text.splitlines() if line]
        else:
            parsed = json.loads(text) if text else None
        self.requests.append(Request(method, path, params, parsed))
        if method == "HEAD":
            return (200 if self.alias_exists else 404), None
        if path == "/_bulk":
            if self.on_bulk:
                self.on_bulk(parsed)
            return 200, self._bulk(parsed)
        if path.endswith("/_search"):
            answer = self.searches.pop(0)
            return answer if isinstance(answer, tuple) else (200, answer)
        if path.endswith("/_alias"):
            return 200, self.aliases
        if path.endswith("/_refresh"):
            return 200, {"_shards": {"total": 1, "successful": 1, "failed": 0}}
        if method == "PUT" and "/" not in path[1:]:
            return 200, {"acknowledged": True, "shards_acknowledged": True, "index": path[1:]}
        return 200, {"acknowledged": True}

    def _bulk(self, lines: list[dict[str, Any]]) -> dict[str, Any]:
        items, i = [], 0
        while i < len(lines):
            ((op, meta),) = lines[i].items()
            i += 1 if op == "delete" else 2
            item = {"_index": meta["_index"], "_id": str(meta["_id"]), "_version": 1}
            if op == "delete":
                item.update(result="not_found", status=404)
            elif item["_id"] in self.rejected:
                item.update(
                    status=400,
                    error={
                        "type": "document_parsing_exception",
                        "reason": "[1:230] failed to parse field [price] of type [long]",
                    },
                )
            else:
                item.update(result="created", status=201, _seq_no=i, _primary_term=1)
            items.append({op: item})
        errors = any(it[op].get("error") for it in items for op in it)
        return {"took": 3, "errors": errors, "items": items}

    def paths(self) -> list[tuple[str, str]]:
        return [(r.method, r.path) for r in self.requests]

    def bulk_actions(self) -> list[list[tuple[str, dict[str, Any], Any]]]:
        """Each bulk request as (operation, metadata, source) triples."""
        out = []
        for request in self.requests:
            if request.path != "/_bulk":
                continue
            actions, lines = [], list(request.body)
            while lines:
                ((op, meta),) = lines.pop(0).items()
                actions.append((op, meta, None if op == "delete" else lines.pop(0)))
            out.append(actions)
        return out


class FakeNode(BaseNode):
    _CLIENT_META_HTTP_CLIENT = ("fk", "1.0")
    server: FakeServer

    def perform_request(self, method, target, body=None, headers=None, request_timeout=None):
        status, payload = self.server.handle(method, target, body)
        headers = HttpHeaders(
            {"content-type": "application/json", "x-elastic-product": "Elasticsearch"}
        )
        meta = ApiResponseMeta(
            status=status, http_version="1.1", headers=headers, duration=0.0, node=self.config
        )
        return NodeApiResponse(meta, b"" if payload is None else json.dumps(payload).encode())


@pytest.fixture
def es(settings) -> FakeServer:
    settings.ELASTICSEARCH_INDEX = ALIAS
    server = FakeServer()
    node = type("Node", (FakeNode,), {"server": server})
    server.backend = ElasticsearchBackend("http://es.test:9200", node_class=node)
    return server


@pytest.fixture
def listed(settings):
    """Three listed products, their rows written by the database backend's indexing."""
    settings.ELASTICSEARCH_URL = ""
    _backend.cache_clear()
    products = {
        "robusta": product_for_sale(
            title="Kopi Robusta Lereng Ijen 250 g", category="Minuman > Kopi", price=45000
        ),
        "teh": product_for_sale(
            title="Teh Hijau Kemiren", category="Minuman > Teh", shop="Teh Kemiren", price=20000
        ),
        "batik": product_for_sale(
            title="Batik Tulis Gajah Oling",
            category="Kerajinan > Batik",
            shop="Batik Sekar Arum",
            price=750000,
        ),
    }
    index_products(product_ids=[p.pk for p in products.values()])
    assert ProductEntry.objects.count() == 3
    yield products
    _backend.cache_clear()


# --- the index definition ---------------------------------------------------------------


def test_the_index_analyses_indonesian_with_local_spellings_and_completes_titles():
    definition = product_index("kampung-products-20250301000000000000").to_dict()
    analysis = definition["settings"]["analysis"]
    assert analysis["analyzer"]["indonesian_index"]["filter"] == [
        "lowercase",
        "asciifolding",
        "indonesian_stop",
        "kampung_synonyms",
        "indonesian_stemmer",
    ]
    assert "kampung_synonyms" not in analysis["analyzer"]["indonesian_search"]["filter"]
    assert analysis["filter"]["indonesian_stop"] == {"type": "stop", "stopwords": "_indonesian_"}
    assert analysis["filter"]["indonesian_stemmer"] == {
        "type": "stemmer",
        "language": "indonesian",
    }
    synonyms = analysis["filter"]["kampung_synonyms"]
    assert synonyms["type"] == "synonym"
    assert "keripik, kripik, kripick" in synonyms["synonyms"]
    assert "kopi, coffee" in synonyms["synonyms"]

    mapping = definition["mappings"]
    fields = mapping["properties"]
    assert mapping["dynamic"] == "strict"
    for name in ("title", "context", "description"):
        assert fields[name]["analyzer"] == "indonesian_index"
        assert fields[name]["search_analyzer"] == "indonesian_search"
        assert fields[name]["fields"]["plain"]["analyzer"] == "kampung_plain"
    assert fields["suggest"]["type"] == "completion"
    assert fields["spelling"]["analyzer"] == "kampung_plain"
    assert fields["title"]["copy_to"] == fields["context"]["copy_to"] == "spelling"
    assert fields["categories"]["type"] == "integer"
    assert fields["price"]["type"] == "long"
    assert fields["listed_until"]["type"] == fields["halal_until"]["type"] == "date"
    assert fields["seller_active"]["type"] == "boolean"
    assert fields["url"] == {"type": "keyword", "index": False, "doc_values": False}
    assert definition["settings"]["number_of_shards"] == 1


# --- request bodies ---------------------------------------------------------------------


def must(body: dict[str, Any]) -> list[dict[str, Any]]:
    return body["query"]["bool"].get("must", [])


def filters(body: dict[str, Any]) -> list[dict[str, Any]]:
    return body["query"]["bool"]["filter"]


def test_every_word_must_match_as_a_word_or_a_prefix():
    body = search_body(Query(terms=("kopi", "robusta"), facets=False, day=DAY))
    per_word = must(body)
    assert len(per_word) == 2
    for word, clause in zip(("kopi", "robusta"), per_word, strict=True):
        whole, prefix = clause["bool"]["should"]
        assert whole["multi_match"] == {
            "query": word,
            "fields": ["title^3", "context^2", "description"],
            "zero_terms_query": "all",
        }
        assert prefix["multi_match"] == {
            "query": word,
            "fields": ["title.plain^3", "context.plain^2", "description.plain"],
            "type": "bool_prefix",
        }
    assert body["sort"] == [
        "_score",
        {"sold": {"order": "desc"}},
        {"product_id": {"order": "desc"}},
    ]
    assert body["suggest"]["spelling"]["text"] == "kopi robusta"
    assert body["suggest"]["spelling"]["term"]["field"] == "spelling"
    assert body["track_total_hits"] is True
    assert "aggs" not in body


def test_the_corrected_search_is_fuzzy():
    body = search_body(Query(terms=("batk",), facets=False, day=DAY), terms=("batik",), fuzzy=True)
    (clause,) = must(body)
    whole, prefix = clause["bool"]["should"]
    assert whole["multi_match"] == {
        "query": "batik",
        "fields": ["title^3", "context^2", "description"],
        "zero_terms_query": "all",
        "fuzziness": "AUTO",
        "prefix_length": 1,
    }
    assert prefix["multi_match"]["type"] == "bool_prefix"
    assert "suggest" not in body


def test_only_active_sellers_and_documents_in_force_on_the_day_are_searched():
    body = search_body(Query(facets=False, day=DAY))
    assert must(body) == []
    assert filters(body)[:2] == [
        {"term": {"seller_active": True}},
        {
            "bool": {
                "should": [
                    {"bool": {"must_not": [{"exists": {"field": "listed_until"}}]}},
                    {"range": {"listed_until": {"gte": "2025-03-01"}}},
                ]
            }
        },
    ]
    today = search_body(Query(facets=False))
    assert filters(today)[1]["bool"]["should"][1] == {
        "range": {"listed_until": {"gte": timezone.localdate().isoformat()}}
    }


def test_filters_narrow_the_query_itself():
    query = Query(
        category=2,
        filters=(
            ("category", "7"),
            ("district", "3"),
            ("village", "21"),
            ("seller", "9"),
            ("price", "25000-50000"),
            ("halal", "1"),
            ("pickup", "1"),
        ),
        facets=False,
        day=DAY,
    )
    body = search_body(query)
    assert "post_filter" not in body
    found = filters(body)[2:]
    assert {"term": {"categories": 2}} in found
    assert {"terms": {"categories": [7]}} in found
    assert {"terms": {"district_id": [3]}} in found
    assert {"terms": {"village_id": [21]}} in found
    assert {"terms": {"seller_id": [9]}} in found
    assert {"range": {"price": {"gte": 25000, "lt": 50000}}} in found
    assert {"range": {"halal_until": {"gte": "2025-03-01"}}} in found
    assert {"term": {"pickup_hall": True}} in found
    assert len(found) == 8
    top = search_body(Query(filters=(("price", "250000-"),), facets=False, day=DAY))
    assert {"range": {"price": {"gte": 250000}}} in filters(top)


@pytest.mark.parametrize(
    "sort, terms, expected",
    [
        (
            "relevancy",
            ("kopi",),
            ["_score", {"sold": {"order": "desc"}}, {"product_id": {"order": "desc"}}],
        ),
        ("relevancy", (), [{"date_created": {"order": "desc"}}, {"product_id": {"order": "desc"}}]),
        (
            "newest",
            ("kopi",),
            [{"date_created": {"order": "desc"}}, {"product_id": {"order": "desc"}}],
        ),
        ("price-asc", (), ["price", "product_id"]),
        (
            "price-desc",
            ("kopi",),
            [{"price": {"order": "desc"}}, {"product_id": {"order": "desc"}}],
        ),
        ("best-selling", (), [{"sold": {"order": "desc"}}, {"product_id": {"order": "desc"}}]),
    ],
)
def test_sorts(sort, terms, expected):
    assert search_body(Query(terms=terms, sort=sort, facets=False, day=DAY))["sort"] == expected


def test_a_page_is_from_and_size_with_only_the_card_fields():
    body = search_body(Query(offset=48, limit=24, facets=False, day=DAY))
    assert (body["from"], body["size"]) == (48, 24)
    assert body["_source"] == list(Hit.__dataclass_fields__)
    last = search_body(Query(offset=9990, limit=24, facets=False, day=DAY))
    assert (last["from"], last["size"]) == (9990, 10)
    beyond = search_body(Query(offset=10_008, limit=24, facets=False, day=DAY))
    assert (beyond["from"], beyond["size"]) == (10_000, 0)  # Elasticsearch refuses more


@pytest.mark.django_db
def test_facets_count_the_results_and_the_categories_below_the_chosen_one():
    kopi = create_from_breadcrumbs("Minuman > Kopi")
    teh = create_from_breadcrumbs("Minuman > Teh")
    batik = create_from_breadcrumbs("Kerajinan > Batik")
    minuman, kerajinan = kopi.get_parent(), batik.get_parent()

    body = search_body(Query(terms=("kopi",), day=DAY))
    aggs = body["aggs"]
    assert aggs["category"] == {
        "terms": {"field": "categories", "include": [minuman.pk, kerajinan.pk], "size": 2}
    }
    for name in ("district", "village", "seller"):
        assert aggs[name] == {"terms": {"field": f"{name}_id", "size": elastic.FACET_SIZE}}
    assert aggs["price"]["range"]["field"] == "price"
    assert aggs["price"]["range"]["ranges"][0] == {"key": "0-25000", "from": 0, "to": 25000}
    assert aggs["price"]["range"]["ranges"][-1] == {"key": "250000-", "from": 250000}
    assert aggs["halal"] == {"filter": {"range": {"halal_until": {"gte": "2025-03-01"}}}}
    assert aggs["pickup"] == {"filter": {"term": {"pickup_hall": True}}}

    page = search_body(Query(category=minuman.pk, day=DAY))
    assert page["aggs"]["category"]["terms"]["include"] == [kopi.pk, teh.pk]
    narrowed = search_body(Query(category=minuman.pk, filters=(("category", str(kopi.pk)),)))
    assert "category" not in narrowed["aggs"]  # Kopi has no subcategories
    assert "district" in narrowed["aggs"]


# --- parsing responses ------------------------------------------------------------------


def test_results_from_a_recorded_response():
    results = results_from(
        recorded("search_kopi.json"), Query(terms=("kopi",), day=DAY), children=[11, 12, 13]
    )
    assert results.total == 3
    assert results.hits[0] == Hit(
        product_id=101,
        title="Kopi Robusta Lereng Ijen 250 g",
        url="/katalog/kopi-robusta-lereng-ijen-250-g_101/",
        image="/media/cache/3f/1a/3f1a9c.webp",
        price=45000,
        seller_name="Kopi Lereng Ijen",
        seller_url="/toko/kopi-lereng-ijen/",
        village_name="Kemiren",
        in_stock=True,
        simple=True,
    )
    assert [h.product_id for h in results.hits] == [101, 117, 98]
    assert results.hits[1].in_stock is False and results.hits[2].simple is False
    assert results.facets == {
        "category": [("11", 1), ("12", 2)],  # the tree's order, empty ones left out
        "district": [("3", 2), ("5", 1)],
        "village": [("21", 2), ("40", 1)],
        "seller": [("7", 2), ("9", 1)],
        "price": [("25000-50000", 1), ("50000-100000", 1), ("100000-250000", 1)],
        "halal": [("1", 2)],
    }
    assert results.corrected == ()


def test_no_results_have_no_facets():
    results = results_from(
        recorded("search_batk_nothing.json"), Query(terms=("batk",)), children=[]
    )
    assert (results.hits, results.total, results.facets) == ([], 0, {})


def test_misspelt_words_are_corrected_from_the_spelling_suggester():
    response = recorded("search_batk_nothing.json")
    assert corrections_from(response, ("batk", "tulis")) == ("batik", "tulis")
    short = {
        "suggest": {
            "spelling": [
                {
                    "text": "kpi",
                    "offset": 0,
                    "length": 3,
                    "options": [{"text": "kopi", "score": 0.6, "freq": 3}],
                }
            ]
        }
    }
    assert corrections_from(short, ("kpi",)) == ("kpi",)
    assert corrections_from({}, ("batk",)) == ("batk",)


# --- searching and suggesting through the client ----------------------------------------


@pytest.mark.django_db
def test_a_search_that_finds_nothing_is_run_again_corrected(es):
    es.searches = [recorded("search_batk_nothing.json"), recorded("search_batik_tulis.json")]
    results = es.backend.search(Query(terms=("batk", "tulis"), day=DAY))
    assert results.corrected == ("batik", "tulis")
    assert [h.title for h in results.hits] == ["Batik Tulis Gajah Oling"]
    assert results.facets["pickup"] == [("1", 1)]
    first, again = [r for r in es.requests if r.path == f"/{ALIAS}/_search"]
    assert [c["bool"]["should"][0]["multi_match"]["query"] for c in must(first.body)] == [
        "batk",
        "tulis",
    ]
    assert [c["bool"]["should"][0]["multi_match"]["query"] for c in must(again.body)] == [
        "batik",
        "tulis",
    ]
    assert "fuzziness" not in json.dumps(first.body)
    assert must(again.body)[0]["bool"]["should"][0]["multi_match"]["fuzziness"] == "AUTO"
    assert "suggest" not in again.body


@pytest.mark.django_db
def test_a_search_before_any_index_exists_finds_nothing(es):
    es.searches = [
        (
            404,
            {
                "error": {
                    "root_cause": [
                        {"type": "index_not_found_exception", "reason": "no such index"}
                    ],
                    "type": "index_not_found_exception",
                    "reason": f"no such index [{ALIAS}]",
                    "index": ALIAS,
                },
                "status": 404,
            },
        )
    ]
    results = es.backend.search(Query(terms=("kopi",)))
    assert (results.hits, results.total) == ([], 0)


@pytest.mark.django_db
def test_suggestions_complete_listed_products_and_name_categories_and_shops(es):
    product_for_sale(title="Kopi Robusta Lereng Ijen 250 g", category="Minuman > Kopi")
    es.searches = [recorded("suggest_kopi.json")]
    found = es.backend.suggest("Kopi", limit=5, day=DAY)
    # Expired documents (133) and a suspended shop (140) are left out.
    assert [p["url"] for p in found.products] == [
        "/katalog/kopi-robusta-lereng-ijen-250-g_101/",
        "/katalog/paket-kopi-arabika-dan-gula-aren_98/",
        "/katalog/kopi-lanang-kalibaru-200-g_117/",
    ]
    assert found.products[0] == {
        "title": "Kopi Robusta Lereng Ijen 250 g",
        "url": "/katalog/kopi-robusta-lereng-ijen-250-g_101/",
    }
    assert [c["name"] for c in found.categories] == ["Kopi"]
    assert [s["name"] for s in found.shops] == ["Kopi Lereng Ijen"]
    (request,) = es.requests
    assert request.path == f"/{ALIAS}/_search"
    assert request.body == suggest_search("Kopi", limit=5).to_dict()
    assert request.body["size"] == 0
    assert request.body["suggest"]["products"] == {
        "prefix": "kopi",
        "completion": {"field": "suggest", "size": 20},
    }

    es.searches = [recorded("suggest_kopi.json")]
    assert len(es.backend.suggest("kopi", limit=2, day=DAY).products) == 2
    assert es.backend.suggest("  ?? ") == type(found)()


# --- indexing ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_index_upserts_the_listed_and_deletes_the_rest_in_one_bulk_request(es, listed, settings):
    settings.SEARCH_INDEX_IMMEDIATE = False  # the site's indexing, after commit
    robusta, teh = listed["robusta"], listed["teh"]
    gone = robusta.pk + 1000
    es.backend.index([robusta.pk, gone, teh.pk])

    assert es.paths() == [("HEAD", f"/_alias/{ALIAS}"), ("PUT", "/_bulk")]
    bulk = es.requests[-1]
    assert bulk.params == {"require_alias": "true", "refresh": "wait_for"}  # caches restart after
    (actions,) = es.bulk_actions()
    assert [(op, meta) for op, meta, _ in actions] == [
        ("index", {"_index": ALIAS, "_id": robusta.pk}),
        ("index", {"_index": ALIAS, "_id": teh.pk}),
        ("delete", {"_index": ALIAS, "_id": gone}),
    ]
    source = actions[0][2]
    entry = ProductEntry.objects.get(pk=robusta.pk)
    kopi = create_from_breadcrumbs("Minuman > Kopi")
    assert source["product_id"] == robusta.pk
    assert source["title"] == "Kopi Robusta Lereng Ijen 250 g"
    assert source["categories"] == sorted([kopi.pk, kopi.get_parent().pk])
    assert source["price"] == 45000
    assert source["seller_id"] == entry.seller_id
    assert source["district_id"] == entry.district_id
    assert source["seller_active"] is True
    assert "listed_until" not in source
    assert source["context"] == entry.context
    assert source["url"] == entry.url
    assert source["suggest"]["input"][:2] == [
        "Kopi Robusta Lereng Ijen 250 g",
        "Robusta Lereng Ijen 250 g",
    ]
    assert source["suggest"]["input"][-1] == "Kopi Lereng Ijen"

    es.backend.index([teh.pk])
    assert es.paths()[-1] == ("PUT", "/_bulk")  # the alias is checked once
    settings.SEARCH_INDEX_IMMEDIATE = True  # tests: searched right after the change
    es.backend.index([teh.pk])
    assert es.requests[-1].params == {"require_alias": "true", "refresh": "wait_for"}


@pytest.mark.django_db
def test_a_suspended_sellers_products_are_indexed_as_inactive(es, listed):
    entry = ProductEntry.objects.get(pk=listed["batik"].pk)
    Seller.objects.filter(pk=entry.seller_id).update(status=Seller.Status.SUSPENDED)
    es.backend.index([entry.pk])
    ((_op, _meta, source),) = es.bulk_actions()[0]
    assert source["seller_active"] is False


@pytest.mark.django_db
def test_the_first_write_creates_an_empty_index_behind_the_alias(es, listed):
    es.alias_exists = False
    es.backend.index([listed["teh"].pk])
    first = f"{ALIAS}-{'0' * 20}"
    assert es.paths() == [("HEAD", f"/_alias/{ALIAS}"), ("PUT", f"/{first}"), ("PUT", "/_bulk")]
    created = es.requests[1].body
    assert created["aliases"] == {ALIAS: {}}
    assert created["mappings"]["properties"]["suggest"]["type"] == "completion"


@pytest.mark.django_db
def test_a_document_refused_by_elasticsearch_is_an_error(es, listed):
    es.rejected = {str(listed["teh"].pk)}
    with pytest.raises(BulkIndexError) as refused:
        es.backend.index([listed["teh"].pk, listed["batik"].pk + 1000])
    assert len(refused.value.errors) == 1  # the delete of a missing document is fine
    assert refused.value.errors[0]["index"]["status"] == 400


# --- rebuilding -------------------------------------------------------------------------

OLD = f"{ALIAS}-20250201000000000000"
LEFTOVER = f"{ALIAS}-20250215000000000000"  # a rebuild that failed half-way


@pytest.mark.django_db
def test_rebuild_loads_a_new_index_swaps_the_alias_and_deletes_the_old(es, listed, monkeypatch):
    monkeypatch.setattr(elastic, "CHUNK", 2)
    es.aliases = {OLD: {"aliases": {ALIAS: {}}}, LEFTOVER: {"aliases": {}}}
    out = io.StringIO()
    es.backend.rebuild(stdout=out)

    new = es.requests[1].path[1:]
    assert re.fullmatch(rf"{ALIAS}-\d{{20}}", new) and new > LEFTOVER
    assert es.paths() == [
        ("GET", f"/{ALIAS},{ALIAS}-*/_alias"),
        ("PUT", f"/{new}"),
        ("PUT", "/_bulk"),
        ("PUT", "/_bulk"),
        ("PUT", f"/{new}/_settings"),
        ("POST", f"/{new}/_refresh"),
        ("POST", "/_aliases"),
        ("DELETE", f"/{OLD},{LEFTOVER}"),
    ]
    assert es.requests[0].params == {"ignore_unavailable": "true"}
    created = es.requests[1].body
    assert created["settings"]["refresh_interval"] == "-1"
    assert "kampung_synonyms" in created["settings"]["analysis"]["filter"]
    assert created["mappings"] == product_index(new).to_dict()["mappings"]
    chunks = es.bulk_actions()
    assert [len(c) for c in chunks] == [2, 1]
    assert {meta["_index"] for c in chunks for _op, meta, _s in c} == {new}
    assert sorted(meta["_id"] for c in chunks for _op, meta, _s in c) == sorted(
        p.pk for p in listed.values()
    )
    assert es.requests[4].body == {"refresh_interval": None}
    assert es.requests[6].body == {
        "actions": [
            {"remove": {"index": OLD, "alias": ALIAS}},
            {"add": {"index": new, "alias": ALIAS}},
        ]
    }
    assert out.getvalue().splitlines() == [
        f"{new}: 2 documents",
        f"{new}: 3 documents",
        f"{ALIAS} → {new} (3 documents)",
    ]


@pytest.mark.django_db
def test_rows_written_while_loading_reach_the_new_index_after_the_swap(es, listed, monkeypatch):
    monkeypatch.setattr(elastic, "CHUNK", 2)
    edited, removed, _last = sorted(p.pk for p in listed.values())

    def meanwhile(lines):
        if len(es.bulk_actions()) == 1:  # while the first chunk (edited, removed) loads
            ProductEntry.objects.filter(pk=edited).update(
                title="Kopi Robusta Lereng Ijen 500 g",
                indexed_at=timezone.now() + dt.timedelta(seconds=1),
            )
            ProductEntry.objects.filter(pk=removed).delete()

    es.on_bulk = meanwhile
    es.backend.rebuild()
    assert es.paths()[-2:] == [("POST", "/_aliases"), ("PUT", "/_bulk")]
    catch_up = es.bulk_actions()[-1]
    assert [(op, meta["_index"], meta["_id"]) for op, meta, _s in catch_up] == [
        ("index", ALIAS, edited),
        ("delete", ALIAS, removed),
    ]
    assert catch_up[0][2]["title"] == "Kopi Robusta Lereng Ijen 500 g"


@pytest.mark.django_db
def test_a_failed_rebuild_deletes_its_index_and_leaves_the_alias(es, listed):
    es.aliases = {OLD: {"aliases": {ALIAS: {}}}}
    es.rejected = {str(listed["teh"].pk)}
    with pytest.raises(BulkIndexError):
        es.backend.rebuild()
    new = es.requests[1].path[1:]
    assert es.paths()[-1] == ("DELETE", f"/{new}")
    assert ("POST", "/_aliases") not in es.paths()


@pytest.mark.django_db
def test_a_stray_index_under_the_alias_name_is_replaced(es, listed):
    es.aliases = {ALIAS: {"aliases": {}}}
    es.backend.rebuild()
    new = es.requests[1].path[1:]
    swap = next(r for r in es.requests if r.path == "/_aliases")
    assert swap.body["actions"] == [
        {"remove_index": {"index": ALIAS}},
        {"add": {"index": new, "alias": ALIAS}},
    ]
