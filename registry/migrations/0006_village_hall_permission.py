"""The back office's groups may keep village halls: "Operator desa" for their own villages,
"Staf dinas" for every village (the scoping is the policy's, ``registry.backoffice``).

Reversible: going back takes the permission from the two groups again.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUPS = ("Operator desa", "Staf dinas")
CODENAME = "change_village_hall"


def _ensure_permissions(apps):
    """Permissions are normally created after all migrations (post_migrate): create the
    registry's now, as ``0003_backoffice_groups`` does, so that the groups can hold them."""
    app_config = apps.get_app_config("registry")
    models_module = getattr(app_config, "models_module", None)
    app_config.models_module = models_module or True
    try:
        create_permissions(app_config, apps=apps, verbosity=0)
    finally:
        app_config.models_module = models_module


def permission_grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    _ensure_permissions(apps)
    permission = Permission.objects.get(content_type__app_label="registry", codename=CODENAME)
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.add(permission)


def permission_revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permission = Permission.objects.filter(
        content_type__app_label="registry", codename=CODENAME
    ).first()
    if permission is not None:
        for group in Group.objects.filter(name__in=GROUPS):
            group.permissions.remove(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0005_village_hall"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(permission_grant, permission_revoke)]
