"""The backends the contract tests run on: the database always (PostgreSQL with
``DATABASE_URL``, else SQLite), Elasticsearch whenever ``ELASTICSEARCH_URL`` is set."""

from __future__ import annotations

import os

import pytest

BACKENDS = ["database", "elasticsearch"]


@pytest.fixture(params=BACKENDS)
def search_backend(request, settings):
    """The backend under test, configured; the index is rebuilt from the listing by
    ``indexed`` (below) before a test reads it."""
    from search.backends import _backend

    if request.param == "elasticsearch":
        url = os.environ.get("ELASTICSEARCH_URL", "")
        if not url:
            pytest.skip(
                "ELASTICSEARCH_URL is not set: the Elasticsearch backend is "
                "tested offline in test_elastic.py"
            )
        settings.ELASTICSEARCH_URL = url
        settings.ELASTICSEARCH_INDEX = f"kampung-test-{os.getpid()}"
    else:
        settings.ELASTICSEARCH_URL = ""
    _backend.cache_clear()
    engine = _backend(settings.ELASTICSEARCH_URL)
    yield engine
    if request.param == "elasticsearch":
        # By name: Elasticsearch 8 refuses to delete by wildcard.
        names = list(engine.client.indices.get(index=f"{settings.ELASTICSEARCH_INDEX}*"))
        if names:
            engine.client.indices.delete(index=",".join(names))
    _backend.cache_clear()


@pytest.fixture
def goods():
    """Four listed products of three shops in three categories, at four price ranges."""
    from tests.catalogue.factories import product_for_sale

    return {
        "robusta": product_for_sale(title="Kopi Robusta Glenmore 250 g", price=45000),
        "lanang": product_for_sale(title="Kopi Lanang Kalibaru 200 g", price=60000),
        "batik": product_for_sale(
            title="Batik Tulis Gajah Oling",
            category="Batik & Kain > Batik Tulis",
            shop="Batik Sekar Arum",
            price=750000,
        ),
        "keripik": product_for_sale(
            title="Keripik Singkong Pedas", category="Camilan", shop="Dapur Bu Sri", price=15000
        ),
    }
