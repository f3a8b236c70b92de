"""On PostgreSQL: the accent-insensitive text search configuration the site's search backend
uses (kpsite/base/search_backend.py). `unaccent` is a trusted extension (PostgreSQL 13+), so the
database owner may create it. Nothing happens on other databases."""

from django.db import migrations

CREATE = """
CREATE EXTENSION IF NOT EXISTS unaccent;
DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'kpss_cs') THEN
        CREATE TEXT SEARCH CONFIGURATION kpss_cs (COPY = simple);
        ALTER TEXT SEARCH CONFIGURATION kpss_cs
            ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple;
    END IF;
END $$;
"""
DROP = "DROP TEXT SEARCH CONFIGURATION IF EXISTS kpss_cs;"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("base", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
