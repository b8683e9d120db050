"""District staff ("Staf dinas") decide seller applications and suspend sellers; village
operators ("Operator desa") read their villages' applications to vouch for them.

Reversible: going back removes these permissions from the two groups.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "Staf dinas": ["decide_application", "view_sellerapplication", "view_seller",
                   "view_sellerdocument"],
    "Operator desa": ["view_sellerapplication"],
}


def _permissions(apps, codenames):
    app_config = apps.get_app_config("sellers")
    models_module = getattr(app_config, "models_module", None)
    app_config.models_module = models_module or True
    try:
        create_permissions(app_config, apps=apps, verbosity=0)
    finally:
        app_config.models_module = models_module
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.filter(content_type__app_label="sellers", codename__in=codenames)


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name, codenames in GRANTS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*_permissions(apps, codenames))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GRANTS.items():
        group = Group.objects.filter(name=name).first()
        if group:
            group.permissions.remove(
                *Permission.objects.filter(
                    content_type__app_label="sellers", codename__in=codenames
                )
            )


class Migration(migrations.Migration):
    dependencies = [
        ("sellers", "0001_sellers_applications_documents"),
        ("registry", "0003_backoffice_groups"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
