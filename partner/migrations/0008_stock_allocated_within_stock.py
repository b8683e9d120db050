"""The database refuses more allocated than in stock (no overselling, whoever writes).

Rows already oversold (possible under Oscar's unconditional allocation) are first brought
within stock, allocating what is in stock: the constraint could not be added otherwise.
The reverse keeps the rows as they are (the lost over-allocation cannot be known).
"""

from django.db import migrations, models
from django.db.models import F


def oversold_clamp(apps, schema_editor):
    StockRecord = apps.get_model("partner", "StockRecord")
    StockRecord.objects.filter(
        num_allocated__isnull=False,
        num_in_stock__isnull=False,
        num_allocated__gt=F("num_in_stock"),
    ).update(num_allocated=F("num_in_stock"))


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0033_product_weight_unit_category_required_document"),
        ("partner", "0007_partneraddress_code"),
    ]

    operations = [
        migrations.RunPython(oversold_clamp, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="stockrecord",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("num_allocated__isnull", True),
                    ("num_in_stock__isnull", True),
                    ("num_allocated__lte", models.F("num_in_stock")),
                    _connector="OR",
                ),
                name="partner_stock_allocated_within_stock",
            ),
        ),
    ]
