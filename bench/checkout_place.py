"""Benchmark of placing a checkout: 3 sellers × 2 lines, one order per seller.

    .venv/bin/python bench/checkout_place.py [--checkouts 200]

Runs in a throwaway database it creates and destroys: a temporary SQLite file, or with
``DATABASE_URL`` set, a PostgreSQL database named by ``BENCH_DATABASE_NAME`` (default
``kampung_bench_checkout``) on that server; never the test suite's databases. Tables are
created without migrations.

Each round fills a new basket (not timed) and times ``checkout.services.checkout_place``:
the locked basket, the lines checked, stock allocated by conditional updates, the
reference counter, one checkout and three orders with their lines, addresses and status
history, in one transaction. The emails are queued to Celery after commit, as in
production (here the queueing is counted, the sending is not).

Then the card path's extra server time against localstripe (started here): creating the
PaymentIntent, verifying it on the buyer's return, and the webhook (receive and handle).

For reference it also times Oscar's own ``OrderCreator.place_order`` for one order of six
lines from one partner (what the stock checkout does per basket). Prints p50, p95 and max
in milliseconds and the queries per placement. The target is p95 under 250 ms on
PostgreSQL. A benchmark prints numbers; it never fails on a time.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings.test")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def summary(times: list[float], queries: list[int]) -> str:
    return (
        f"p50 {statistics.median(times):6.1f} ms  p95 {percentile(times, 0.95):6.1f} ms"
        f"  max {max(times):6.1f} ms  queries {min(queries)}-{max(queries)}"
    )


def world():
    """Three shops in Pesanggaran's villages with halls, two products each, deep stock."""
    from django.contrib.auth import get_user_model
    from oscar.core.loading import get_model
    from oscar.test.factories import create_product

    from payments.models import SellerPayment
    from registry.models import Village
    from registry.services import regions_load
    from sellers.models import Seller
    from shipping.models import SellerShipping

    Partner = get_model("partner", "Partner")
    regions_load(code="35.10.01")
    villages = list(Village.objects.filter(code__startswith="35.10.01.").order_by("code"))
    Village.objects.update(hall_address="Jl. Raya No. 1", hall_hours="Senin–Jumat 08.00–15.00")
    shops = []
    for index, name in enumerate(("Kopi Lereng Ijen", "Batik Gajah Oling", "Keripik Bu Sri")):
        partner = Partner.objects.create(name=name)
        user = get_user_model().objects.create_user(
            username=f"penjual{index}", email=f"penjual{index}@bench.test", password="x"
        )
        seller = Seller.objects.create(
            partner=partner,
            user=user,
            slug=f"toko-{index}",
            village=villages[index],
            whatsapp="+6281234567890",
            status=Seller.Status.ACTIVE,
        )
        SellerPayment.objects.create(
            seller=seller, bank_name="BRI", bank_account="0123456789", bank_holder=name
        )
        SellerShipping.objects.create(seller=seller)
        products = []
        for number in range(2):
            product = create_product(
                title=f"{name} {number}",
                product_class="Produk UMKM",
                partner_name=name,
                price=Decimal(15000 + 5000 * number),
                num_in_stock=1_000_000,
            )
            product.weight_grams = 400
            product.save()
            products.append(product)
        shops.append((seller, products))
    return villages, shops


def basket_fill(products):
    from oscar.core.loading import get_class, get_model

    Basket = get_model("basket", "Basket")
    Selector = get_class("partner.strategy", "Selector")
    basket = Basket.objects.create()
    basket.strategy = Selector().strategy()
    for product in products:
        basket.add_product(product, 1)
    basket = Basket.objects.get(pk=basket.pk)
    basket.strategy = Selector().strategy()
    return basket


def run(count: int) -> None:
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    from checkout import tasks
    from checkout.services import Buyer, Choice, checkout_place
    from shipping.methods import Fulfilment

    queued: list = []
    tasks.checkout_placed_notify.delay = lambda **kwargs: queued.append(kwargs)

    villages, shops = world()
    buyer = Buyer(
        email="sari@bench.test",
        whatsapp="+6281298765432",
        recipient="Sari Wulandari",
        street="Jl. Melati No. 5",
        rt="002",
        rw="001",
        village=villages[3],
        postcode="68488",
    )
    choices = {
        str(shops[0][0].pk): Choice(fulfilment=Fulfilment.COURIER, payment_method="transfer"),
        str(shops[1][0].pk): Choice(fulfilment=Fulfilment.PICKUP_HALL, payment_method="cash"),
        str(shops[2][0].pk): Choice(fulfilment=Fulfilment.PICKUP_SELLER, payment_method="transfer"),
    }
    products = [product for _seller, items in shops for product in items]

    if connection.vendor == "sqlite":
        version = connection.Database.sqlite_version
    else:
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            version = cursor.fetchone()[0]
    print(f"database: {connection.vendor} {version}; {count} checkouts of 3 sellers x 2 lines")

    for _warm in range(5):
        checkout_place(basket=basket_fill(products), buyer=buyer, choices=choices)
    times = []
    queries = []
    for _round in range(count):
        basket = basket_fill(products)
        reset_queries()
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            checkout = checkout_place(basket=basket, buyer=buyer, choices=choices)
            times.append((time.perf_counter() - start) * 1000)
        queries.append(len(captured))
        assert checkout.orders.count() == 3
    print(f"checkout_place:    {summary(times, queries)}")

    from oscar.apps.order.utils import OrderCreator, OrderNumberGenerator
    from oscar.core.prices import Price

    class Method:
        name, code = "Kurir lokal", "courier"

    one_shop = shops[0][1] * 3
    times = []
    queries = []
    for _round in range(count):
        basket = basket_fill(one_shop)
        total = basket.total_incl_tax
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            OrderCreator().place_order(
                basket=basket,
                total=Price("IDR", total, incl_tax=total),
                shipping_method=Method(),
                shipping_charge=Price("IDR", Decimal(0), incl_tax=Decimal(0)),
                order_number=OrderNumberGenerator().order_number(basket),
            )
            times.append((time.perf_counter() - start) * 1000)
        queries.append(len(captured))
    print(f"Oscar place_order: {summary(times, queries)}  (one order, 6 lines)")

    card(min(count, 100), shops=shops, buyer=buyer, products=products)


