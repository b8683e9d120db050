"""Who sees and does what in the sellers' back office.

District staff (superusers, or holders of ``sellers.decide_application``: the "Staf dinas"
group) see every application and seller. A village operator who holds
``sellers.view_sellerapplication`` (the "Operator desa" group) sees the applications of the
villages they keep, and nothing of sellers. Which actions succeed is the services' call
(``application_vouch`` checks the village, the decisions check the staff permission); the
views load objects only from these querysets, so another village's application is a 404.
"""

from __future__ import annotations

from django.db.models import QuerySet
from wagtail.permission_policies import ModelPermissionPolicy

from registry.backoffice.permissions import user_keeps_villages
from registry.selectors import villages_for

from ..models import Seller, SellerApplication


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def user_decides(user) -> bool:
    """District staff: may approve, reject, suspend and reinstate, in every village."""
    return _active(user) and (user.is_superuser or user.has_perm("sellers.decide_application"))


def user_sees_applications(user) -> bool:
    return user_decides(user) or (
        _active(user)
        and user.has_perm("sellers.view_sellerapplication")
        and user_keeps_villages(user)
    )


def applications_for(*, user) -> QuerySet:
    """The applications ``user`` may read: all for district staff, else their villages'."""
    applications = SellerApplication.objects.select_related(
        "user", "village__district", "main_category", "resident", "vouched_by", "decided_by"
    )
    if user_decides(user):
        return applications
    if not user_sees_applications(user):
        return applications.none()
    return applications.filter(village__in=villages_for(user=user))


def sellers_for(*, user) -> QuerySet:
    """The sellers ``user`` may read and suspend: all for district staff, none otherwise."""
    sellers = Seller.objects.select_related("partner", "user", "village__district")
    return sellers if user_decides(user) else sellers.none()


class _ScopedViewOnlyPolicy(ModelPermissionPolicy):
    """Only "view" (the back office edits through its own actions), for whom ``allowed``
    says, and per instance only within ``scope``."""

    def __init__(self, model, *, allowed, scope):
        super().__init__(model)
        self.allowed = allowed
        self.scope = scope

    def user_has_permission(self, user, action):
        return action == "view" and self.allowed(user)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        return (
            self.user_has_permission(user, action)
            and self.scope(user=user).filter(pk=instance.pk).exists()
        )

    def instances_user_has_any_permission_for(self, user, actions):
        if self.user_has_any_permission(user, actions):
            return self.scope(user=user)
        return self.model._default_manager.none()


def application_policy() -> ModelPermissionPolicy:
    return _ScopedViewOnlyPolicy(
        SellerApplication, allowed=user_sees_applications, scope=applications_for
    )


def seller_policy() -> ModelPermissionPolicy:
    return _ScopedViewOnlyPolicy(Seller, allowed=user_decides, scope=sellers_for)
