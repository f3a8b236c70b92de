"""``manage.py import_rpss FILE [--dry-run] [--force]``: sync with the national register of
providers (see ``exchange/register.py`` for what the register owns)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from kp_catalogue.exchange.importing.reporting import report
from kp_catalogue.exchange.register import sync_register


class Command(BaseCommand):
    help = ("Sync the catalogue with the national register of providers (open-data JSON), "
            "limited to the area in KP_CATALOGUE_REGISTER_AREA or the municipalities' register "
            "codes. Only register-owned fields change; the differences are printed first.")

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="Only show the differences.")
        parser.add_argument("--force", action="store_true",
                            help="Apply even when the number of services changes sharply.")

    def handle(self, *args, file, dry_run, force, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("File %(file)s does not exist.") % {"file": file})
        plan = sync_register(path.read_bytes(), dry_run=dry_run, force=force, source=path.name)
        report(self, plan, dry_run, _("Item %(line)s: %(errors)s"), describe=lambda row: (
            f"{row.values['identifier']} {row.label}: "
            f"{', '.join(row.changed) if row.changed else row.action_label}"))
