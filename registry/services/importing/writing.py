"""Checking valid rows against the registry, and writing them in bulk."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from spreadsheets import RowError

from ...models import Household, Resident, Village
from ...nik import nik_encrypt, nik_mask
from ...selectors import villages_for
from .rows import Row

#: Rows per query; also keeps ``IN (...)`` lists under SQLite's parameter limit.
BATCH_SIZE = 500
_HOUSEHOLD_FIELDS = ("address", "rt", "rw")


@dataclass(frozen=True)
class ImportResult:
    rows: int
    created: int
    #: Residents already registered whose data the file changed.
    updated: int
    #: Residents already registered whose data the file left as it was.
    unchanged: int
    #: Of ``updated``: residents of another village (one the importing user manages) who
    #: now live in the import's village.
    moved: int
    households_created: int
    households_updated: int

    @property
    def households(self) -> int:
        return self.households_created + self.households_updated


@dataclass
class Registry:
    """What the registry already holds for the file's NIKs and KK numbers."""

    residents: dict[str, Resident]  # by NIK blind index
    households: dict[str, Household]  # by KK number


def registry_check(rows: list[Row], *, village: Village, user) -> tuple[Registry, list[RowError]]:
    """Load the residents and households the rows name, in a few queries; refuse the rows
    whose NIK or KK number belongs to a village the user does not manage (without saying
    which village)."""
    residents: dict[str, Resident] = {}
    for chunk in _chunks([r.nik_index for r in rows]):
        residents.update((r.nik_index, r) for r in Resident.objects.filter(nik_index__in=chunk))
    households: dict[str, Household] = {}
    for chunk in _chunks(sorted({r.kk_number for r in rows if r.kk_number})):
        households.update((h.kk_number, h) for h in Household.objects.filter(kk_number__in=chunk))

    elsewhere = {r.village_id for r in residents.values()}
    elsewhere |= {h.village_id for h in households.values()}
    elsewhere.discard(village.pk)
    allowed = set(elsewhere)
    if user is not None and elsewhere:
        allowed = set(villages_for(user=user).filter(pk__in=elsewhere).values_list("pk", flat=True))
    allowed.add(village.pk)

    errors = []
    for row in rows:
        resident = residents.get(row.nik_index)
        if resident is not None and resident.village_id not in allowed:
            errors.append(RowError(row.line, "nik", _("NIK sudah terdaftar di desa lain.")))
        household = households.get(row.kk_number or "")
        if household is not None and household.village_id not in allowed:
            errors.append(RowError(row.line, "no_kk", _("Nomor KK sudah terdaftar di desa lain.")))
    return Registry(residents=residents, households=households), errors


def rows_write(rows: list[Row], *, village: Village, registry: Registry) -> ImportResult:
    """Create and update households and residents; run inside a transaction."""
    now = timezone.now()
    households = registry.households
    residents = registry.residents

    # Households, with the head's address, or else the first member's that has one.
    by_kk: dict[str, list[Row]] = {}
    for row in rows:
        if row.kk_number:
            by_kk.setdefault(row.kk_number, []).append(row)
    new_households, changed_households = [], []
    for kk_number, members in by_kk.items():
        members.sort(key=lambda r: r.relation != Resident.Relation.HEAD)
        wanted: dict[str, Any] = {"village_id": village.pk}
        for name in _HOUSEHOLD_FIELDS:
            value = next((m.values[name] for m in members if name in m.values), None)
            if value is not None:
                wanted[name] = value
        household = households.get(kk_number)
        if household is None:
            household = households[kk_number] = Household(kk_number=kk_number, **wanted)
            new_households.append(household)
        elif _changes_apply(household, wanted):
            changed_households.append(household)
    Household.objects.bulk_create(new_households, batch_size=BATCH_SIZE)
    _pks_ensure(Household, "kk_number", new_households)
    _bulk_update(Household, changed_households, ["village", *_HOUSEHOLD_FIELDS], now)

    # Residents.
    to_create: list[Resident] = []
    to_update: list[Resident] = []
    changed_fields: set[str] = set()
    unchanged = moved = 0
    for row in rows:
        household = households[row.kk_number] if row.kk_number else None
        wanted = {
            "full_name": row.full_name,
            "birth_date": row.birth_date,
            "gender": row.gender,
            "village_id": village.pk,
            **row.values,
        }
        if household is not None:
            wanted["household_id"] = household.pk
        if row.relation is not None:
            wanted["relation"] = row.relation
        resident = residents.get(row.nik_index)
        if resident is None:
            resident = residents[row.nik_index] = Resident(**wanted)
            # Only a new resident's NIK is encrypted: an existing one keeps its token.
            resident.nik_encrypted = nik_encrypt(row.nik)
            resident.nik_index = row.nik_index
            resident.nik_masked = nik_mask(row.nik)
            to_create.append(resident)
            continue
        if household is not None and resident.household_id != household.pk:
            # A relation in the old family says nothing of the new one.
            wanted.setdefault("relation", "")
        was_elsewhere = resident.village_id != village.pk
        changed = _changes_apply(resident, wanted)
        if not changed:
            unchanged += 1
            continue
        moved += was_elsewhere
        changed_fields.update(f.removesuffix("_id") for f in changed)
        to_update.append(resident)
    Resident.objects.bulk_create(to_create, batch_size=BATCH_SIZE)
    _pks_ensure(Resident, "nik_index", to_create)
    _bulk_update(Resident, to_update, sorted(changed_fields), now)

    # Heads of household, now that every resident has a key.
    heads = []
    for kk_number, members in by_kk.items():
        head_row = members[0]
        if head_row.relation != Resident.Relation.HEAD:
            continue
        household = households[kk_number]
        head = residents[head_row.nik_index]
        if household.head_id != head.pk:
            household.head_id = head.pk
            heads.append(household)
    _bulk_update(Household, heads, ["head"], now)

    created_pks = {h.pk for h in new_households}
    return ImportResult(
        rows=len(rows),
        created=len(to_create),
        updated=len(to_update),
        unchanged=unchanged,
        moved=moved,
        households_created=len(new_households),
        households_updated=len({h.pk for h in changed_households + heads} - created_pks),
    )


def _chunks(items: list, size: int = BATCH_SIZE) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _changes_apply(obj, wanted: dict[str, Any]) -> list[str]:
    """Set the fields that differ; return their names."""
    changed = []
    for name, value in wanted.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed.append(name)
    return changed


def _bulk_update(model, objs: list, fields: list[str], now) -> None:
    """``bulk_update`` plus ``updated_at``, which is the same for all: set in one plain
    UPDATE per batch rather than in the per-row CASE of ``bulk_update``."""
    if not objs:
        return
    model.objects.bulk_update(objs, fields, batch_size=BATCH_SIZE)
    for chunk in _chunks([o.pk for o in objs]):
        model.objects.filter(pk__in=chunk).update(updated_at=now)
    for obj in objs:
        obj.updated_at = now


def _pks_ensure(model, key: str, objs: list) -> None:
    """Primary keys for freshly bulk-created objects, on databases that do not return them."""
    missing = {getattr(o, key): o for o in objs if o.pk is None}
    for chunk in _chunks(list(missing)):
        for value, pk in model.objects.filter(**{f"{key}__in": chunk}).values_list(key, "pk"):
            missing[value].pk = pk
