"""The back office's "Impor penduduk" page: one of your villages, a CSV or XLSX, all or
nothing, every error in a table, and never a server error on bad input."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from registry.models import Resident
from registry.services import village_operator_assign
from registry.services.importing import REQUIRED_COLUMNS
from tests.catalogue.factories import damaged_xlsx_files
from tests.registry.factories import import_row, villages

pytestmark = pytest.mark.django_db

IMPORT_URL = "registry_import:index"
HEADER = list(REQUIRED_COLUMNS)


def row(name: str, birth: dt.date, gender: str, serial: int, **cells: str) -> dict[str, str]:
    return import_row(name, birth, gender, serial=serial, **cells)


def csv_upload(rows: list[dict[str, str]], name: str = "penduduk.csv") -> SimpleUploadedFile:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=HEADER, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return SimpleUploadedFile(name, out.getvalue().encode(), content_type="text/csv")


@pytest.fixture
def setup():
    village_a, village_b = villages()[:2]
    operator = get_user_model().objects.create_user(username="operator_a", password="x")
    village_operator_assign(user=operator, villages=[village_a])
    return operator, village_a, village_b


def test_good_file_is_imported_with_counts(client, setup):
    operator, village_a, _b = setup
    client.force_login(operator)
    rows = [
        row("Agus Salim", dt.date(1980, 3, 12), "L", 1),
        row("Sri Wahyuni", dt.date(1983, 7, 21), "P", 2),
    ]
    response = client.post(
        reverse(IMPORT_URL), {"village": village_a.pk, "file": csv_upload(rows)}, follow=True
    )
    assert response.status_code == 200
    messages = [str(m) for m in response.context["messages"]]
    assert any("2 penduduk baru" in m for m in messages), messages
    assert set(Resident.objects.values_list("full_name", flat=True)) == {
        "Agus Salim",
        "Sri Wahyuni",
    }
    assert set(Resident.objects.values_list("village", flat=True)) == {village_a.pk}

    # Again: updated, not duplicated.
    client.post(reverse(IMPORT_URL), {"village": village_a.pk, "file": csv_upload(rows)})
    assert Resident.objects.count() == 2


def test_bad_rows_import_nothing_and_every_error_is_listed(client, setup):
    operator, village_a, _b = setup
    client.force_login(operator)
    good = row("Agus Salim", dt.date(1980, 3, 12), "L", 1)
    wrong_gender = row("Sri Wahyuni", dt.date(1983, 7, 21), "P", 2, jenis_kelamin="L")
    short_nik = row("Budi", dt.date(1990, 1, 1), "L", 3, nik="12345")
    response = client.post(
        reverse(IMPORT_URL),
        {"village": village_a.pk, "file": csv_upload([good, wrong_gender, short_nik])},
    )
    assert response.status_code == 200
    errors = response.context["import_errors"]
    assert [(e.line, e.column) for e in errors] == [(3, "jenis_kelamin"), (4, "nik")]
    html = response.content.decode()
    for error in errors:
        assert str(error.line) in html and error.message in html
    assert wrong_gender["nik"] not in html
    assert Resident.objects.count() == 0


def test_only_own_villages_are_offered(client, setup):
    operator, village_a, village_b = setup
    client.force_login(operator)
    page = client.get(reverse(IMPORT_URL))
    assert set(page.context["form"].fields["village"].queryset) == {village_a}
    rows = [row("Agus Salim", dt.date(1980, 3, 12), "L", 1)]
    response = client.post(reverse(IMPORT_URL), {"village": village_b.pk, "file": csv_upload(rows)})
    assert response.status_code == 200
    assert "village" in response.context["form"].errors
    assert Resident.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("kosong.csv", b""),
        ("acak.xlsx", b"PK\x03\x04 bukan zip sama sekali"),
        ("lama.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100),
        ("gambar.csv", bytes(range(256)) * 4),
        ("kolom.csv", b"nama\nAgus\n"),
    ],
)
def test_bad_files_are_refused_without_a_server_error(client, setup, name, content):
    operator, village_a, _b = setup
    client.force_login(operator)
    upload = SimpleUploadedFile(name, content)
    response = client.post(reverse(IMPORT_URL), {"village": village_a.pk, "file": upload})
    assert response.status_code == 200
    context_errors = response.context.get("import_errors") or []
    form_errors = response.context["form"].errors
    assert context_errors or form_errors
    assert Resident.objects.count() == 0


@pytest.mark.parametrize(("case", "data"), damaged_xlsx_files().items())
def test_a_damaged_xlsx_is_refused_as_damaged(client, setup, case, data):
    operator, village_a, _b = setup
    client.force_login(operator)
    upload = SimpleUploadedFile("penduduk.xlsx", data)
    response = client.post(reverse(IMPORT_URL), {"village": village_a.pk, "file": upload})
    assert response.status_code == 200
    assert "Berkas XLSX ini rusak atau bukan berkas Excel." in response.content.decode()
    assert Resident.objects.count() == 0


def test_file_over_10_mb_is_refused_with_a_clear_message(client, setup):
    operator, village_a, _b = setup
    client.force_login(operator)
    upload = SimpleUploadedFile("besar.csv", b"a" * (10 * 1024 * 1024 + 1))
    response = client.post(reverse(IMPORT_URL), {"village": village_a.pk, "file": upload})
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [
        "Berkas terlalu besar: paling besar 10 MB. Bagi menjadi beberapa berkas."
    ]


def test_templates_download(client, setup):
    operator, _a, _b = setup
    client.force_login(operator)
    page = client.get(reverse(IMPORT_URL)).content.decode()
    csv_url = reverse("registry_import:template_csv")
    xlsx_url = reverse("registry_import:template_xlsx")
    assert csv_url in page and xlsx_url in page

    as_csv = client.get(csv_url)
    assert as_csv.status_code == 200
    assert "attachment" in as_csv["Content-Disposition"]
    assert as_csv.content.decode("utf-8-sig").splitlines()[0].startswith("nik,")

    as_xlsx = client.get(xlsx_url)
    assert as_xlsx.status_code == 200
    workbook = load_workbook(io.BytesIO(as_xlsx.content))
    assert workbook.worksheets[0].cell(1, 1).value == "nik"


def test_users_who_keep_no_village_cannot_import(client, setup):
    plain = get_user_model().objects.create_user(username="pembeli", password="x")
    client.force_login(plain)
    for name in ("index", "template_csv", "template_xlsx"):
        response = client.get(reverse(f"registry_import:{name}"))
        assert response.status_code == 302, name
