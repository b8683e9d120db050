"""The full-text and similarity indexes, which differ by database.

PostgreSQL: a GIN index on ``ProductEntry.document`` (the weighted ``tsvector``) and
``pg_trgm`` with a trigram GIN index on ``SearchTerm.word`` (misspellings corrected to
the closest word). SQLite: an FTS5 table keyed by the product id (its rowid), with the
title, the context (category, seller, village, district) and the description as columns
weighted by ``bm25``.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

FTS5 = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_productentry_fts USING fts5("
    "title, context, description, tokenize = 'unicode61 remove_diacritics 2')"
)


def forwards(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE INDEX IF NOT EXISTS search_entry_document "
                "ON search_productentry USING gin (document)"
            )
            cursor.execute(
                "CREATE INDEX IF NOT EXISTS search_term_trigram "
                "ON search_searchterm USING gin (word gin_trgm_ops)"
            )
        elif connection.vendor == "sqlite":
            cursor.execute(FTS5)


def backwards(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP INDEX IF EXISTS search_entry_document")
            cursor.execute("DROP INDEX IF EXISTS search_term_trigram")
        elif connection.vendor == "sqlite":
            cursor.execute("DROP TABLE IF EXISTS search_productentry_fts")


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        TrigramExtension(),
        migrations.RunPython(forwards, backwards),
    ]