def localstripe_start():
    """localstripe on a free port (the card path's Stripe here; no internet)."""
    import socket
    import subprocess

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "localstripe", "--port", str(port), "--from-scratch"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=tempfile.gettempdir(),
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return process, f"http://127.0.0.1:{port}"
        except OSError:
            time.sleep(0.05)
    process.kill()
    raise SystemExit("localstripe did not start")


def card(count: int, *, shops, buyer, products) -> None:
    """The card path's extra server time against localstripe: creating the PaymentIntent
    (first visit of the card page), verifying it on the buyer's return, and handling the
    webhook (signature check and keeping the event, then the task's work)."""
    import json
    from types import SimpleNamespace

    from django.conf import settings
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    from checkout import tasks as checkout_tasks
    from checkout.services import Choice, checkout_place
    from payments import tasks as payment_tasks
    from payments.services.card import card_intent_ensure, card_settle
    from payments.services.webhook import stripe_event_handle, stripe_event_receive
    from shipping.methods import Fulfilment
    from tests.payments.card import browser_pays, events_of, signature

    process, url = localstripe_start()
    server = SimpleNamespace(url=url, secret_key="sk_test_bench", publishable_key="pk_test_bench")
    settings.STRIPE_SECRET_KEY = server.secret_key
    settings.STRIPE_PUBLISHABLE_KEY = server.publishable_key
    settings.STRIPE_WEBHOOK_SECRET = "whsec_bench"
    settings.STRIPE_API_BASE = url
    queued: list = []
    payment_tasks.stripe_event.delay = lambda **kwargs: queued.append(kwargs)
    for name in ("order_status_notify", "card_paid_notify"):
        getattr(checkout_tasks, name).delay = lambda **kwargs: None
    choices = {
        str(seller.pk): Choice(fulfilment=Fulfilment.PICKUP_HALL, payment_method="card")
        for seller, _items in shops
    }
    timings: dict[str, list[float]] = {"create": [], "return": [], "webhook": []}
    queries: dict[str, list[int]] = {"create": [], "return": [], "webhook": []}
    try:
        for round_ in range(count + 3):
            checkout = checkout_place(basket=basket_fill(products), buyer=buyer, choices=choices)
            reset_queries()
            with CaptureQueriesContext(connection) as captured:
                start = time.perf_counter()
                payment, _intent = card_intent_ensure(checkout=checkout)
                create = (time.perf_counter() - start) * 1000
            create_queries = len(captured)
            browser_pays(server, payment.intent_id)  # the buyer's browser: not server time
            reset_queries()
            with CaptureQueriesContext(connection) as captured:
                start = time.perf_counter()
                card_settle(checkout=checkout)
                back = (time.perf_counter() - start) * 1000
            back_queries = len(captured)
            (event,) = events_of(server, payment.intent_id, "payment_intent.succeeded")
            payload = json.dumps(event).encode()
            reset_queries()
            with CaptureQueriesContext(connection) as captured:
                start = time.perf_counter()
                row = stripe_event_receive(
                    payload=payload, signature=signature(payload, settings.STRIPE_WEBHOOK_SECRET)
                )
                stripe_event_handle(event_pk=row.pk)
                hook = (time.perf_counter() - start) * 1000
            if round_ < 3:
                continue  # warming up
            for key, value, number in (
                ("create", create, create_queries),
                ("return", back, back_queries),
                ("webhook", hook, len(captured)),
            ):
                timings[key].append(value)
                queries[key].append(number)
            assert {o.status for o in checkout.orders.all()} == {"Dibayar"}
    finally:
        process.terminate()
        process.wait(timeout=10)
    print(f"card path, {count} checkouts of 3 sellers against localstripe:")
    print(f"  create intent:   {summary(timings['create'], queries['create'])}")
    print(f"  verify on return:{summary(timings['return'], queries['return'])}")
    print(f"  webhook (both):  {summary(timings['webhook'], queries['webhook'])}")
    total = [a + b + c for a, b, c in zip(*timings.values(), strict=True)]
    p50, p95 = statistics.median(total), percentile(total, 0.95)
    print(f"  extra per checkout: p50 {p50:.1f} ms  p95 {p95:.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--checkouts", type=int, default=200)
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment, teardown_test_environment

    with tempfile.TemporaryDirectory(prefix="bench-checkout-") as workdir:
        test = connection.settings_dict.setdefault("TEST", {})
        if connection.vendor == "sqlite":
            test["NAME"] = str(Path(workdir) / "bench.sqlite3")
        else:
            test["NAME"] = os.environ.get("BENCH_DATABASE_NAME", "kampung_bench_checkout")
        test["MIGRATE"] = False
        setup_test_environment()
        old_name = connection.creation.create_test_db(
            verbosity=0, autoclobber=True, serialize=False
        )
        try:
            run(args.checkouts)
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)
            teardown_test_environment()


if __name__ == "__main__":
    main()
