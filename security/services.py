"""Writes: lifting a sign-in lock before its cool-off ends."""

from __future__ import annotations

import logging

from axes.utils import reset
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


def lockout_lift(*, attempt, scope: str, lifted_by) -> int:
    """Forget the failed sign-ins that lock ``attempt``'s account (``scope="account"``) or
    its address (``scope="address"``). Returns how many attempt records went; lifting a
    lock that has already gone is not an error (0).

    Raises ``PermissionDenied`` unless ``lifted_by`` is district staff who may delete
    attempt records (superusers, "Staf dinas"); ``ValueError`` for another ``scope``.
    """
    if not (lifted_by.is_active and lifted_by.has_perm("axes.delete_accessattempt")):
        raise PermissionDenied(_("Hanya staf dinas yang boleh membuka kunci masuk."))
    if scope == "account":
        count = reset(username=attempt.username)
    elif scope == "address":
        count = reset(ip=attempt.ip_address)
    else:
        raise ValueError(f"unknown lock scope {scope!r}")
    logger.warning(
        "Sign-in lock (%s) lifted by user %s: %d attempt records removed.",
        scope,
        lifted_by.pk,
        count,
    )
    return count
