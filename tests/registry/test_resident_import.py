"""Importing residents from CSV or XLSX: all or nothing, every error listed, re-import updates."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import translation
from openpyxl import Workbook, load_workbook

from registry.models import Household, Resident, VillageOperator
from registry.nik import nik_decrypt
from registry.services.importing import (
    COLUMNS,
    MAX_FILE_BYTES,
    ImportRejected,
    import_template_csv,
    import_template_xlsx,
    residents_import,
)
from tests.catalogue.factories import damaged_xlsx_files
from tests.registry.factories import database_text, resident_create, villages
from tests.registry.factories import import_row as person

pytestmark = pytest.mark.django_db

KK_AGUS = "3510011203150001"
KK_BAMBANG = "3510020504180002"


def families() -> list[dict[str, str]]:
    return [
        person(
            "Agus Salim",
            dt.date(1980, 3, 12),
            "L",
            no_kk=KK_AGUS,
            hubungan="kepala",
            no_hp="0812-3456-7890",
            dtks="ya",
            dtks_tanggal="2026-03-01",
        ),
        person("Sri Wahyuni", dt.date(1983, 7, 21), "P", no_kk=KK_AGUS, hubungan="istri"),
        person("Rizky Salim", dt.date(2008, 11, 2), "L", no_kk=KK_AGUS, hubungan="anak"),
        person(
            "Bambang Sutrisno",
            dt.date(1975, 5, 30),
            "L",
            district="35.10.02",  # registered first in another district: allowed
            no_kk=KK_BAMBANG,
            hubungan="Kepala Keluarga",
            rt="003",
            alamat="Dusun Sumberejo",
        ),
        person("Putri Sutrisno", dt.date(2001, 2, 14), "P", no_kk=KK_BAMBANG, hubungan="anak"),
        person("Umi Kalsum", dt.date(1950, 12, 1), "P", no_kk=KK_BAMBANG, hubungan="orang tua"),
        person("Sutikno", dt.date(1962, 8, 17), "L", status="meninggal"),
    ]


def csv_bytes(rows, *, header=COLUMNS, delimiter=",", bom=False) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(column, "") for column in header])
    return out.getvalue().encode("utf-8-sig" if bom else "utf-8")


def xlsx_bytes(rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(COLUMNS))
    for row in rows:
        cells = []
        for column in COLUMNS:
            value = row.get(column) or None
            if column in ("tanggal_lahir", "dtks_tanggal") and value:
                value = dt.datetime.fromisoformat(value)  # a real Excel date cell
            elif column in ("rt", "rw") and value:
                value = int(value)  # typed as a number
            cells.append(value)
        sheet.append(cells)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def import_csv(rows, village, **kwargs):
    return residents_import(
        file=csv_bytes(rows), filename="penduduk.csv", village=village, **kwargs
    )


def rejected_errors(rows, village, **kwargs) -> list[tuple[int, str]]:
    with pytest.raises(ImportRejected) as rejected:
        import_csv(rows, village, **kwargs)
    return [(e.line, e.column) for e in rejected.value.errors]


def operator(*villages_) -> object:
    user = get_user_model().objects.create_user(username=f"op{len(villages_)}", password="x")
    VillageOperator.objects.create(user=user).villages.set(villages_)
    return user


@pytest.fixture
def village():
    return villages()[0]


def test_a_good_csv_imports_residents_and_households(village):
    result = import_csv(families(), village)

    assert (result.rows, result.created, result.updated) == (7, 7, 0)
    assert (result.households_created, result.households_updated) == (2, 0)
    assert Resident.objects.filter(village=village).count() == 7
    agus = Resident.objects.get(full_name="Agus Salim")
    assert agus.birth_date == dt.date(1980, 3, 12) and agus.gender == "L"
    assert (agus.rt, agus.rw, agus.address) == ("001", "002", "Dusun Krajan")
    assert agus.phone == "+6281234567890"
    assert agus.dtks_listed and agus.dtks_confirmed_on == dt.date(2026, 3, 1)
    assert agus.status == Resident.Status.ACTIVE
    assert agus.nik_masked == "3510********0001"
    assert nik_decrypt(agus.nik_encrypted) == families()[0]["nik"]
    assert Resident.objects.get(full_name="Sutikno").status == Resident.Status.DECEASED

    household = Household.objects.get(kk_number=KK_AGUS)
    assert household.village == village and household.head == agus
    assert household.address == "Dusun Krajan" and household.rt == "001"
    assert {(m.full_name, m.relation) for m in household.members.all()} == {
        ("Agus Salim", Resident.Relation.HEAD),
        ("Sri Wahyuni", Resident.Relation.SPOUSE),
        ("Rizky Salim", Resident.Relation.CHILD),
    }
    bambang = Household.objects.get(kk_number=KK_BAMBANG)
    assert bambang.head.full_name == "Bambang Sutrisno" and bambang.rt == "003"
    assert bambang.address == "Dusun Sumberejo"
    assert bambang.members.get(full_name="Umi Kalsum").relation == Resident.Relation.PARENT
    assert Resident.objects.get(full_name="Sutikno").household is None


def test_semicolons_a_bom_day_first_dates_and_loose_headers_are_read(village):
    rows = families()
    for row in rows:
        year, month, day = row["tanggal_lahir"].split("-")
        row["tanggal_lahir"] = f"{day}/{month}/{year}"
    rows[1]["tanggal_lahir"] = "21-07-1983"
    rows[1]["jenis_kelamin"] = "Perempuan"
    rows[2]["jenis_kelamin"] = "laki-laki"
    header = [c.replace("_", " ").title() for c in COLUMNS]  # "Nama Lengkap", "No Kk", ...
    data = csv_bytes(
        [{h: r[c] for h, c in zip(header, COLUMNS, strict=True)} for r in rows],
        header=header,
        delimiter=";",
        bom=True,
    )

    result = residents_import(file=io.BytesIO(data), filename="data.csv", village=village)

    assert result.created == 7
    assert Resident.objects.get(full_name="Sri Wahyuni").birth_date == dt.date(1983, 7, 21)


def test_an_xlsx_with_excel_dates_imports(village):
    upload = SimpleUploadedFile("penduduk.xlsx", xlsx_bytes(families()))  # as from a form

    result = residents_import(file=upload, filename=upload.name, village=village)

    assert (result.created, result.households_created) == (7, 2)
    rizky = Resident.objects.get(full_name="Rizky Salim")
    assert rizky.birth_date == dt.date(2008, 11, 2) and rizky.rt == "001"
    assert rizky.household.kk_number == KK_AGUS


def test_a_file_with_bad_rows_imports_nothing_and_lists_every_bad_row(village):
    resident_create(village=village, full_name="Penduduk Lama", serial=77)
    before = (Resident.objects.count(), Household.objects.count())
    rows = families()  # lines 2-8 are good
    bad = [
        # line 9: a NIK with an impossible date (day 32)
        person("Nik Rusak", dt.date(1990, 1, 1), "L", nik="3510013201900001"),
        # line 10: birth date does not match the NIK
        person("Tanggal Beda", dt.date(1991, 4, 3), "L", serial=2, tanggal_lahir="1991-04-04"),
        # line 11: a man's NIK for a woman
        person("Kelamin Beda", dt.date(1992, 5, 6), "L", serial=3, jenis_kelamin="P"),
        # line 12: no name
        person("", dt.date(1993, 6, 7), "L", serial=4),
        # line 13: the same NIK as line 2
        {**rows[0], "nama_lengkap": "Agus Kembar"},
        # line 14: a bad phone number
        person("Telepon Salah", dt.date(1994, 7, 8), "P", serial=5, no_hp="12345"),
        # line 15: a bad KK number (province 99)
        person("KK Salah", dt.date(1995, 8, 9), "P", serial=6, no_kk="9910011203150001"),
        # line 16: an unknown date format, an unknown relation and RT, status and DTKS
        person(
            "Serba Salah",
            dt.date(1996, 9, 10),
            "L",
            serial=7,
            tanggal_lahir="10 Sept 1996",
            no_kk=KK_AGUS,
            hubungan="sepupu",
            rt="12a",
            status="hilang",
            dtks="mungkin",
        ),
    ]

    errors = rejected_errors(rows + bad, village)

    assert errors == [
        (9, "nik"),
        (10, "tanggal_lahir"),
        (11, "jenis_kelamin"),
        (12, "nama_lengkap"),
        (13, "nik"),
        (14, "no_hp"),
        (15, "no_kk"),
        (16, "tanggal_lahir"),
        (16, "rt"),
        (16, "hubungan"),
        (16, "dtks"),
        (16, "status"),
    ]
    assert (Resident.objects.count(), Household.objects.count()) == before


def test_the_error_messages_say_what_is_wrong_in_indonesian_and_never_show_a_nik(village):
    rows = families()
    rows.append({**rows[0], "nama_lengkap": "Agus Kembar"})
    rows.append(person("Tanggal Beda", dt.date(1991, 4, 3), "L", tanggal_lahir="1991-04-04"))
    rows.append(person("Nomor Beda", dt.date(1991, 4, 3), "L", nik="35100103049100011"))

    with pytest.raises(ImportRejected) as rejected:
        import_csv(rows, village)

    messages = [str(e) for e in rejected.value.errors]
    assert messages == [
        "Baris 9, kolom nik: NIK ini sudah ada di baris 2.",
        "Baris 10, kolom tanggal_lahir: Tanggal lahir tidak cocok dengan NIK.",
        "Baris 11, kolom nik: NIK harus 16 digit angka.",
    ]
    text = " ".join(messages) + str(rejected.value)
    assert not [row["nik"] for row in rows if row["nik"] in text]


def test_a_row_with_more_cells_than_the_header_is_refused(village):
    row = person("Joko", dt.date(1980, 3, 12), "L", serial=2, alamat="Jl. Mawar, Dusun Krajan")
    unquoted = ",".join(row[c] for c in COLUMNS) + "\r\n"
    data = csv_bytes(families()[:1]) + unquoted.encode()

    with pytest.raises(ImportRejected) as rejected:
        residents_import(file=data, filename="a.csv", village=village)

    assert [(e.line, e.column) for e in rejected.value.errors] == [(3, ""), (3, "no_hp")]
    assert "tanda kutip" in rejected.value.errors[0].message
    assert Resident.objects.count() == 0


def test_two_heads_for_one_kk_and_a_relation_without_kk_are_refused(village):
    rows = families()
    rows[1]["hubungan"] = "kepala"
    rows[6]["hubungan"] = "anak"

    errors = rejected_errors(rows, village)

    assert errors == [(3, "hubungan"), (8, "no_kk")]


def test_reimport_updates_and_never_duplicates(village):
    import_csv(families(), village)
    agus = Resident.objects.get(full_name="Agus Salim")
    token = agus.nik_encrypted
    rows = families()
    rows[0]["nama_lengkap"] = "Agus Salim Hidayat"
    rows[0]["alamat"] = "Dusun Kebonrejo"
    rows[0]["no_hp"] = ""  # an empty cell keeps the number
    rows[2]["hubungan"] = ""  # and the relation

    result = import_csv(rows, village)

    assert (result.created, result.updated, result.unchanged) == (0, 1, 6)
    assert (result.households_created, result.households_updated) == (0, 1)
    assert Resident.objects.count() == 7 and Household.objects.count() == 2
    agus.refresh_from_db()
    assert (agus.full_name, agus.address) == ("Agus Salim Hidayat", "Dusun Kebonrejo")
    assert agus.phone == "+6281234567890"
    assert agus.nik_encrypted == token, "an unchanged NIK is not encrypted again"
    assert Resident.objects.get(full_name="Rizky Salim").relation == Resident.Relation.CHILD
    assert Household.objects.get(kk_number=KK_AGUS).address == "Dusun Kebonrejo"

    again = import_csv(rows, village)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 7)


def test_a_nik_or_kk_of_a_village_the_operator_does_not_manage_is_refused(village):
    other = villages()[1]
    rows = families()
    import_csv(rows[3:6], other)  # Bambang's family lives in the other village
    user = operator(village)
    before = Resident.objects.filter(village=other).count()

    with pytest.raises(ImportRejected) as rejected:
        import_csv(rows, village, user=user)

    messages = {(e.line, e.column): e.message for e in rejected.value.errors}
    assert messages == {
        (line, column): message
        for line in (5, 6, 7)
        for column, message in (
            ("nik", "NIK sudah terdaftar di desa lain."),
            ("no_kk", "Nomor KK sudah terdaftar di desa lain."),
        )
    }
    assert other.name not in str(rejected.value.errors)
    assert Resident.objects.filter(village=village).count() == 0
    assert Resident.objects.filter(village=other).count() == before


def test_an_operator_of_both_villages_moves_the_residents(village):
    other = villages()[1]
    rows = families()
    import_csv(rows[3:6], other)

    result = import_csv(rows, village, user=operator(village, other))

    assert (result.created, result.updated, result.moved) == (4, 3, 3)
    assert Resident.objects.filter(village=other).count() == 0
    assert Household.objects.get(kk_number=KK_BAMBANG).village == village


def test_an_operator_cannot_import_into_a_village_they_do_not_manage(village):
    user = operator(villages()[1])

    with pytest.raises(PermissionDenied):
        import_csv(families(), village, user=user)
    assert Resident.objects.count() == 0


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"", "a.csv", "Berkas kosong."),
        (b"\xef\xbb\xbf\r\n;\r\n", "a.csv", "Berkas kosong."),
        (",".join(COLUMNS).encode() + b"\r\n\r\n", "a.csv", "hanya berisi judul kolom"),
        (b"x" * (MAX_FILE_BYTES + 1), "a.csv", "Berkas terlalu besar: paling besar 10 MB."),
        ("nik;nama\n".encode("utf-16"), "a.csv", "Berkas CSV harus ber-enkode UTF-8."),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", "a.xls", "Berkas Excel lama (.xls)"),
        (b"PK\x03\x04 not really a zip", "a.xlsx", "Berkas XLSX ini rusak"),
    ],
)
def test_unreadable_files_are_refused_clearly(village, data, filename, message):
    with pytest.raises(ImportRejected) as rejected:
        residents_import(file=data, filename=filename, village=village)

    [error] = rejected.value.errors
    assert error.line == 0 and message in error.message


@pytest.mark.parametrize(("case", "data"), damaged_xlsx_files().items())
def test_a_damaged_xlsx_is_refused_as_damaged(village, case, data):
    with pytest.raises(ImportRejected) as rejected:
        residents_import(file=data, filename="penduduk.xlsx", village=village)

    assert [e.message for e in rejected.value.errors] == [
        "Berkas XLSX ini rusak atau bukan berkas Excel."
    ]
    assert Resident.objects.count() == 0


def test_cells_with_control_characters_are_refused_on_every_row(village):
    rows = families()
    rows[0]["nama_lengkap"] = "Agus\x00Salim"
    rows[2]["alamat"] = "Dusun\x1bKrajan"
    rows[2]["tempat_lahir"] = "Banyuwangi\x00"
    rows[4]["nik"] = rows[4]["nik"][:8] + "\x08" + rows[4]["nik"][8:]

    with pytest.raises(ImportRejected) as rejected:
        import_csv(rows, village)

    assert [(e.line, e.column) for e in rejected.value.errors] == [
        (2, "nama_lengkap"),
        (4, "tempat_lahir"),
        (4, "alamat"),
        (6, "nik"),
    ]
    assert {e.message for e in rejected.value.errors} == {
        "Isian ini berisi karakter tak terlihat (karakter kontrol, misalnya NUL) yang tidak "
        "bisa disimpan. Hapus isian ini lalu ketik ulang."
    }
    assert Resident.objects.count() == 0


def test_a_time_of_day_in_a_date_column_is_a_row_error(village):
    workbook = Workbook()
    workbook.active.append(list(COLUMNS))
    row = families()[0]
    cells = [row[c] or None for c in COLUMNS]
    cells[COLUMNS.index("tanggal_lahir")] = 0.5  # Excel's noon, in a cell not shown as a time
    workbook.active.append(cells)
    out = io.BytesIO()
    workbook.save(out)

    with pytest.raises(ImportRejected) as rejected:
        residents_import(file=out.getvalue(), filename="a.xlsx", village=village)

    assert [(e.line, e.column) for e in rejected.value.errors] == [(2, "tanggal_lahir")]
    assert Resident.objects.count() == 0


def test_missing_and_unknown_columns_are_one_error_listing_the_expected_ones(village):
    header = [c for c in COLUMNS if c not in ("tanggal_lahir", "no_kk")] + ["Nama Ibu"]

    with pytest.raises(ImportRejected) as rejected:
        residents_import(
            file=csv_bytes(families(), header=header), filename="a.csv", village=village
        )

    [error] = rejected.value.errors
    assert (error.line, error.column) == (1, "")
    assert "kolom tidak ada: tanggal_lahir, no_kk" in error.message
    assert "kolom tidak dikenal: Nama Ibu" in error.message
    assert "Kolom wajib: nik, nama_lengkap, tempat_lahir, tanggal_lahir" in error.message


def test_a_file_without_a_header_is_refused_without_quoting_its_first_row(village):
    rows = families()
    data = csv_bytes(rows)
    data = data[data.index(b"\n") + 1 :]  # no header: the first line is Agus

    with pytest.raises(ImportRejected) as rejected:
        residents_import(file=data, filename="a.csv", village=village)

    [error] = rejected.value.errors
    assert error.line == 1 and error.message.startswith("Baris pertama harus berisi judul kolom")
    assert rows[0]["nik"] not in error.message and "Agus" not in error.message


def test_more_than_50000_rows_are_refused(village):
    row = ",".join(families()[0][c] for c in COLUMNS)
    data = csv_bytes([]) + (row + "\r\n").encode() * 50_001

    with pytest.raises(ImportRejected) as rejected:
        residents_import(file=data, filename="a.csv", village=village)

    assert [e.message for e in rejected.value.errors] == [
        "Terlalu banyak baris: paling banyak 50.000 penduduk per berkas."
    ]


def test_a_nik_typed_as_a_number_in_excel_is_refused(village):
    workbook = Workbook()
    workbook.active.append(list(COLUMNS))
    workbook.active.append([3510011203800000, "Agus", "", dt.datetime(1980, 3, 12), "L"])
    out = io.BytesIO()
    workbook.save(out)

    with pytest.raises(ImportRejected) as rejected:
        residents_import(file=out.getvalue(), filename="a.xlsx", village=village)

    [error] = rejected.value.errors
    assert (error.line, error.column) == (2, "nik") and "Teks" in error.message


def test_the_templates_explain_the_columns_and_their_example_is_not_imported(village):
    csv_template = import_template_csv()
    assert csv_template.startswith(b"\xef\xbb\xbf" + ",".join(COLUMNS).encode())
    workbook = load_workbook(io.BytesIO(import_template_xlsx()))
    assert workbook.sheetnames == ["Penduduk", "Petunjuk"]
    assert [c.value for c in workbook["Penduduk"][1]] == list(COLUMNS)
    explained = [row[0] for row in workbook["Petunjuk"].iter_rows(min_row=2, values_only=True)]
    assert set(COLUMNS) <= set(explained)

    for data, filename in ((csv_template, "t.csv"), (import_template_xlsx(), "t.xlsx")):
        with pytest.raises(ImportRejected) as rejected:
            residents_import(file=data, filename=filename, village=village)
        assert [str(e) for e in rejected.value.errors] == [
            "Baris 2: Ini baris contoh dari templat: hapus baris ini."
        ]

    sheet = workbook["Penduduk"]
    for i, column in enumerate(COLUMNS, start=1):
        sheet.cell(row=2, column=i).value = families()[0][column] or None
    out = io.BytesIO()
    workbook.save(out)
    assert residents_import(file=out.getvalue(), filename="t.xlsx", village=village).created == 1


def test_the_command_imports_and_prints_the_counts(village, tmp_path, capsys):
    path = tmp_path / "penduduk.csv"
    path.write_bytes(csv_bytes(families()))

    call_command("import_residents", str(path), "--village", village.code)

    out = capsys.readouterr().out
    assert "7 baris; 7 penduduk baru, 0 diperbarui" in out
    assert "2 KK baru" in out
    assert Resident.objects.filter(village=village).count() == 7


def test_the_command_lists_every_error_and_imports_nothing(village, tmp_path, capsys):
    rows = families()
    rows[2]["tanggal_lahir"] = "2008-11-03"
    rows[5]["no_hp"] = "0000"
    path = tmp_path / "penduduk.csv"
    path.write_bytes(csv_bytes(rows))

    with pytest.raises(CommandError) as failed:
        call_command("import_residents", str(path), "--village", village.code)

    assert "Impor dibatalkan: 2 kesalahan, tidak ada data yang disimpan." in str(failed.value)
    err = capsys.readouterr().err
    assert err.splitlines() == [
        "Baris 4, kolom tanggal_lahir: Tanggal lahir tidak cocok dengan NIK.",
        "Baris 7, kolom no_hp: Nomor HP tidak valid: tulis misalnya 0812-3456-7890.",
    ]
    assert Resident.objects.count() == 0


def test_the_command_refuses_an_unknown_village_or_file(village, tmp_path):
    with pytest.raises(CommandError, match="Desa dengan kode '35.10.01.9999' tidak ada"):
        call_command("import_residents", str(tmp_path / "x.csv"), "--village", "35.10.01.9999")
    with pytest.raises(CommandError, match="tidak bisa dibuka"):
        call_command("import_residents", str(tmp_path / "x.csv"), "--village", village.code)


def test_after_an_import_no_table_holds_a_plaintext_nik(village, tmp_path, capsys):
    path = tmp_path / "penduduk.xlsx"
    path.write_bytes(xlsx_bytes(families()))
    call_command("import_residents", str(path), "--village", village.code)
    niks = [row["nik"] for row in families()]
    assert Resident.objects.count() == len(niks)

    dump = database_text()

    assert "3510********0001" in dump, "the dump really holds the residents"
    assert [nik for nik in niks if nik in dump] == []
    out = capsys.readouterr()
    assert [nik for nik in niks if nik in out.out + out.err] == []


def test_errors_are_translated_for_an_english_user(village):
    rows = families()
    rows[2]["tanggal_lahir"] = "2008-11-03"

    with translation.override("en"):
        with pytest.raises(ImportRejected) as rejected:
            import_csv(rows, village)
        messages = [str(e) for e in rejected.value.errors]

    assert messages == ["Line 4, column tanggal_lahir: The birth date does not match the NIK."]
