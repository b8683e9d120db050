"""The registry's back office in the Wagtail admin: the "Registri desa" menu group.

The permission policies are registered first, before any view asks for them: residents
and households are scoped to the villages the user keeps; the NIK access log is read only
for district staff; villages are only viewed and changed for their hall, in the villages
the user keeps.
"""

from wagtail import hooks
from wagtail.permissions import register_permission_policy

from .backoffice.permissions import (
    DistrictStaffViewOnlyPolicy,
    VillageHallPolicy,
    VillageScopedPolicy,
)
from .models import Household, NikAccessLog, Resident, Village
from .selectors import households_for, residents_for

register_permission_policy(Resident, VillageScopedPolicy(Resident, scope=residents_for))
register_permission_policy(Household, VillageScopedPolicy(Household, scope=households_for))
register_permission_policy(NikAccessLog, DistrictStaffViewOnlyPolicy(NikAccessLog))
register_permission_policy(Village, VillageHallPolicy(Village))


@hooks.register("register_admin_viewset")
def register_registry_viewsets():
    from .backoffice.viewsets import RegistryViewSetGroup

    return RegistryViewSetGroup()
