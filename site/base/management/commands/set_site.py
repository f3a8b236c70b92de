"""Set the public address of the default Wagtail Site (docs/deployment.md, release steps)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from kpsite.base.sites import set_default_site


class Command(BaseCommand):
    help = "Set the public address (https://host[:port]) of the default Wagtail Site."

    def add_arguments(self, parser):
        parser.add_argument("url", help="e.g. https://kpss.mikroregion.cz")

    def handle(self, *args, url, **options):
        try:
            site = set_default_site(url)
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(_("Default site: %(url)s") % {"url": site.root_url})
