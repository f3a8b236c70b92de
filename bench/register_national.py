"""A national-size register file (6,700 services, 19,000 facilities, about 12 MB), synced.

    python -m bench.register_national                 # the whole country as the area
    python -m bench.register_national --services 670  # a tenth

Without DJANGO_SETTINGS_MODULE it uses bench.settings and a fresh SQLite file in a temporary
folder (migrated here). It prints the file size, the seconds of the dry run, of the real sync and of a
second sync of the same file (which must change nothing), the peak memory and the services
stored, and exits non-zero when a goal of issue 17 is missed (sync <= 60 s, peak <= 1 GiB,
second sync <= 30 s). `make bench` runs ``measure()`` in a process of its own. ``national_register()`` also feeds the test in
tests/kp_catalogue/test_register.py, which syncs the area of one microregion from the same file.
"""

import argparse
import json
import os
import resource
import sys
import tempfile
import time

import django

# Importing kp_catalogue.models.validators would load every model before django.setup().
ICO_WEIGHTS = (8, 7, 6, 5, 4, 3, 2)


def ico(number):
    first = f"{number:07d}"
    total = sum(int(digit) * weight for digit, weight in zip(first, ICO_WEIGHTS, strict=True))
    return first + str((11 - total % 11) % 10)


def facility(service, index, town):
    return {
        "nazev": f"Zařízení {service}-{index}", "vedouci": "Vedoucí Zařízení",
        "utajenaAdresa": index == 2 and service % 50 == 0,
        "adresa": {"cisloDomovni": 100 + index, "cisloOrientacni": str(index + 1),
                   "dodatekAdresy": None, "kodAdresnihoMista": 10_000_000 + service * 3 + index,
                   "psc": f"{70000 + service % 9000}", "kraj": {"id": "Kraj/71"},
                   "okres": {"id": "Okres/7102"}, "obec": {"id": f"Obec/{town}"},
                   "castObce": {"id": "CastObce/1"}, "ulice": {"nazev": "Náměstí Míru"}},
    }


def national_register(services=6700, facilities=19000, area_town="999001", area_every=670):
    """The register's open-data JSON as bytes. Every ``area_every``-th service has its
    facilities in ``area_town``; the others are spread over 6,000 other municipalities."""
    extra = facilities - 2 * services  # services with a third facility
    items = []
    for number in range(services):
        town = area_town if number % area_every == 0 else f"{500000 + number % 6000}"
        count = 3 if number < extra else 2
        items.append({
            "portalId": number, "id": 100000 + number, "identifikator": f"{2000000 + number}",
            "datumPoskytovaniOd": "2015-01-01", "datumPoskytovaniDo": None,
            "druhSocialniSluzby": {"id": "DruhSocialniSluzby/13"},
            "ciloveSkupiny": [{"id": "CilovaSkupinaOsoby/24"}, {"id": "CilovaSkupinaOsoby/30"}],
            "vekoveSkupiny": [{"id": "VekovaSkupinaOsoby/99"}],
            "doplnujiciInformaceVekoveSkupiny": None,
            "formy": [{"forma": {"id": "FormaSocialniSluzby/pob"},
                       "nepretrzitePoskytovani": True, "casoveRozsahy": None,
                       "kapacity": [{"pocet": 10 + number % 90, "popis": "Maximální kapacita",
                                     "typ": {"id": "TypKapacitySocialniSluzby/luzka"}}]}],
            "zarizeni": [facility(number, index, town) for index in range(count)],
            "kontaktniAdresy": [],
            "emaily": [{"email": f"sluzba{number}@example.cz", "poznamka": None}],
            "telefony": [{"telefon": f"{571000000 + number}", "poznamka": None}],
            "faxy": [], "weby": [{"web": f"https://sluzba{number}.example.cz/", "poznamka": None}],
            "rozsirenePusobnostiVKraji": [], "doplnkoveUdaje": [],
            "poskytovatel": {"nazev": f"Poskytovatel {number // 3}, z. ú.",
                             "ico": ico(3000000 + number // 3), "emaily": [], "telefony": [],
                             "weby": [], "statutarniOrgany": [
                                 {"jmeno": "Jan", "prijmeni": "Statutární", "titul": "",
                                  "funkce": "ředitel"}]},
        })
    return json.dumps({"polozky": items}, ensure_ascii=False).encode()


GOALS = {"sync_s": 60, "peak_rss_mb": 1024, "second_sync_s": 30}


def measure(services=6700, facilities=19000):
    """Dry run, sync, then the same file again (which must find nothing to change), on the
    migrated database of DJANGO_SETTINGS_MODULE; peak memory is this process's."""
    from django.test.utils import override_settings

    from kp_catalogue.exchange.importing.engine import UNCHANGED
    from kp_catalogue.exchange.register import sync_register
    from kp_catalogue.models import Location, Municipality, Service, ServiceType

    ServiceType.objects.get_or_create(code="13", defaults={"name": "Domovy pro seniory"})
    Municipality.objects.update_or_create(code="bench-area",
                                          defaults={"name": "Obec", "register_code": "999001"})
    data = national_register(services, facilities)
    towns = {"obec": ["999001"] + [str(500000 + n) for n in range(6000)]}
    results = {"file_mb": round(len(data) / 1024 / 1024, 1)}
    with override_settings(KP_CATALOGUE_REGISTER_AREA=towns):
        for label, dry_run in (("dry_run", True), ("sync", False), ("second_sync", False)):
            started = time.perf_counter()
            plan = sync_register(data, dry_run=dry_run, force=True, source="bench")
            results[f"{label}_s"] = round(time.perf_counter() - started, 1)
            results[f"{label}_changed"] = sum(row.action != UNCHANGED for row in plan.rows)
            results.setdefault("errors", []).extend(
                plan.file_errors[:3] + [error for row in plan.rows[:3] for error in row.errors])
    results["services"] = Service.objects.count()
    results["locations"] = Location.objects.count()
    results["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    results["met"] = {goal: results[goal] <= limit for goal, limit in GOALS.items()}
    results["met"]["second_sync_changes_nothing"] = results["second_sync_changed"] == 0
    results["met"]["all_stored"] = results["services"] == services
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=6700)
    parser.add_argument("--facilities", type=int, default=19000)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    folder = tempfile.mkdtemp(prefix="kpss-register-")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{folder}/bench.sqlite3")
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    results = measure(args.services, args.facilities)
    print(json.dumps(results, ensure_ascii=False, indent=2))
    sys.exit(0 if all(results["met"].values()) else 1)


if __name__ == "__main__":
    main()
