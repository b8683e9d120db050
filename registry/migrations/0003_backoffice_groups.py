"""The back office's groups: "Operator desa" (their villages' residents and households) and
"Staf dinas" (every village, full NIKs, the NIK access log read only). Both may log into
the Wagtail admin.

Reversible: going back deletes the two groups (and so their members' membership).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

OPERATOR_GROUP = "Operator desa"
STAFF_GROUP = "Staf dinas"
OPERATOR_PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    ("registry", "add_resident"),
    ("registry", "change_resident"),
    ("registry", "view_resident"),
    ("registry", "add_household"),
    ("registry", "change_household"),
    ("registry", "view_household"),
]


def _ensure_permissions(apps):
    """Permissions are normally created after all migrations (post_migrate): create the
    registry's now, so that the groups can hold them on a fresh database."""
    app_config = apps.get_app_config("registry")
    models_module = getattr(app_config, "models_module", None)
    # create_permissions() skips an app config without a models module, which is what
    # the migration's historical app configs are.
    app_config.models_module = models_module or True
    try:
        create_permissions(app_config, apps=apps, verbosity=0)
    finally:
        app_config.models_module = models_module


def groups_create(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    _ensure_permissions(apps)

    operator, _ = Group.objects.get_or_create(name=OPERATOR_GROUP)
    for app_label, codename in OPERATOR_PERMISSIONS:
        operator.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )

    staff, _ = Group.objects.get_or_create(name=STAFF_GROUP)
    staff.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        # Every registry permission but writing the NIK access log: only the services
        # write it, and nobody edits or deletes it.
        *Permission.objects.filter(content_type__app_label="registry").exclude(
            codename__in=["add_nikaccesslog", "change_nikaccesslog", "delete_nikaccesslog"]
        ),
    )


def groups_delete(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__in=[OPERATOR_GROUP, STAFF_GROUP]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0002_residents"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(groups_create, groups_delete)]
