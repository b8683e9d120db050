"""District staff ("Staf dinas") see failed sign-ins and lift locks in the back office:
axes' view and delete permissions on access attempts.

Reversible: going back takes the two permissions from the group again.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

STAFF_GROUP = "Staf dinas"
CODENAMES = ["view_accessattempt", "delete_accessattempt"]


def _ensure_permissions(apps):
    """Permissions are created after all migrations (post_migrate): make axes' now, so the
    group can hold them on a fresh database."""
    app_config = apps.get_app_config("axes")
    models_module = getattr(app_config, "models_module", None)
    app_config.models_module = models_module or True
    try:
        create_permissions(app_config, apps=apps, verbosity=0)
    finally:
        app_config.models_module = models_module


def permissions_grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    _ensure_permissions(apps)
    staff, _ = Group.objects.get_or_create(name=STAFF_GROUP)
    staff.permissions.add(
        *Permission.objects.filter(content_type__app_label="axes", codename__in=CODENAMES)
    )


def permissions_revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name=STAFF_GROUP):
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="axes", codename__in=CODENAMES)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0003_backoffice_groups"),
        ("axes", "0010_accessattemptexpiration"),
    ]

    operations = [migrations.RunPython(permissions_grant, permissions_revoke)]
