"""Benchmark of the sellers' product import: N valid rows from a CSV, then the update path.

    .venv/bin/python bench/import_products.py [--rows 1000]

Runs in a throwaway database it creates and destroys: a temporary SQLite file, or with
``DATABASE_URL`` set, a PostgreSQL database named by ``BENCH_DATABASE_NAME`` (default
``kampung_bench_import_products``) on that server; never the test suite's databases.
Tables are created without migrations. Another shop already sells products under the same
SKUs (they must not be matched). Prints rows, seconds and rows per second for each phase:

- create: every product is new;
- update: the same products with every price and stock changed;
- unchanged: the same file again (nothing to write);
- xlsx unchanged: the same rows as an XLSX file (reading Excel costs more than CSV).

The target is 1,000 rows in under 10 seconds. A benchmark prints numbers; it never fails
on a time.
"""

from __future__ import annotations

import argparse
import csv
import logging
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings.test")

CATEGORIES = {
    "Makanan": ("Keripik", "Kue Kering", "Sambal", "Bumbu", "Lainnya"),
    "Minuman": ("Kopi", "Teh", "Jamu", "Sirup"),
    "Kerajinan": ("Anyaman", "Batik", "Ukiran", "Lainnya"),
    "Hasil Tani": ("Beras", "Buah", "Sayur", "Rempah"),
    "Hasil Laut": ("Ikan Asin", "Terasi", "Petis"),
}
THINGS = ("Keripik", "Kopi", "Gula Aren", "Madu", "Sambal", "Tikar", "Batik Tulis", "Beras")
KINDS = ("Pisang", "Singkong", "Robusta", "Arabika", "Hutan", "Pedas", "Pandan", "Gajah Oling")
UNITS = ("pcs", "pak", "kg", "botol", "lembar")


def rows_generate(count: int) -> list[dict[str, str]]:
    """Products across the categories, written as sellers write them: a full category
    path or the category's name alone, prices with and without "Rp" and dots."""
    rng = random.Random(3510)
    rows = []
    for i in range(1, count + 1):
        parent = rng.choice(sorted(CATEGORIES))
        child = rng.choice(CATEGORIES[parent])
        category = f"{parent} > {child}" if child == "Lainnya" or rng.random() < 0.7 else child
        price = rng.randint(5, 500) * 1000
        rows.append(
            {
                "sku": f"UMKM-{i:05d}",
                "judul": f"{rng.choice(THINGS)} {rng.choice(KINDS)} {rng.randint(1, 9) * 50} g",
                "deskripsi": "Buatan rumah, dari bahan desa sendiri." if rng.random() < 0.8 else "",
                "kategori": category,
                "harga": rng.choice((f"Rp{price:,}", f"{price:,}", str(price))).replace(",", "."),
                "stok": str(rng.randint(0, 200)),
                "berat_gram": str(rng.randint(1, 40) * 50),
                "satuan": rng.choice(UNITS),
            }
        )
    return rows


def csv_write(path: Path, rows: list[dict[str, str]], columns) -> None:
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)


def xlsx_write(path: Path, rows: list[dict[str, str]], columns) -> None:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Produk")
    sheet.append(list(columns))
    for row in rows:
        sheet.append([row[c] or None for c in columns])
    workbook.save(path)


def shop_create(name: str):
    from django.contrib.auth import get_user_model
    from django.utils.text import slugify
    from oscar.core.loading import get_model

    from registry.models import Village
    from sellers.models import Seller

    partner = get_model("partner", "Partner").objects.create(name=name)
    user = get_user_model().objects.create_user(username=slugify(name), password="x")
    partner.users.add(user)
    return Seller.objects.create(
        partner=partner,
        user=user,
        slug=slugify(name),
        village=Village.objects.order_by("code").first(),
        whatsapp="+6281234567890",
    )


def timed(label: str, path: Path, seller, expect: dict[str, int]) -> None:
    from catalogue.importing import products_import

    started = time.perf_counter()
    with path.open("rb") as handle:
        result = products_import(file=handle, filename=path.name, seller=seller)
    seconds = time.perf_counter() - started
    for name, value in expect.items():
        if getattr(result, name) != value:
            raise SystemExit(f"{label}: expected {name}={value}, got {result}")
    print(f"{label:<18} {result.rows:>8} {seconds:>9.2f} {result.rows / seconds:>10.0f}")


def run(count: int, workdir: Path) -> None:
    from django.db import connection
    from oscar.apps.catalogue.categories import create_from_breadcrumbs
    from oscar.core.loading import get_model

    from catalogue.importing import COLUMNS
    from registry.services import regions_load

    regions_load(code="35.10.01")
    for parent, children in CATEGORIES.items():
        for child in children:
            create_from_breadcrumbs(f"{parent} > {child}")
    shop, other = shop_create("Toko Bench"), shop_create("Toko Lain")

    rows = rows_generate(count)
    first, changed, xlsx = workdir / "a.csv", workdir / "b.csv", workdir / "b.xlsx"
    csv_write(first, rows, COLUMNS)
    for row in rows:
        row["harga"] = str(int(row["harga"].replace("Rp", "").replace(".", "")) + 500)
        row["stok"] = str(int(row["stok"]) + 1)
    csv_write(changed, rows, COLUMNS)
    xlsx_write(xlsx, rows, COLUMNS)

    if connection.vendor == "sqlite":
        version = connection.Database.sqlite_version
    else:
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            version = cursor.fetchone()[0]
    print(f"database: {connection.vendor} {version}; {count} rows")
    print(f"{'phase':<18} {'rows':>8} {'seconds':>9} {'rows/s':>10}")
    timed("other shop create", first, other, {"created": count})
    timed("create", first, shop, {"created": count})
    timed("update", changed, shop, {"updated": count})
    timed("unchanged", changed, shop, {"unchanged": count})
    timed("xlsx unchanged", xlsx, shop, {"unchanged": count})
    StockRecord = get_model("partner", "StockRecord")
    assert StockRecord.objects.filter(partner=shop.partner).count() == count
    assert get_model("catalogue", "Product").objects.count() == 2 * count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000)
    args = parser.parse_args()

    import django

    django.setup()
    logging.getLogger("catalogue.importing").setLevel(logging.WARNING)
    from django.db import connection
    from django.test.utils import setup_test_environment, teardown_test_environment

    with tempfile.TemporaryDirectory(prefix="bench-import-") as workdir:
        test = connection.settings_dict.setdefault("TEST", {})
        if connection.vendor == "sqlite":
            test["NAME"] = str(Path(workdir) / "bench.sqlite3")
        else:
            test["NAME"] = os.environ.get("BENCH_DATABASE_NAME", "kampung_bench_import_products")
        test["MIGRATE"] = False  # tables straight from the models: seconds, not a minute
        setup_test_environment()
        old_name = connection.creation.create_test_db(
            verbosity=0, autoclobber=True, serialize=False
        )
        try:
            run(args.rows, Path(workdir))
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)
            teardown_test_environment()


if __name__ == "__main__":
    main()
