from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from kp_catalogue.importing.engine import ERROR
from kp_catalogue.register import sync_register


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
        for message in plan.file_errors:
            self.stderr.write(message)
        for row in plan.rows:
            if row.action == ERROR:
                self.stderr.write(_("Item %(line)s: %(errors)s")
                                  % {"line": row.line, "errors": "; ".join(row.errors)})
            elif row.changed:
                self.stdout.write(f"{row.values['identifier']} {row.label}: "
                                  f"{', '.join(row.changed)}")
            elif row.action == "new":
                self.stdout.write(f"{row.values['identifier']} {row.label}: "
                                  f"{row.action_label}")
        if plan.missing:
            self.stdout.write(_("Not in the register any more: %(list)s")
                              % {"list": ", ".join(plan.missing)})
        self.stdout.write(_("New: %(new)s, updated: %(update)s, unchanged: %(unchanged)s, "
                            "errors: %(error)s.") % plan.counts)
        if plan.has_errors:
            raise CommandError(_("Nothing was imported: fix the errors and run again."))
        self.stdout.write(_("Dry run: nothing was written.") if dry_run else _("Imported."))
