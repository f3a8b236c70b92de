import importlib
import os

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page

from kp_catalogue.accounts import roles
from kp_catalogue.accounts.access import PROVIDERS_GROUP
from kp_catalogue.models import Provider, ProviderMembership
from kpsite.base.demo import STEPS
from kpsite.base.demo.catalogue import PROVIDERS, ico
from kpsite.base.sites import parse_site_url, set_default_site
from kpsite.home.models import HomePage

DEMO_ADMIN_USERNAME = "admin"
DEMO_ADMIN_PASSWORD = "kpss-demo-admin"  # noqa: S105 - printed for the demo; refused in production
DEMO_PROVIDER_USERNAME = "poskytovatel"
DEMO_PROVIDER_PASSWORD = "kpss-demo-poskytovatel"  # noqa: S105 - printed for the demo


class Command(BaseCommand):
    help = "Build the demo site of the VM+K microregion. Safe to run again: nothing is duplicated."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true",
            help="Run even with DEBUG off (the demo admin password is public).",
        )
        parser.add_argument(
            "--site-url", default=None,
            help="Public address of the site, for QR codes and e-mail links "
                 "(default: WAGTAILADMIN_BASE_URL).",
        )

    def handle(self, *args, force=False, site_url=None, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "load_demo creates an admin account with a published password; "
                "run it with DEBUG on, or pass --force if you really mean it."
            )
        site_url = site_url or settings.WAGTAILADMIN_BASE_URL
        try:
            parse_site_url(site_url)
        except ValueError as error:
            raise CommandError(str(error)) from error
        with transaction.atomic():
            home = self.home_page(site_url)
            for step in STEPS:
                importlib.import_module(step).load(home, self.say)
            username, password = self.admin_account()
            provider_name, provider_user, provider_password = self.provider_account()
        self.stdout.write(self.style.SUCCESS("Demo je připravené."))
        self.stdout.write(f"Administrace: {settings.WAGTAILADMIN_BASE_URL}/admin/")
        self.stdout.write(f"  uživatel: {username}")
        self.stdout.write(f"  heslo:    {password}")
        self.stdout.write(f"Účet poskytovatele ({provider_name}):")
        self.stdout.write(f"  uživatel: {provider_user}")
        self.stdout.write(f"  heslo:    {provider_password}")

    def say(self, message):
        self.stdout.write(f"  · {message}")

    def home_page(self, site_url):
        home = HomePage.objects.filter(depth=2).first()
        if home is None:
            root = Page.get_first_root_node() or self.tree_root()
            # Wagtail's initial migration leaves a placeholder page at the home position.
            for placeholder in root.get_children().filter(content_type__model="page"):
                placeholder.delete()
            home = HomePage(
                title="Komunitní plánování sociálních služeb VM+K",
                slug="uvod",
                intro=(
                    "<p>Obce mikroregionu Valašskomeziříčsko-Kelečsko plánují sociální služby "
                    "společně s poskytovateli a s lidmi, kteří je potřebují. Najdete zde katalog "
                    "služeb, komunitní plán a jeho návrhy k připomínkám.</p>"
                ),
            )
            root.add_child(instance=home)
            home.save_revision().publish()
        # The served address, so that QR codes and links in e-mails lead to this site.
        set_default_site(site_url, root_page=home, site_name="Mikroregion VM+K")
        return home

    def tree_root(self):
        """Wagtail's migrations create the tree root; a flushed database has none."""
        Locale.objects.get_or_create(
            language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
        )
        return Page.add_root(instance=Page(title="Root", slug="root"))

    def admin_account(self):
        password = os.environ.get("KPSS_DEMO_ADMIN_PASSWORD", DEMO_ADMIN_PASSWORD)
        user, _ = get_user_model().objects.get_or_create(
            username=DEMO_ADMIN_USERNAME,
            defaults={"email": "admin@example.cz", "first_name": "Správce", "last_name": "Demo"},
        )
        user.is_staff = True
        user.is_superuser = True
        user.set_password(password)
        user.save()
        return DEMO_ADMIN_USERNAME, password

    def provider_account(self):
        """A provider's account for the first demo organisation: it may edit only that
        organisation's entries, and its changes wait for an editor's approval."""
        roles.ensure(apps)
        password = os.environ.get("KPSS_DEMO_PROVIDER_PASSWORD", DEMO_PROVIDER_PASSWORD)
        provider = Provider.objects.get(ico=ico(PROVIDERS[0][2]))
        user, _ = get_user_model().objects.get_or_create(
            username=DEMO_PROVIDER_USERNAME,
            defaults={"email": "poskytovatel@example.cz", "first_name": "Pavla",
                      "last_name": "Poskytovatelová"},
        )
        user.set_password(password)
        user.save()
        user.groups.add(apps.get_model("auth", "Group").objects.get(name=PROVIDERS_GROUP))
        ProviderMembership.objects.get_or_create(user=user, provider=provider)
        return provider.name, DEMO_PROVIDER_USERNAME, password
