from django.db import migrations

from kp_catalogue.search import index


def store_vector(apps, schema_editor):
    """PostgreSQL only (kp_catalogue/search/index.py); SQLite keeps its FTS5 table."""
    index.store_vector(schema_editor)


def unstore_vector(apps, schema_editor):
    index.unstore_vector(schema_editor)


class Migration(migrations.Migration):

    dependencies = [
        ("kp_catalogue", "0011_finder_situations_and_municipality_centres"),
    ]

    operations = [
        migrations.RunPython(store_vector, unstore_vector, elidable=False),
    ]
