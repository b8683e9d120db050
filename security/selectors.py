"""Reads of the sign-in lockouts, for the back office."""

from __future__ import annotations

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import IntegerField, OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone


def user_sees_lockouts(user) -> bool:
    """District staff: superusers, or holders of ``axes.view_accessattempt`` ("Staf dinas")."""
    return bool(
        user
        and user.is_authenticated
        and user.is_active
        and (user.is_superuser or user.has_perm("axes.view_accessattempt"))
    )


def _failures(**match) -> Subquery:
    recent = AccessAttempt.objects.filter(
        attempt_time__gte=timezone.now() - settings.LOGIN_COOLOFF, **match
    )
    return Subquery(
        recent.values(*match).annotate(total=Sum("failures_since_start")).values("total")[:1],
        output_field=IntegerField(),
    )


def lockouts_for(*, user) -> QuerySet:
    """Failed sign-ins still counted (within the cool-off), newest first, for district
    staff; none for anyone else. Each row carries ``account_failures`` and
    ``address_failures``: the counts its account and its address are judged by."""
    if not user_sees_lockouts(user):
        return AccessAttempt.objects.none()
    return (
        AccessAttempt.objects.filter(attempt_time__gte=timezone.now() - settings.LOGIN_COOLOFF)
        .annotate(
            account_failures=Coalesce(_failures(username=OuterRef("username")), 0),
            address_failures=Coalesce(_failures(ip_address=OuterRef("ip_address")), 0),
        )
        .order_by("-attempt_time")
    )


def attempt_locks(attempt) -> list[str]:
    """What ``attempt`` (from ``lockouts_for``) has locked: "account", "address", both or none."""
    locks = []
    if attempt.account_failures >= settings.LOGIN_FAILURES_PER_ACCOUNT:
        locks.append("account")
    if attempt.address_failures >= settings.LOGIN_FAILURES_PER_ADDRESS:
        locks.append("address")
    return locks
