"""The configured search backend: Elasticsearch when ``ELASTICSEARCH_URL`` is set, else
the database (PostgreSQL full text, or SQLite FTS5 in the embedded demo)."""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings

from .base import FACETS, SORTS, Backend, Hit, Query, Results, Suggestions

__all__ = ["FACETS", "SORTS", "Backend", "Hit", "Query", "Results", "Suggestions", "backend"]


@lru_cache(maxsize=4)
def _backend(url: str) -> Backend:
    if url:
        from .elastic import ElasticsearchBackend

        return ElasticsearchBackend(url)
    from .database import DatabaseBackend

    return DatabaseBackend()


def backend() -> Backend:
    return _backend(settings.ELASTICSEARCH_URL)
