"""Village operators: who keeps which villages' residents in the back office."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from ..models import Village, VillageOperator

#: The group that lets a village operator into the Wagtail admin's registry (created by
#: migration ``0003_backoffice_groups``); what they may do is scoped to their villages.
OPERATOR_GROUP = "Operator desa"
OPERATOR_PERMISSIONS = (
    ("wagtailadmin", "access_admin"),
    ("registry", "add_resident"),
    ("registry", "change_resident"),
    ("registry", "view_resident"),
    ("registry", "add_household"),
    ("registry", "change_household"),
    ("registry", "view_household"),
    # Keep their villages' hall: address, opening hours, map point.
    ("registry", "change_village_hall"),
    # Read their villages' seller applications, to vouch for applicants they know.
    ("sellers", "view_sellerapplication"),
)
#: District staff (staf dinas): every registry permission, all villages, full NIKs.
STAFF_GROUP = "Staf dinas"


@transaction.atomic
def village_operator_assign(*, user, villages: Iterable[Village]) -> VillageOperator:
    """Make ``user`` the operator of exactly these villages and put them in the
    "Operator desa" group, so that they can log into the back office.

    An empty ``villages`` leaves the user an operator of no village: they keep the group
    but see no resident. Raises nothing of its own.
    """
    operator, _created = VillageOperator.objects.get_or_create(user=user)
    operator.villages.set(list(villages))
    user.groups.add(operator_group())
    # The user object may have cached its permissions before it joined the group.
    for cache in ("_perm_cache", "_group_perm_cache", "_user_perm_cache"):
        user.__dict__.pop(cache, None)
    return operator


def operator_group() -> Group:
    """The "Operator desa" group, created with its permissions if a database lacks it."""
    group, created = Group.objects.get_or_create(name=OPERATOR_GROUP)
    if created:
        for app_label, codename in OPERATOR_PERMISSIONS:
            permission = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if permission is not None:
                group.permissions.add(permission)
    return group
