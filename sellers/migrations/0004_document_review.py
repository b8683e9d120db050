import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def shops_documents_verified(apps, schema_editor):
    """Documents shops already hold came with applications that staff approved: verified."""
    SellerDocument = apps.get_model("sellers", "SellerDocument")
    SellerDocument.objects.filter(seller__isnull=False).update(status="verified")


class Migration(migrations.Migration):
    dependencies = [
        ("sellers", "0003_application_identity_check_one_shop"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="sellerdocument",
            name="rejection_reason",
            field=models.TextField(blank=True, max_length=1000, verbose_name="Alasan penolakan"),
        ),
        migrations.AddField(
            model_name="sellerdocument",
            name="reviewed_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="Diperiksa pada"),
        ),
        migrations.AddField(
            model_name="sellerdocument",
            name="reviewed_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="Diperiksa oleh",
            ),
        ),
        migrations.AddField(
            model_name="sellerdocument",
            name="status",
            field=models.CharField(
                choices=[
                    ("pending", "Menunggu pemeriksaan"),
                    ("verified", "Terverifikasi"),
                    ("rejected", "Ditolak"),
                ],
                db_index=True,
                default="pending",
                max_length=10,
                verbose_name="Pemeriksaan",
            ),
        ),
        migrations.RunPython(shops_documents_verified, migrations.RunPython.noop),
    ]
