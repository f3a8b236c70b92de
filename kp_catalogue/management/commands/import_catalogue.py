"""``manage.py import_catalogue FILE [--dry-run]``: a spreadsheet import from the command line,
with the same checks and the same one-transaction write as the admin upload."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from kp_catalogue.exchange.importing.reporting import report
from kp_catalogue.exchange.imports import import_file


class Command(BaseCommand):
    help = ("Import services (or their places, or providers) from a CSV, XLSX or JSON file: every row is checked "
            "first, and nothing is written unless all rows are valid.")

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--kind", choices=["services", "locations", "providers"], default="services")
        parser.add_argument("--dry-run", action="store_true",
                            help="Only show what would happen.")
        parser.add_argument("--user", help="Username recorded as the author of the revisions.")

    def handle(self, *args, file, kind, dry_run, user, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("File %(file)s does not exist.") % {"file": file})
        author = None
        if user:
            author = get_user_model().objects.filter(username=user).first()
            if author is None:
                raise CommandError(_("Unknown user %(user)s.") % {"user": user})

        def progress(done, total):
            self.stderr.write(f"\r{done}/{total}", ending="")
            if done == total:
                self.stderr.write("")

        plan = import_file(kind, path.read_bytes(), path.name, user=author, dry_run=dry_run,
                           progress=progress)
        report(self, plan, dry_run, _("Line %(line)s: %(errors)s"))
