"""``manage.py export_catalogue FILE``: the whole catalogue as CSV, XLSX or JSON, readable by the
import."""

from django.core.management.base import BaseCommand

from kp_catalogue.exchange.spreadsheets import FORMATS, export_file


class Command(BaseCommand):
    help = "Export all services (or their places, or providers) as CSV, XLSX or JSON, in the format the import reads."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Output file; '-' writes to standard output.")
        parser.add_argument("--kind", choices=["services", "locations", "providers"], default="services")
        parser.add_argument("--format", choices=sorted(FORMATS), default=None,
                            help="Default: from the file's extension, else CSV.")

    def handle(self, *args, file, kind, format, **options):
        file_format = format or (file.rsplit(".", 1)[-1].lower() if "." in file else "csv")
        if file_format not in FORMATS:
            file_format = "csv"
        data = export_file(kind, file_format)
        if file == "-":
            self.stdout.buffer.write(data) if hasattr(self.stdout, "buffer") else \
                self.stdout.write(data.decode("utf-8"))
        else:
            with open(file, "wb") as output:
                output.write(data)
