"""Throughput of the listing pages under load: gunicorn with 2 sync workers, 8 connections.

    .venv/bin/python bench/listing_throughput.py [--products 10000] [--seconds 10] [--reuse]

Needs ``DATABASE_URL`` pointing at PostgreSQL (without it, prints why and exits 0), Redis
(``REDIS_URL``, default redis://127.0.0.1:6379/0) and ``wrk`` (``apt-get install wrk``).
It (re)creates a throwaway database named by ``BENCH_DATABASE_NAME`` (default
``kampung_bench_listing``) on the server of ``DATABASE_URL``, never the demo's or the test
suite's, and fills it as a developer would: ``migrate``, ``seed_demo`` and ``bench_catalogue
--products N``, which also builds the search index. ``--reuse`` keeps a database that
already holds N bench products. Media, static files and the server's log live in a folder
of the same name in the temporary directory.

The site is then served the way production serves it: gunicorn (``-w 2 -k sync``) on the
production settings (DEBUG off, static files collected and served by WhiteNoise, sessions
in the database), with the cache in Redis database ``BENCH_REDIS_DB`` (default 9, apart
from the broker's 0 and the cache's 1), flushed first, and bench values for the secrets.
Only HTTPS is relaxed (no redirect to https://), as TLS is a proxy's job.

Each page (the home page, the catalogue and its page 50, the category with most products,
a bench product, a search, search suggestions, the shop list and the biggest storefront) is
warmed and checked to answer 200 (otherwise reported and skipped), then loaded with ``wrk
-t2 -c8 -d10s --latency`` twice: anonymously, and signed in with one product in the basket
(a bench buyer signs in through the login form and adds it through the product page's
form; wrk sends that session's cookie). Prints requests per second and p50 and p95 latency
(``bench/wrk_report.lua``). A benchmark prints numbers; it never fails on a time.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

LUA = ROOT / "bench" / "wrk_report.lua"
SETTINGS_MODULE = "listing_bench_settings"
# Throwaway values for a throwaway database: never a deployment's.
SECRET_KEY = "bench-listing-throughput-not-a-secret-" + "x7Qp2Lr9Vb4Nc8Mz" * 3
NIK_KEY = "pH4xD9u2b0mX0dXJcUq4yX1JqjQb8m3o3mV7oNwQp1Y="
NIK_INDEX_KEY = "bench-listing-nik-index-key"
BUYER_EMAIL, BUYER_PASSWORD = "bench-buyer@kampungmall.test", "bench-pembeli-2026"
SETTINGS = '''"""Written by bench/listing_throughput.py: production settings, with the cache in the
bench's own Redis database and static files collected into the bench's folder."""

from marketplace.settings.production import *  # noqa: F401,F403
from marketplace.settings.production import REDIS_URL

CACHES = {{
    "default": {{"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
}}
STATIC_ROOT = {static_root!r}
'''


@dataclass
class Result:
    rps: float
    p50_ms: float
    p95_ms: float
    failures: int


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--products", type=int, default=10_000)
    parser.add_argument("--seconds", type=int, default=10, help="wrk's duration per run")
    parser.add_argument(
        "--reuse", action="store_true", help="keep the database if it already has the data"
    )
    args = parser.parse_args()

    database_url = os.environ.get("DATABASE_URL", "").strip()
    if urlsplit(database_url).scheme.split("+")[0] not in {"postgres", "postgresql", "pgsql"}:
        print("listing throughput: skipped, it needs DATABASE_URL pointing at PostgreSQL.")
        return
    if shutil.which("wrk") is None:
        print("wrk is not installed: apt-get install wrk")
        return

    from marketplace.env import redis_db_url

    name = os.environ.get("BENCH_DATABASE_NAME", "kampung_bench_listing")
    bench_url = urlsplit(database_url)._replace(path=f"/{name}").geturl()
    redis_url = redis_db_url(
        os.environ.get("REDIS_URL", "").strip() or "redis://127.0.0.1:6379/0",
        int(os.environ.get("BENCH_REDIS_DB", "9")),
    )
    import redis

    try:
        redis.Redis.from_url(redis_url, socket_connect_timeout=2).ping()
    except redis.exceptions.RedisError as exc:
        print(f"listing throughput: skipped, Redis does not answer at {redis_url} ({exc}).")
        return

    workdir = Path(tempfile.gettempdir()) / name
    workdir.mkdir(exist_ok=True)
    (workdir / f"{SETTINGS_MODULE}.py").write_text(
        SETTINGS.format(static_root=str(workdir / "static"))
    )
    server = environment(database_url=bench_url, redis_url=redis_url, workdir=workdir)
    setup = {**server, "DJANGO_SETTINGS_MODULE": "marketplace.settings.dev"}
    setup.pop("REDIS_URL")  # the demo's way: tasks in-process, so the index is built now

    reusable = (workdir / "media").is_dir() and bench_products(bench_url) == args.products
    if args.reuse and reusable:
        print(f"database {name}: reused, {args.products} bench products")
    else:
        database_recreate(database_url, name)
        print(f"database {name}: created on {urlsplit(database_url).hostname}")
        manage(["migrate", "--noinput"], env=setup)
        manage(["seed_demo"], env=setup)
        manage(["bench_catalogue", "--products", str(args.products)], env=setup)
    manage(["collectstatic", "--noinput"], env=server)
    redis.Redis.from_url(redis_url).flushdb()

    process, port = gunicorn_start(env=server, log=workdir / "gunicorn.log")
    try:
        run(args, port=port, env=server)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def environment(*, database_url: str, redis_url: str, workdir: Path) -> dict[str, str]:
    """What the production settings require, with bench values."""
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE=SETTINGS_MODULE,
        PYTHONPATH=os.pathsep.join([str(workdir), str(ROOT)]),
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        DJANGO_SECRET_KEY=SECRET_KEY,
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SECURE_SSL_REDIRECT="false",
        REGISTRY_NIK_KEYS=NIK_KEY,
        REGISTRY_NIK_INDEX_KEY=NIK_INDEX_KEY,
        MEDIA_ROOT=str(workdir / "media"),
        PRIVATE_MEDIA_ROOT=str(workdir / "private"),
        DJANGO_LOG_LEVEL="WARNING",
    )
    return env


def database_recreate(database_url: str, name: str) -> None:
    import psycopg
    from psycopg import sql

    admin = urlsplit(database_url)._replace(scheme="postgresql", path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def bench_products(bench_url: str) -> int | None:
    """How many bench products the database holds (None: no such database or tables)."""
    import psycopg

    url = urlsplit(bench_url)._replace(scheme="postgresql").geturl()
    try:
        with psycopg.connect(url, connect_timeout=5) as connection:
            row = connection.execute(
                "SELECT count(*) FROM catalogue_product WHERE upc LIKE 'BENCH-%'"
            ).fetchone()
    except psycopg.Error:
        return None
    return row[0] if row else None


def manage(command: list[str], *, env: dict[str, str]) -> None:
    """Run a management command, print how long it took; its output only if it failed."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *command],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode:
        sys.stdout.write(done.stdout[-3000:] + done.stderr[-3000:])
        raise SystemExit(f"manage.py {' '.join(command)} failed ({done.returncode})")
    print(f"manage.py {' '.join(command)}: {time.perf_counter() - started:.1f} s")


