"""The district's default courier table, which staff change in the back office."""

from django.db import migrations

DEFAULTS = [
    # zone, base fee, per extra kg, available
    ("village", 5000, 1000, True),
    ("district", 10000, 2000, True),
    ("regency", 15000, 3000, True),
    ("province", 30000, 5000, True),
    ("elsewhere", 50000, 10000, False),
]


def rates_add(apps, schema_editor):
    CourierRate = apps.get_model("shipping", "CourierRate")
    for zone, base_fee, per_kg, available in DEFAULTS:
        CourierRate.objects.get_or_create(
            seller=None,
            zone=zone,
            defaults={"base_fee": base_fee, "per_kg": per_kg, "available": available},
        )


class Migration(migrations.Migration):
    dependencies = [("shipping", "0004_sellershipping_courierrate")]

    operations = [migrations.RunPython(rates_add, migrations.RunPython.noop)]
