
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('sellers', '0004_document_review'),
    ]

    operations = [
        migrations.AddField(
            model_name='applicationattempt',
            name='nik_index',
            field=models.CharField(blank=True, db_index=True, editable=False, max_length=64),
        ),
    ]
