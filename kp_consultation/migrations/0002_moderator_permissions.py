"""Give Wagtail's Editors and Moderators groups the comment permissions (staff moderation)."""

from django.db import migrations

GROUPS = ["Editors", "Moderators"]
CODENAMES = ["add_comment", "change_comment", "delete_comment", "view_comment"]


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; make them now to grant them.
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label="kp_consultation",
                                                        model="comment")
    permissions = [
        Permission.objects.get_or_create(
            content_type=content_type, codename=codename,
            defaults={"name": f"Can {codename.split('_')[0]} comment"},
        )[0]
        for codename in CODENAMES
    ]
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("kp_consultation", "0001_initial"),
        ("wagtailcore", "0002_initial_data"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
