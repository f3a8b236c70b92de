"""Import inhabitants per municipality from the Czech Statistical Office's open-data CSV
("Počet obyvatel v obcích", and the tables by age in the same long shape).

    manage.py import_population obyvatele.csv [--source "ČSÚ 2025"] [--approximate] [--dry-run]

Rows of municipalities the catalogue does not know are counted and left out; one invalid
record (bands not adding up to the total) stops the import with nothing saved.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kp_catalogue.exchange.importing.limits import FileRejected
from kp_plans.population.importing import import_population
from kp_plans.population.reading import max_bytes


class Command(BaseCommand):
    help = "Import inhabitants per municipality from the ČSÚ's CSV."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--source", default="")
        parser.add_argument("--approximate", action="store_true")
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, path, source, approximate, dry_run, **options):
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"{path}: no such file")
        if file.stat().st_size > max_bytes():
            raise CommandError(f"{path}: larger than {max_bytes()} bytes")
        try:
            report = import_population(file.read_bytes(), source=source,
                                       approximate=approximate, dry_run=dry_run)
        except FileRejected as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"{'Dry run: ' if dry_run else ''}created {report.created}, updated "
            f"{report.updated}, municipalities not in the area {len(report.unknown_codes)}, "
            f"rows skipped (by sex, other ages, other areas) {report.skipped_rows}")
