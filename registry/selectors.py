"""Reads of the registry, scoped by who asks.

District staff (superusers, or users with ``registry.access_all_villages``) see every
village; a village operator sees the villages assigned to them; anyone else sees none.
Every view and service that lists or loads residents goes through these querysets.
"""

from __future__ import annotations

from django.db.models import QuerySet

from .models import Household, Resident, Village
from .nik import nik_blind_index


def user_sees_all_villages(user) -> bool:
    return bool(
        user
        and user.is_authenticated
        and user.is_active
        and (user.is_superuser or user.has_perm("registry.access_all_villages"))
    )


def villages_for(*, user) -> QuerySet:
    """The villages whose residents ``user`` may read and change."""
    if user_sees_all_villages(user):
        return Village.objects.all()
    if not (user and user.is_authenticated and user.is_active):
        return Village.objects.none()
    return Village.objects.filter(operators__user=user)


def village_halls_for(*, user) -> QuerySet:
    """The villages whose hall (address, hours, map point) ``user`` may keep: their villages
    (every village for district staff), if they hold ``registry.change_village_hall``."""
    if not (user and user.is_authenticated and user.has_perm("registry.change_village_hall")):
        return Village.objects.none()
    return villages_for(user=user).select_related("district")


def user_keeps_stored_and_new_village(*, user, instance) -> bool:
    """Whether ``user`` may edit ``instance`` (a resident or household): both the village it
    is being saved with and, for a saved one, the village it has now must be the user's."""
    stored = (
        type(instance).objects.filter(pk=instance.pk).values_list("village_id", flat=True).first()
        if instance.pk
        else None
    )
    wanted = {instance.village_id, stored} - {None}
    return villages_for(user=user).filter(pk__in=wanted).count() == len(wanted)


def residents_for(*, user) -> QuerySet:
    return Resident.objects.filter(village__in=villages_for(user=user)).select_related(
        "village__district", "household"
    )


def households_for(*, user) -> QuerySet:
    return Household.objects.filter(village__in=villages_for(user=user)).select_related(
        "village__district", "head"
    )


def resident_by_nik(*, nik: str, residents: QuerySet | None = None) -> Resident | None:
    """The resident with this NIK (found by its keyed index), within ``residents`` if given."""
    digits = "".join(ch for ch in str(nik) if ch in "0123456789")
    if len(digits) != 16:
        return None
    queryset = Resident.objects.all() if residents is None else residents
    return queryset.filter(nik_index=nik_blind_index(digits)).first()
