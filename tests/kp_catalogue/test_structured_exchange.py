"""Hours, accessibility and languages in the exchange: the spreadsheet's language column
imports and exports (by code or name), and the register sync leaves the local structured data
alone, also when it rebuilds a service's facilities."""

import pytest

from kp_catalogue.exchange.importing.engine import UNCHANGED
from kp_catalogue.exchange.imports import import_file
from kp_catalogue.exchange.register import sync_register
from kp_catalogue.exchange.spreadsheets import export_file
from kp_catalogue.models import AccessibilityFeature, Language, Service
from kp_catalogue.models.hours import parse_exceptions, parse_weekly
from tests.factories.catalogue import ServiceFactory
from tests.kp_catalogue.test_import import HEADINGS, ROWS, csv_bytes
from tests.kp_catalogue.test_register import SAMPLE, sample
from tests.kp_catalogue.test_register import area as area  # noqa: F401 - the register's fixture

pytestmark = pytest.mark.django_db


def test_language_column_imports_codes_and_names(admin_user):
    rows = [row + [languages] for row, languages in zip(
        ROWS, ["cs | ukrajinština", "čeština"], strict=True)]
    plan = import_file("services", csv_bytes(rows, headings=HEADINGS + ["Jazyky z číselníku"]),
                       "sluzby.csv", user=admin_user)
    assert not plan.has_errors, [row.errors for row in plan.rows]
    service = Service.objects.get(name="Pečovatelská služba Kelč")
    assert set(service.spoken_languages.values_list("code", flat=True)) == {"cs", "uk"}


def test_unknown_language_is_refused_in_czech(admin_user):
    rows = [row + ["klingonština"] for row in ROWS]
    plan = import_file("services", csv_bytes(rows, headings=HEADINGS + ["Jazyky z číselníku"]),
                       "sluzby.csv", user=admin_user)
    assert plan.has_errors
    assert "Jazyky z číselníku" in " ".join(error for row in plan.rows for error in row.errors)
    assert not Service.objects.exists()


def test_export_then_import_keeps_languages(admin_user):
    service = ServiceFactory(name="Poradna")
    service.spoken_languages.set(Language.objects.filter(code__in=["cs", "uk", "cse"]))
    service.save()  # a parental many-to-many is written on save
    data = export_file("services", "csv")
    assert "český znakový jazyk" in data.decode("utf-8-sig", errors="replace") or \
        "český znakový jazyk" in data.decode("cp1250", errors="replace")
    plan = import_file("services", data, "export.csv", user=admin_user)
    assert [row.action for row in plan.rows] == [UNCHANGED]


def test_register_sync_leaves_structured_data_alone(admin_user):
    sync_register(SAMPLE.read_bytes(), user=admin_user)
    home = Service.objects.get(identifier="9100001")
    location = home.locations.get()
    location.opening_hours = parse_weekly("Po–Ne 0:00–24:00")
    location.hours_exceptions = parse_exceptions("24. 12. 2026 8:00–12:00 – návštěvy do 12")
    location.accessibility_features.set(
        AccessibilityFeature.objects.filter(code__in=["bezbarierovy-vstup", "vytah"]))
    location.save()
    home.spoken_languages.set(Language.objects.filter(code__in=["cs", "de"]))
    home.save()

    def rename_and_grow(items):
        items[0]["zarizeni"][0]["nazev"] = "Domov Pod Skalkou – pavilon A"  # facilities rebuilt
        items[0]["formy"][0]["kapacity"][0]["pocet"] = 41

    plan = sync_register(sample(rename_and_grow), user=admin_user)
    row = next(r for r in plan.rows if r.values["identifier"] == "9100001")
    assert "Adresy zařízení" in row.changed
    home = Service.objects.get(pk=home.pk)
    location = home.locations.get()
    assert location.name == "Domov Pod Skalkou – pavilon A"
    assert location.open_days == "1234567" and location.opening_hours[0]["closes"] == "24:00"
    assert location.hours_exceptions[0]["note"] == "návštěvy do 12"
    assert set(location.accessibility_features.values_list("code", flat=True)) == {
        "bezbarierovy-vstup", "vytah"}
    assert set(home.spoken_languages.values_list("code", flat=True)) == {"cs", "de"}
    # The revision the sync recorded carries them too, so a later draft does not drop them.
    latest = home.get_latest_revision_as_object()
    assert {f.code for f in latest.locations.all()[0].accessibility_features.all()} == {
        "bezbarierovy-vstup", "vytah"}
    assert {item.code for item in latest.spoken_languages.all()} == {"cs", "de"}
