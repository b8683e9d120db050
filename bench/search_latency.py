"""Search latency over 200 fixed queries, straight at the search backend (no cache, no
HTTP): single words, two words, misspellings, with and without facet filters, and the
suggestions endpoint's lookup.

    .venv/bin/python bench/search_latency.py [--products 10000,100000] [--reuse]

Needs ``DATABASE_URL`` pointing at PostgreSQL (without it, prints why and exits 0). Builds
a throwaway database named by ``BENCH_DATABASE_NAME`` (default ``kampung_bench_search``) on
that server: ``migrate``, ``seed_demo``, then for each size ``bench_catalogue --products N``
(which rebuilds the search index), and times every query once warm. Prints p50, p95 and
max in milliseconds per kind of query, and the time ``bench_catalogue`` and the reindex
took. Targets: p95 under 50 ms at 100,000 products, suggestions p95 under 20 ms. A
benchmark prints numbers; it never fails on a time.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WORDS = [
    "kopi",
    "batik",
    "keripik",
    "sambal",
    "madu",
    "tas",
    "gula",
    "teh",
    "kue",
    "tempe",
    "robusta",
    "arabika",
    "singkong",
    "pisang",
    "bambu",
    "anyaman",
    "kain",
    "dodol",
    "jahe",
    "kerupuk",
    "pedas",
    "bubuk",
    "tulis",
    "osing",
    "ijen",
    "gandrung",
    "aren",
    "emping",
]
PAIRS = [
    "kopi robusta",
    "keripik pisang",
    "batik tulis",
    "sambal bawang",
    "gula aren",
    "tas anyaman",
    "kopi bubuk",
    "keripik singkong",
    "madu hutan",
    "kain batik",
    "teh jahe",
    "kue kering",
    "kerupuk ikan",
    "batik gajah",
    "kopi lanang",
]
TYPOS = [
    "batk",
    "kripik",
    "sambel",
    "robustha",
    "anyman",
    "keripk",
    "kopii",
    "madhu",
    "pisng",
    "singkng",
    "kerupk",
    "gandrng",
    "btik tulis",
    "kopi robsta",
    "sambal bawng",
]
PREFIXES = ["ko", "kop", "bat", "ker", "sam", "ma", "tas", "gul", "te", "ba", "kri", "an"]


def queries() -> list[tuple[str, str, dict]]:
    """200 (kind, text, filters) in a fixed order."""
    out: list[tuple[str, str, dict]] = []
    for word in WORDS:
        out.append(("one word", word, {}))
    for pair in PAIRS:
        out.append(("two words", pair, {}))
    for typo in TYPOS:
        out.append(("misspelt", typo, {}))
    facets = [
        {"price": "25000-50000"},
        {"halal": "1"},
        {"pickup": "1"},
        {"price": "50000-100000", "halal": "1"},
    ]
    words = WORDS + PAIRS
    i = 0
    while len(out) < 140:
        out.append(("word + facet", words[i % len(words)], facets[i % len(facets)]))
        i += 1
    sorts = ["newest", "price-asc", "price-desc", "best-selling"]
    while len(out) < 170:
        out.append(("word + sort", words[i % len(words)], {"sort": sorts[i % len(sorts)]}))
        i += 1
    while len(out) < 185:
        out.append(("browse + facet", "", facets[i % len(facets)]))
        i += 1
    while len(out) < 200:
        out.append(("category page", "", {"category": None, "page": 1 + i % 5}))
        i += 1
    return out


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def manage(*args: str, env: dict) -> None:
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        check=True,
        env=env,
        stdout=subprocess.DEVNULL,
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--products", default="10000,100000")
    parser.add_argument("--reuse", action="store_true", help="keep the database's demo")
    options = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        print("search_latency: set DATABASE_URL to a PostgreSQL server to run this benchmark.")
        return 0
    name = os.environ.get("BENCH_DATABASE_NAME", "kampung_bench_search")
    parts = urlsplit(url)
    bench_url = urlunsplit(parts._replace(path="/" + name))
    env = {
        **os.environ,
        "DATABASE_URL": bench_url,
        "DJANGO_SETTINGS_MODULE": "marketplace.settings.dev",
    }
    env.pop("REDIS_URL", None)  # tasks in-process; the backend is timed, not the cache
    admin = urlunsplit(parts._replace(path="/postgres"))
    if not options.reuse:
        subprocess.run(["psql", admin, "-qc", f'DROP DATABASE IF EXISTS "{name}"'], check=True)
        subprocess.run(["psql", admin, "-qc", f'CREATE DATABASE "{name}"'], check=True)
        manage("migrate", env=env)
        manage("seed_demo", env=env)

    os.environ.update(
        {"DATABASE_URL": bench_url, "DJANGO_SETTINGS_MODULE": "marketplace.settings.dev"}
    )
    os.environ.pop("REDIS_URL", None)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from oscar.core.loading import get_model

    from search.backends import Query, backend
    from search.text import terms

    Category = get_model("catalogue", "Category")
    print(f"Search latency, PostgreSQL, backend: {backend().name}")
    for size in [int(s) for s in options.products.split(",") if s.strip()]:
        started = time.monotonic()
        call_command("bench_catalogue", products=size, no_index=True, stdout=open(os.devnull, "w"))
        generated = time.monotonic() - started
        started = time.monotonic()
        call_command("search_reindex", stdout=open(os.devnull, "w"))
        reindexed = time.monotonic() - started
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        category = Category.get_root_nodes().order_by("path").first()
        engine = backend()
        times: dict[str, list[float]] = {}
        totals = []
        for _round in range(2):  # the first round warms the caches of PostgreSQL
            times = {}
            for kind, text, extra in queries():
                extra = dict(extra)
                sort = extra.pop("sort", "relevancy" if text else "newest")
                page = extra.pop("page", 1)
                cat = extra.pop("category", "none")
                query = Query(
                    terms=tuple(terms(text)),
                    category=category.pk if cat is None else None,
                    filters=tuple(extra.items()),
                    sort=sort,
                    offset=(page - 1) * 24,
                    limit=24,
                )
                t = time.perf_counter()
                found = engine.search(query)
                times.setdefault(kind, []).append((time.perf_counter() - t) * 1000)
                totals.append(found.total)
            for prefix in PREFIXES * 5:
                t = time.perf_counter()
                engine.suggest(prefix)
                times.setdefault("suggest", []).append((time.perf_counter() - t) * 1000)
        print(
            f"\n{size:,} products (generated in {generated:.0f} s, reindexed in {reindexed:.0f} s)"
        )
        print(f"{'queries':<16}{'n':>5}{'p50 ms':>10}{'p95 ms':>10}{'max ms':>10}")
        every: list[float] = []
        for kind, values in times.items():
            if kind != "suggest":
                every += values
            print(
                f"{kind:<16}{len(values):>5}{statistics.median(values):>10.1f}"
                f"{percentile(values, 0.95):>10.1f}{max(values):>10.1f}"
            )
        print(
            f"{'all 200 searches':<16}{len(every):>5}{statistics.median(every):>10.1f}"
            f"{percentile(every, 0.95):>10.1f}{max(every):>10.1f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
