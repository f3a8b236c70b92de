"""The "Poskytovatelé" group, catalogue rights for Editors and the approval workflow."""

from django.db import migrations

from kp_catalogue.accounts import roles


def create(apps, schema_editor):
    roles.ensure(apps)


def remove(apps, schema_editor):
    roles.remove(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("kp_catalogue", "0003_provider_accounts"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create, remove)]
