"""Provider invitations; editors' rights on them; each organisation's media (collection and
group; created for existing organisations after migrating, see ``accounts/media.py``); e-mail
addresses unique among users, case-insensitively.

The address index is a partial expression index, ``LOWER(email)`` where the address is not
empty, in the same SQL on SQLite and PostgreSQL (the user model is Django's own, so no model
constraint can carry it). Users without an address stay allowed. Existing duplicates stop the
migration with the list of addresses: which account keeps an address is a person's decision.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import Count
from django.db.models.functions import Lower

from kp_catalogue.accounts import roles

INDEX = "kp_user_email_ci_unique"


def ensure_roles(apps, schema_editor):
    roles.ensure(apps)


def unique_emails(apps, schema_editor):
    User = apps.get_model(settings.AUTH_USER_MODEL)
    duplicates = list(User.objects.exclude(email="").annotate(address=Lower("email"))
                      .values("address").annotate(n=Count("pk")).filter(n__gt=1)
                      .values_list("address", flat=True))
    if duplicates:
        raise RuntimeError(
            "These e-mail addresses belong to more than one user (compared without case); "
            "give each account its own address, then migrate again: " + ", ".join(duplicates))
    quote = schema_editor.quote_name
    schema_editor.execute(
        f"CREATE UNIQUE INDEX {quote(INDEX)} ON {quote(User._meta.db_table)} "
        f"(LOWER({quote('email')})) WHERE {quote('email')} <> ''")


def drop_unique_emails(apps, schema_editor):
    schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(INDEX)}")


class Migration(migrations.Migration):

    dependencies = [
        ('kp_catalogue', '0005_import_register'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("wagtailcore", "0098_apitoken"),
        ('auth', '0012_alter_user_first_name_max_length'),
    ]

    operations = [
        migrations.CreateModel(
            name='ProviderInvitation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('email', models.EmailField(max_length=254, verbose_name='e-mail')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('expires_at', models.DateTimeField(verbose_name='expires')),
                ('key', models.CharField(editable=False, max_length=64)),
                ('accepted_at', models.DateTimeField(blank=True, null=True, verbose_name='accepted')),
                ('revoked_at', models.DateTimeField(blank=True, null=True, verbose_name='revoked')),
                ('accepted_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='accepted by')),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='invited by')),
                ('provider', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='invitations', to='kp_catalogue.provider', verbose_name='provider')),
            ],
            options={
                'verbose_name': 'provider invitation',
                'verbose_name_plural': 'provider invitations',
                'ordering': ['-created_at'],
            },
        ),
        migrations.CreateModel(
            name='ProviderMedia',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('collection', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='wagtailcore.collection')),
                ('group', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='auth.group')),
                ('provider', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='media', to='kp_catalogue.provider')),
            ],
            options={
                'verbose_name': 'media of a provider',
            },
        ),
        migrations.RunPython(ensure_roles, migrations.RunPython.noop),
        migrations.RunPython(unique_emails, drop_unique_emails),
    ]
