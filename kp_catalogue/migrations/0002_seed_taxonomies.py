from django.db import migrations


def seed(apps, schema_editor):
    from kp_catalogue.models.seed import load

    load(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("kp_catalogue", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
