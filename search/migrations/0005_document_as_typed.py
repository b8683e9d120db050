"""PostgreSQL: the full text also holds the title and context words as typed (``simple``),
so that a prefix of a word the stemmer shortens ("keri" of "keripik", stored "ripik")
matches. Existing rows are recomputed here."""

from django.db import migrations

DOCUMENT_SQL = (
    "setweight(to_tsvector('indonesian', title), 'A') || "
    "setweight(to_tsvector('simple', title), 'A') || "
    "setweight(to_tsvector('indonesian', context), 'B') || "
    "setweight(to_tsvector('simple', context), 'B') || "
    "setweight(to_tsvector('indonesian', description), 'C')"
)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(f"UPDATE search_productentry SET document = {DOCUMENT_SQL}")


class Migration(migrations.Migration):
    dependencies = [("search", "0004_entry_facets_index")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