def gunicorn_start(*, env: dict[str, str], log: Path) -> tuple[subprocess.Popen, int]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    gunicorn = Path(sys.executable).with_name("gunicorn")
    with log.open("w") as output:
        process = subprocess.Popen(
            [str(gunicorn), "marketplace.wsgi", "-w", "2", "-k", "sync"]
            + ["-b", f"127.0.0.1:{port}", "--error-logfile", "-", "--no-control-socket"],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 60
    while True:
        if process.poll() is not None:
            sys.stdout.write(log.read_text()[-3000:])
            raise SystemExit("gunicorn stopped while starting")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                break
        except OSError:
            if time.monotonic() > deadline:
                process.kill()
                raise SystemExit("gunicorn did not start in 60 s") from None
            time.sleep(0.05)
    fetch(port, "/", timeout=60)  # the first answer: a worker has booted and loaded Django
    return process, port


def fetch(
    port: int,
    path: str,
    *,
    cookies: dict[str, str] | None = None,
    form: dict[str, str] | None = None,
    timeout: float = 30,
) -> tuple[int, bytes]:
    """One request without following redirects; ``cookies`` is updated from the answer."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    headers = {}
    if cookies:
        headers["Cookie"] = cookie_header(cookies)
    body = None
    if form is not None:
        body = urlencode(form)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        headers["Referer"] = f"http://127.0.0.1:{port}{path}"
    try:
        connection.request("POST" if form is not None else "GET", path, body, headers)
        response = connection.getresponse()
        content = response.read()
    finally:
        connection.close()
    if cookies is not None:
        for value in response.headers.get_all("Set-Cookie") or []:
            parsed = SimpleCookie()
            parsed.load(value)
            cookies.update({key: morsel.value for key, morsel in parsed.items()})
    return response.status, content


def cookie_header(cookies: dict[str, str]) -> str:
    return "; ".join(f"{key}={value}" for key, value in cookies.items())


def csrf_token(page: bytes) -> str:
    found = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if not found:
        raise SystemExit("no CSRF token on the page")
    return found[1].decode()


def pages() -> tuple[list[tuple[str, str]], Any]:
    """The pages to load, (label, path), and the product the signed-in buyer adds."""
    import django

    django.setup()
    from django.db.models import Count
    from oscar.core.loading import get_model

    from catalogue.management.commands.bench_catalogue import UPC_PREFIX
    from sellers.models import Seller
    from sellers.selectors import products_listed

    Category = get_model("catalogue", "Category")
    Product = get_model("catalogue", "Product")
    ProductCategory = get_model("catalogue", "ProductCategory")

    listed = products_listed(
        Product.objects.filter(
            upc__startswith=UPC_PREFIX, is_public=True, stockrecords__num_in_stock__gt=0
        )
    )
    product = listed.order_by("pk").first()
    if product is None:
        raise SystemExit("no listed bench product: did bench_catalogue run?")
    category = max(
        Category.objects.order_by("path"),
        key=lambda c: ProductCategory.objects.filter(category__path__startswith=c.path).count(),
    )
    shop = (
        Seller.objects.filter(status=Seller.Status.ACTIVE)
        .annotate(products=Count("partner__stockrecords"))
        .order_by("-products", "pk")
        .first()
    )
    found = [
        ("home", "/"),
        ("catalogue", "/catalogue/"),
        ("category", category.get_absolute_url()),
        ("catalogue p.50", "/catalogue/?page=50"),
        ("product", product.get_absolute_url()),
        ("search", "/search/?q=keripik"),
        ("suggest", "/search/suggest/?q=kop"),
        ("shops", "/shops/"),
    ]
    if shop is not None:
        found.append(("storefront", shop.get_absolute_url()))
    return found, product


def buyer_signed_in(port: int, product) -> dict[str, str]:
    """A bench buyer's session, signed in through the login form, with ``product`` added
    through its page's form: the cookies a browser would hold."""
    from django.contrib.auth import get_user_model
    from oscar.core.loading import get_model

    User = get_user_model()
    user = User.objects.filter(email__iexact=BUYER_EMAIL).first() or User(
        username="bench-buyer", email=BUYER_EMAIL
    )
    user.is_active = True
    user.set_password(BUYER_PASSWORD)
    user.save()
    get_model("basket", "Basket").objects.filter(owner=user).delete()  # one line, once more
    cookies: dict[str, str] = {}
    status, page = fetch(port, "/accounts/login/", cookies=cookies)
    status, _ = fetch(
        port,
        "/accounts/login/",
        cookies=cookies,
        form={
            "csrfmiddlewaretoken": csrf_token(page),
            "login-username": BUYER_EMAIL,
            "login-password": BUYER_PASSWORD,
            "login_submit": "1",
        },
    )
    if status != 302 or "sessionid" not in cookies:
        raise SystemExit(f"signing in answered {status} without a session")
    _, page = fetch(port, product.get_absolute_url(), cookies=cookies)
    status, _ = fetch(
        port,
        f"/basket/add/{product.pk}/",
        cookies=cookies,
        form={"csrfmiddlewaretoken": csrf_token(page), "quantity": "1"},
    )
    _, basket = fetch(port, "/basket/", cookies=cookies)
    if status != 302 or product.title.encode() not in basket:
        raise SystemExit(f"adding {product.title!r} to the basket answered {status}")
    return cookies


def wrk(port: int, path: str, *, seconds: int, cookies: dict[str, str] | None) -> Result:
    command = ["wrk", "-t2", "-c8", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    command += ["-s", str(LUA), f"http://127.0.0.1:{port}{path}"]
    if cookies:
        command += ["-H", f"Cookie: {cookie_header(cookies)}"]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    report = re.search(r"REPORT (.*)", output)
    if not (rps and report):
        raise SystemExit(f"cannot read wrk's output:\n{output}")
    values = dict(item.split("=") for item in report[1].split())
    return Result(
        rps=float(rps[1]),
        p50_ms=int(values["p50"]) / 1000,
        p95_ms=int(values["p95"]) / 1000,
        failures=int(values["non2xx"]) + int(values["socket_errors"]),
    )


def run(args, *, port: int, env: dict[str, str]) -> None:
    os.environ.update(env)
    sys.path.insert(0, env["PYTHONPATH"].split(os.pathsep)[0])
    found, product = pages()
    signed_in = buyer_signed_in(port, product)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    connection.close()
    print(
        f"PostgreSQL {version}, {args.products} bench products; gunicorn -w 2 -k sync, "
        f"production settings, Redis cache; wrk -t2 -c8 -d{args.seconds}s per run"
    )
    print(f"signed in: {BUYER_EMAIL}, basket: {product.title}")
    header = (
        f"{'page':<16}{'path':<44}| {'anon rps':>8} {'p50 ms':>7} {'p95 ms':>7} "
        f"| {'signed rps':>10} {'p50 ms':>7} {'p95 ms':>7}"
    )
    print(header)
    print("-" * len(header))
    for label, path in found:
        cells = []
        for cookies in (None, signed_in):
            status = 0
            for _warm in range(5):
                status, _ = fetch(port, path, cookies=dict(cookies) if cookies else None)
            if status != 200:
                cells.append(f"skipped: answers {status}")
                continue
            result = wrk(port, path, seconds=args.seconds, cookies=cookies)
            failed = f" ({result.failures} failed)" if result.failures else ""
            cells.append(f"{result.rps:8.1f} {result.p50_ms:7.1f} {result.p95_ms:7.1f}{failed}")
        shown = path if len(path) < 43 else path[:40] + "..."
        print(f"{label:<16}{shown:<44}| {cells[0]:<24} | {cells[1]}", flush=True)


if __name__ == "__main__":
    main()
