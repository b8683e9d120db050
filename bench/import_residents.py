"""Benchmark of the resident import: N valid rows from a CSV, then the update path.

    .venv/bin/python bench/import_residents.py [--rows 10000]

Runs in a throwaway database it creates and destroys: a temporary SQLite file, or with
``DATABASE_URL`` set, a PostgreSQL database named by ``BENCH_DATABASE_NAME`` (default
``kampung_bench_import``) on that server; never the test suite's databases. Tables are
created without migrations. Prints rows, seconds and rows per second for each phase:

- create: every resident is new;
- update: the same residents with every address changed;
- unchanged: the same file again (nothing to write);
- xlsx unchanged: the same rows as an XLSX file (reading Excel costs more than CSV).

A benchmark prints numbers; it never fails on a time.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import logging
import os
import random
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings.test")

VILLAGE = "35.10.01.2001"
MEN = ("Agus", "Bambang", "Hadi", "Slamet", "Sugeng", "Joko", "Eko", "Imam", "Budi", "Rudi")
WOMEN = ("Sri", "Siti", "Endang", "Dewi", "Nur", "Sumiati", "Tutik", "Rina", "Ani", "Umi")
SURNAMES = ("Santoso", "Wahyudi", "Hartono", "Purnomo", "Susilo", "Prasetyo", "Rahayu")
PLACES = ("Banyuwangi", "Genteng", "Rogojampi", "Jember", "Situbondo", "Glagah")


def rows_generate(count: int, districts: list[str]) -> list[dict[str, str]]:
    """Households of 3 to 5 people with valid NIKs (matching birth dates and genders)
    registered across Banyuwangi's districts."""
    rng = random.Random(3510)
    serials: dict[tuple[str, dt.date, str], int] = defaultdict(int)
    rows: list[dict[str, str]] = []

    def nik(district: str, birth: dt.date, gender: str) -> str:
        key = (district, birth, gender)
        serials[key] += 1
        day = birth.day + (40 if gender == "P" else 0)
        return f"{district.replace('.', '')}{day:02d}{birth:%m%y}{serials[key]:04d}"

    def birth_between(first: int, last: int) -> dt.date:
        return dt.date(rng.randint(first, last), rng.randint(1, 12), rng.randint(1, 28))

    family = 0
    while len(rows) < count:
        family += 1
        district = rng.choice(districts)
        kk = f"{VILLAGE[:8].replace('.', '')}{family:010d}"
        surname = rng.choice(SURNAMES)
        rt, rw = f"{rng.randint(1, 12):03d}", f"{rng.randint(1, 4):03d}"
        address = f"Dusun {rng.choice(('Krajan', 'Sumberejo', 'Kebonrejo', 'Tegalsari'))}"
        father = birth_between(1955, 1995)
        members = [
            ("L", father, "kepala", f"{rng.choice(MEN)} {surname}"),
            ("P", birth_between(father.year, father.year + 6), "istri", rng.choice(WOMEN)),
        ]
        for _child in range(rng.randint(1, 3)):
            gender = rng.choice("LP")
            name = rng.choice(MEN if gender == "L" else WOMEN)
            birth = birth_between(min(father.year + 20, 2020), min(father.year + 35, 2024))
            members.append((gender, birth, "anak", f"{name} {surname}"))
        for gender, birth, relation, name in members[: count - len(rows)]:
            rows.append(
                {
                    "nik": nik(rng.choice((district, rng.choice(districts))), birth, gender),
                    "nama_lengkap": name,
                    "tempat_lahir": rng.choice(PLACES),
                    "tanggal_lahir": birth.isoformat(),
                    "jenis_kelamin": gender,
                    "rt": rt,
                    "rw": rw,
                    "alamat": address,
                    "no_hp": f"0812{rng.randint(10_000_000, 99_999_999)}"
                    if rng.random() < 0.5
                    else "",
                    "no_kk": kk,
                    "hubungan": relation,
                    "dtks": "ya" if rng.random() < 0.2 else "tidak",
                    "dtks_tanggal": "2026-03-01",
                    "status": "aktif",
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
    sheet = workbook.create_sheet("Penduduk")
    sheet.append(list(columns))
    for row in rows:
        sheet.append([row[c] or None for c in columns])
    workbook.save(path)


def timed(label: str, path: Path, village, expect: dict[str, int]) -> None:
    from registry.services.importing import residents_import

    started = time.perf_counter()
    with path.open("rb") as handle:
        result = residents_import(file=handle, filename=path.name, village=village)
    seconds = time.perf_counter() - started
    for name, value in expect.items():
        if getattr(result, name) != value:
            raise SystemExit(f"{label}: expected {name}={value}, got {result}")
    print(f"{label:<16} {result.rows:>8} {seconds:>9.2f} {result.rows / seconds:>10.0f}")


def run(count: int, workdir: Path) -> None:
    from django.db import connection

    from registry.models import Resident, Village
    from registry.services import regions_load
    from registry.services.importing import COLUMNS

    regions_load(code="35.10")
    village = Village.objects.get(code=VILLAGE)
    districts = sorted({code[:8] for code in Village.objects.values_list("code", flat=True)})
    rows = rows_generate(count, districts)
    first, changed, xlsx = workdir / "a.csv", workdir / "b.csv", workdir / "b.xlsx"
    csv_write(first, rows, COLUMNS)
    for row in rows:
        row["alamat"] += " Baru"
    csv_write(changed, rows, COLUMNS)
    xlsx_write(xlsx, rows, COLUMNS)

    if connection.vendor == "sqlite":
        version = connection.Database.sqlite_version
    else:
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            version = cursor.fetchone()[0]
    print(
        f"database: {connection.vendor} {version}; {count} rows, "
        f"NIKs from {len(districts)} districts"
    )
    print(f"{'phase':<16} {'rows':>8} {'seconds':>9} {'rows/s':>10}")
    timed("create", first, village, {"created": count})
    timed("update", changed, village, {"updated": count})
    timed("unchanged", changed, village, {"unchanged": count})
    timed("xlsx unchanged", xlsx, village, {"unchanged": count})
    assert Resident.objects.filter(village=village).count() == count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()

    import django

    django.setup()
    logging.getLogger("registry.services.importing").setLevel(logging.WARNING)
    from django.db import connection
    from django.test.utils import setup_test_environment, teardown_test_environment

    with tempfile.TemporaryDirectory(prefix="bench-import-") as workdir:
        test = connection.settings_dict.setdefault("TEST", {})
        if connection.vendor == "sqlite":
            test["NAME"] = str(Path(workdir) / "bench.sqlite3")
        else:
            test["NAME"] = os.environ.get("BENCH_DATABASE_NAME", "kampung_bench_import")
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
