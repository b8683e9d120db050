"""Demo residents: families (Kartu Keluarga) in the villages where the demo sellers live,
and those villages' halls (balai desa), where buyers can pick up orders.

Names, dates and NIKs are generated from a fixed seed, so a second run finds every
resident by its NIK and adds nothing. The NIKs are structurally valid but invented, and
so are the hall addresses.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from decimal import Decimal

from django.db import transaction

from .models import Household, Resident, Village
from .selectors import resident_by_nik
from .services import resident_save, village_hall_save

SEED = 3510
FAMILIES_PER_VILLAGE = 6

MEN = (
    "Agus Salim",
    "Bambang Sutrisno",
    "Hadi Purnomo",
    "Slamet Riyadi",
    "Sugeng Widodo",
    "Joko Susilo",
    "Eko Prasetyo",
    "Imam Syafii",
    "Moh. Ridwan",
    "Sutikno",
    "Wahyudi",
    "Ahmad Fauzi",
    "Budi Santoso",
    "Nur Hasan",
    "Yusuf Efendi",
    "Rudi Hartono",
    "Abdul Rohman",
    "Teguh Santoso",
    "Samsul Arifin",
    "Dimas Saputra",
)
WOMEN = (
    "Sri Wahyuni",
    "Siti Aminah",
    "Endang Lestari",
    "Dewi Sartika",
    "Nur Hidayah",
    "Sumiati",
    "Tutik Handayani",
    "Rina Marlina",
    "Yuliana",
    "Ani Rahayu",
    "Lilik Suryani",
    "Wiwik Setyowati",
    "Umi Kalsum",
    "Fitri Anggraini",
    "Hartini",
    "Mbok Sumiati",
)
CHILDREN_BOYS = ("Rizky", "Fajar", "Bayu", "Arif", "Dedi", "Yoga", "Galih", "Ilham")
CHILDREN_GIRLS = ("Putri", "Ayu", "Nadia", "Salsabila", "Intan", "Rani", "Dinda", "Laila")
BIRTH_PLACES = ("Banyuwangi", "Genteng", "Rogojampi", "Jember", "Situbondo", "Glagah")

BUYER_NAME, BUYER_BIRTH_DATE = "Siti Rahmawati", dt.date(1990, 1, 5)


class _Serials:
    """The next free NIK serial for each (district, birth date, gender)."""

    def __init__(self) -> None:
        self.used: dict[tuple[str, dt.date, str], int] = defaultdict(int)

    def next(self, district: str, birth: dt.date, gender: str) -> str:
        key = (district, birth, gender)
        self.used[key] += 1
        day = birth.day + (40 if gender == "P" else 0)
        return f"{district.replace('.', '')}{day:02d}{birth:%m%y}{self.used[key]:04d}"


def residents_ensure(*, villages: list[Village]) -> dict[str, int]:
    """Families in each village; return how many residents and households exist and are new."""
    rng = random.Random(SEED)
    serials = _Serials()
    created = households_created = 0
    for v_index, village in enumerate(sorted(villages, key=lambda v: v.code)):
        district = village.code[:8]
        for f_index in range(FAMILIES_PER_VILLAGE):
            with transaction.atomic():
                new_people, new_household = _family_ensure(
                    rng=rng,
                    serials=serials,
                    village=village,
                    district=district,
                    number=v_index * 100 + f_index + 1,
                )
            created += new_people
            households_created += new_household
    return {"created": created, "households_created": households_created}


def _person(
    rng, serials, *, district, name, gender, birth, relation, village, household, rt, rw, address
) -> tuple[Resident, bool]:
    # Draw every random value first: the sequence must not depend on what already exists.
    nik = serials.next(district, birth, gender)
    birth_place = rng.choice(BIRTH_PLACES)
    dtks_listed = rng.random() < 0.2
    dtks_confirmed_on = dt.date(2026, rng.randint(1, 10), rng.randint(1, 28))
    existing = resident_by_nik(nik=nik)
    if existing is not None:
        return existing, False
    resident = Resident(
        full_name=name,
        gender=gender,
        birth_date=birth,
        birth_place=birth_place,
        village=village,
        household=household,
        relation=relation,
        rt=rt,
        rw=rw,
        address=address,
        dtks_listed=dtks_listed,
        dtks_confirmed_on=dtks_confirmed_on if dtks_listed else None,
    )
    return resident_save(resident=resident, nik=nik), True


def _family_ensure(*, rng, serials, village, district, number) -> tuple[int, int]:
    rt, rw = f"{rng.randint(1, 6):03d}", f"{rng.randint(1, 3):03d}"
    address = f"Dusun {rng.choice(('Krajan', 'Sumberejo', 'Kebonrejo', 'Tegalsari'))}"
    kk_number = f"{district.replace('.', '')}{number:010d}"
    household, new_household = Household.objects.get_or_create(
        kk_number=kk_number,
        defaults={"village": village, "address": address, "rt": rt, "rw": rw},
    )
    common = {"village": village, "household": household, "rt": rt, "rw": rw, "address": address}
    father_birth = dt.date(rng.randint(1960, 1992), rng.randint(1, 12), rng.randint(1, 28))
    mother_birth = father_birth + dt.timedelta(days=rng.randint(300, 2500))
    people = [
        _person(
            rng,
            serials,
            district=district,
            name=rng.choice(MEN),
            gender="L",
            birth=father_birth,
            relation=Resident.Relation.HEAD,
            **common,
        ),
        _person(
            rng,
            serials,
            district=district,
            name=rng.choice(WOMEN),
            gender="P",
            birth=mother_birth,
            relation=Resident.Relation.SPOUSE,
            **common,
        ),
    ]
    surname = people[0][0].full_name.split()[-1]
    for _child in range(rng.randint(1, 3)):
        gender = rng.choice("LP")
        first = rng.choice(CHILDREN_BOYS if gender == "L" else CHILDREN_GIRLS)
        birth = mother_birth.replace(year=min(mother_birth.year + rng.randint(19, 30), 2024))
        birth = birth.replace(day=min(birth.day, 28))
        people.append(
            _person(
                rng,
                serials,
                district=district,
                name=f"{first} {surname}",
                gender=gender,
                birth=birth,
                relation=Resident.Relation.CHILD,
                **common,
            )
        )
    if household.head_id is None:
        household.head = people[0][0]
        household.save(update_fields=["head", "updated_at"])
    return sum(1 for _r, new in people if new), int(new_household)


@transaction.atomic
def buyer_resident_ensure(*, user, village: Village) -> Resident:
    """The demo buyer as a resident of ``village``, linked to their account."""
    serials = _Serials()
    nik = serials.next(village.code[:8], BUYER_BIRTH_DATE, "P")
    nik = nik[:12] + "9001"  # a serial block of its own, apart from the generated families
    resident = resident_by_nik(nik=nik)
    if resident is None:
        resident = resident_save(
            resident=Resident(
                village=village,
                address="Dusun Krajan",
                rt="002",
                rw="001",
                birth_place="Banyuwangi",
                full_name=BUYER_NAME,
                birth_date=BUYER_BIRTH_DATE,
                gender=Resident.Gender.FEMALE,
            ),
            nik=nik,
        )
    if resident.user_id != user.pk:
        resident.user = user
        resident.save(update_fields=["user", "updated_at"])
    return resident


# Village halls -------------------------------------------------------------------------

HALL_STREETS = (
    "Raya {name}",
    "Kantor Desa",
    "Merdeka",
    "Pahlawan",
    "Diponegoro",
    "Sri Tanjung",
    "Blambangan",
    "Brawijaya",
    "Ahmad Yani",
    "Gajah Mada",
)
HALL_HOURS = "Senin–Jumat 08.00–15.00, Sabtu 08.00–12.00"
#: Kelurahan offices keep civil-service hours, without Saturday.
KELURAHAN_HOURS = "Senin–Kamis 07.30–15.30, Jumat 07.30–11.00"
#: Map points for some halls: roughly each village's centre, read off public maps and
#: rounded. Good enough for the demo's map links; not surveyed.
HALL_POINTS: dict[str, tuple[str, str]] = {
    "35.10.05.2002": ("-8.431000", "114.331000"),  # Kedungrejo, Muncar
    "35.10.13.2013": ("-8.316000", "114.287000"),  # Rogojampi
    "35.10.15.2004": ("-8.213300", "114.330200"),  # Kemiren, Glagah
    "35.10.16.1008": ("-8.212000", "114.366500"),  # Kepatihan, Banyuwangi
    "35.10.16.1011": ("-8.218000", "114.372000"),  # Temenggungan, Banyuwangi
    "35.10.18.2001": ("-8.057000", "114.419000"),  # Bangsring, Wongsorejo
}


def village_hall_demo(village: Village) -> tuple[str, str, tuple[str, str] | None]:
    """The demo hall of ``village``: address, hours and maybe a map point, from its code."""
    digits = [int(ch) for ch in village.code if ch.isdigit()]
    street = HALL_STREETS[sum(digits) % len(HALL_STREETS)]
    if street == "Kantor Desa" and village.kind == Village.Kind.KELURAHAN:
        street = HALL_STREETS[0]
    street = street.format(name=village.name)
    number = 1 + (int(village.code[-4:]) * 7 + sum(digits)) % 40
    address = (
        f"Jl. {street} No. {number}, {village.get_kind_display()} {village.name}, "
        f"Kec. {village.district.name}"
    )
    hours = KELURAHAN_HOURS if village.kind == Village.Kind.KELURAHAN else HALL_HOURS
    return address, hours, HALL_POINTS.get(village.code)


def village_halls_ensure(*, villages: list[Village]) -> dict[str, int]:
    """A hall for each village that has none yet; a hall already filled in (by an operator,
    or an earlier run) is left as it is. Returns how many villages got one."""
    created = 0
    for village in sorted(villages, key=lambda v: v.code):
        if village.has_hall or village.has_hall_point:
            continue
        village.hall_address, village.hall_hours, point = village_hall_demo(village)
        if point is not None:
            village.hall_latitude, village.hall_longitude = (Decimal(x) for x in point)
        village_hall_save(village=village)
        created += 1
    return {"created": created}
