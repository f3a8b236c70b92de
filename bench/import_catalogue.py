"""Benchmark of the catalogue import: our bulk importer against django-import-export's default
row-by-row import of the same generated CSV, in the same run, on the same database.

    python -m bench.import_catalogue --services 5000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kpss_bench python -m bench.import_catalogue

Without DJANGO_SETTINGS_MODULE it uses bench.settings and, without DATABASE_URL, a fresh SQLite
file in a temporary folder (migrated here). ``measure()`` returns the figures as a dict for
bench/run.py. Both importers start from a catalogue without services; each does a dry run and
then the real import, as an editor does in the admin (preview, then confirm).
"""

import argparse
import json
import os
import sys
import tempfile
import time

import django

SERVICE_TYPES = ["p40", "p39", "13", "p44", "p69", "p65", "p37", "p70"]
FORMS = ["terénní: 120 klienti", "pobytová: 32 lůžka, nepřetržitě",
         "ambulantní: 40 klienti | terénní: 60 klienti", "ambulantní: 300 kontakty"]
GROUPS = ["Senioři", "Osoby se zdravotním postižením", "Rodiny s dětmi, děti a mládež",
          "Osoby v krizi a nouzi"]


def generate_csv(services):
    """A Czech-Excel style CSV (Windows-1250, semicolons), 25 services per provider."""
    from kp_catalogue.exchange.importing.services import SERVICE_COLUMNS
    from kp_catalogue.models import Municipality
    from kp_catalogue.models.validators import ico_check_digit

    towns = list(Municipality.objects.values_list("name", flat=True)) or [""]
    headings = [column.heading for column in SERVICE_COLUMNS if column.attr != "id"]
    lines = [";".join(headings)]
    for number in range(services):
        first = f"{7000000 + number // 25:07d}"
        row = {
            "Název": f"Služba číslo {number} – péče a podpora",
            "IČO poskytovatele": first + str(ico_check_digit(first)),
            "Poskytovatel": f"Poskytovatel {number // 25} z. ú.",
            "Druh služby": SERVICE_TYPES[number % len(SERVICE_TYPES)],
            "Identifikátor": f"{9000000 + number}",
            "Stav": "v provozu",
            "Cílové skupiny": " | ".join(GROUPS[: 1 + number % 3]),
            "Věkové skupiny": "Dospělí (27–64 let)",
            "Formy a kapacity": FORMS[number % len(FORMS)],
            "Obce": " | ".join(towns[number % len(towns): number % len(towns) + 2]),
            "Popis": f"Popis služby {number}: pomáháme lidem žít doma, co nejdéle.",
            "Pro koho je určena": "Pro seniory a osoby se zdravotním postižením.",
            "Zdarma": "ano" if number % 2 else "ne",
            "Telefon": f"+420 571 {number % 1000:03d} {number % 997:03d}",
            "E-mail": f"sluzba{number}@example.cz",
            "Web": f"https://sluzba{number}.example.cz/",
            "Štítky": f"obědy | doprava | region {number % 10}",
            "Ověřeno dne": "1.9.2026",
        }
        lines.append(";".join(f'"{row.get(heading, "")}"' for heading in headings))
    return "\r\n".join(lines).encode("cp1250")


def wipe_services():
    from taggit.models import Tag
    from wagtail.models import ModelLogEntry, Revision

    from kp_catalogue.models import Provider, Service

    Service.objects.update(live_revision=None, latest_revision=None)
    Revision.objects.filter(base_content_type__app_label="kp_catalogue").delete()
    ModelLogEntry.objects.filter(content_type__app_label="kp_catalogue").delete()
    Service.objects.all().delete()
    Provider.objects.all().delete()
    Tag.objects.all().delete()


def timed(function):
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def measure(services=5000, default_rows=None):
    """Our import of ``services`` rows against import-export's default import of the first
    ``default_rows`` rows of the same file (all of them by default). The default import costs
    the same per row (one SELECT and one save each), so a shorter run scaled to the full size
    keeps ``make bench`` within its time; the figures say when that was done."""
    import tablib

    from kp_catalogue.exchange.imports import import_file
    from kp_catalogue.exchange.resources import ServiceResource
    from kp_catalogue.models import Service

    data = generate_csv(services)
    wipe_services()
    dry_s, plan = timed(lambda: import_file("services", data, "bench.csv", dry_run=True))
    assert not plan.has_errors, plan.file_errors or [r.errors for r in plan.rows if r.errors][:3]
    import_s, plan = timed(lambda: import_file("services", data, "bench.csv"))
    rows_written = Service.objects.filter(live=True).count()
    assert rows_written == services, rows_written
    wipe_services()

    default_rows = min(default_rows or services, services)
    # generate_csv numbers its rows, so a shorter file is the first rows of the same file.
    default_data = data if default_rows == services else generate_csv(default_rows)

    def default_import(dry_run):
        dataset = tablib.Dataset().load(default_data.decode("cp1250"), format="csv",
                                        delimiter=";")
        result = ServiceResource().import_data(dataset, dry_run=dry_run, raise_errors=True)
        assert not result.has_errors() and not result.has_validation_errors()

    default_dry_s, _ = timed(lambda: default_import(True))
    default_import_s, _ = timed(lambda: default_import(False))
    assert Service.objects.count() == default_rows
    wipe_services()
    ours = dry_s + import_s
    scale = services / default_rows
    default = (default_dry_s + default_import_s) * scale
    return {
        "services": services,
        "ours_dry_run_s": round(dry_s, 2),
        "ours_import_s": round(import_s, 2),
        "ours_total_s": round(ours, 2),
        "default_rows": default_rows,
        "default_dry_run_s": round(default_dry_s, 2),
        "default_import_s": round(default_import_s, 2),
        # For all ``services`` rows; measured on ``default_rows`` and scaled when fewer.
        "default_total_s": round(default, 2),
        "ratio": round(default / ours, 1),
        "ratio_import_only": round(default_import_s * scale / import_s, 1),
        "rows_written": rows_written,
    }


def setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    if not os.environ.get("DATABASE_URL") and not os.environ.get("SQLITE_PATH"):
        folder = tempfile.mkdtemp(prefix="kpss-bench-import-")
        os.environ["SQLITE_PATH"] = os.path.join(folder, "bench.sqlite3")
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--services", type=int, default=5000)
    parser.add_argument("--default-rows", type=int, default=None,
                        help="run the default import on the first N rows only, scaled")
    args = parser.parse_args(argv)
    setup()
    figures = measure(args.services, args.default_rows)
    json.dump(figures, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
