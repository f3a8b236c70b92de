"""The places sheet ("Místa"): weekly hours a column per day, exceptions and accessibility
features; strict, all-or-nothing import that reaches only the named service's own places; the
export reads back unchanged in every format; only editors may use it."""

import csv
import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook
from wagtail.models import ModelLogEntry, Revision

from kp_catalogue.exchange.importing.engine import ERROR, UNCHANGED, UPDATE
from kp_catalogue.exchange.importing.saving import IMPORT_ACTION
from kp_catalogue.exchange.imports import import_file
from kp_catalogue.exchange.spreadsheets import export_file
from kp_catalogue.models import AccessibilityFeature, Location, Service
from kp_catalogue.models.hours import parse_exceptions, parse_weekly
from tests.factories.catalogue import LocationFactory, ServiceFactory
from tests.kp_catalogue.test_import import csv_bytes, json_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db

DAYS = ["Pondělí", "Úterý", "Středa", "Čtvrtek", "Pátek", "Sobota", "Neděle"]
HEADINGS = ["ID služby", "Služba", "ID místa", *DAYS, "Bezbariérovost"]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def place(service=None, hours="", features=(), exceptions="", **kwargs):
    location = LocationFactory(service=service or ServiceFactory(), **kwargs)
    location.opening_hours = parse_weekly(hours)
    location.hours_exceptions = parse_exceptions(exceptions)
    location.accessibility_features.set(AccessibilityFeature.objects.filter(code__in=features))
    location.save()  # a parental many-to-many is written on save
    return location


def row(location, days=("",) * 7, features="", service_id=None):
    return [str(service_id or location.service_id), location.service.name, str(location.pk),
            *days, features]


def snapshot():
    """Everything a places import could write, for "nothing changed" checks."""
    return (
        sorted((loc.pk, json.dumps(loc.opening_hours), loc.open_days,
                json.dumps(loc.hours_exceptions), loc.accessibility,
                tuple(sorted(loc.accessibility_features.values_list("code", flat=True))))
               for loc in Location.objects.all()),
        Revision.objects.count(), ModelLogEntry.objects.count(),
    )


def errors(plan):
    return [(result.line, error) for result in plan.rows for error in result.errors]


@pytest.fixture
def places():
    office = place(hours="Po–Čt 8:00–12:00, 13:00–16:30; Pá 8:00–12:00",
                   features=["bezbarierovy-vstup", "vytah"],
                   exceptions="24. 12. 2026 zavřeno – Štědrý den\n31. 12. 2026 8:00–11:00",
                   name="=Středisko", accessibility="+ zvonek u vchodu")
    unknown = place(service=office.service, name="Terén", address_1="")
    return office, unknown


# -- export --------------------------------------------------------------------------------

def test_export_writes_a_day_a_column_in_the_human_form(places):
    office, unknown = places
    text = export_file("locations", "csv").decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    by_id = {int(item["ID místa"]): item for item in rows}
    first = by_id[office.pk]
    assert first["ID služby"] == str(office.service_id)
    assert first["Služba"] == office.service.name
    assert [first[day] for day in DAYS] == ["8:00–12:00, 13:00–16:30"] * 4 + [
        "8:00–12:00", "zavřeno", "zavřeno"]
    assert first["Bezbariérovost"] == "bezbariérový vstup | výtah"
    assert first["Výjimky z provozní doby"] == (
        "24. 12. 2026 zavřeno – Štědrý den\n31. 12. 2026 8:00–11:00")
    # Formula-escaped like the other exports.
    assert first["Název místa"] == "'=Středisko"
    assert first["Bezbariérovost – poznámka"] == "'+ zvonek u vchodu"
    # No hours at all: not known, which is not "closed all week".
    assert [by_id[unknown.pk][day] for day in DAYS] == [""] * 7


def test_secret_address_is_not_in_the_export_beyond_what_is_stored():
    secret = place(name="Azylový dům", address_1="", secret_address=True, postal_code="")
    rows = list(csv.DictReader(io.StringIO(export_file("locations", "csv").decode("utf-8-sig")),
                               delimiter=";"))
    assert rows[0]["ID místa"] == str(secret.pk) and rows[0]["Ulice a číslo"] == ""


@pytest.mark.parametrize("file_format", ["csv", "xlsx", "json"])
def test_export_then_import_changes_nothing(file_format, places, admin_user):
    before = snapshot()
    data = export_file("locations", file_format)
    plan = import_file("locations", data, f"mista.{file_format}", user=admin_user)
    assert not plan.has_errors, (plan.file_errors, errors(plan))
    assert [result.action for result in plan.rows] == [UNCHANGED, UNCHANGED]
    assert snapshot() == before


def test_xlsx_export_keeps_text_cells_a_spreadsheet_would_not_run(places):
    sheet = load_workbook(io.BytesIO(export_file("locations", "xlsx"))).active
    headings = [cell.value for cell in sheet[1]]
    values = [cell.value for cell in sheet[2]]
    assert values[headings.index("Název místa")] == "'=Středisko"
    assert values[headings.index("Pondělí")] == "8:00–12:00, 13:00–16:30"


def test_export_of_the_filtered_services_has_only_their_places(admin_client, places):
    office, _unknown = places
    other = place(hours="So 9:00–11:00")
    response = admin_client.get(reverse("kp_catalogue_export", args=["locations", "csv"])
                                + f"?provider={other.service.provider_id}")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="mista.csv"'
    text = response.content.decode("utf-8-sig")
    ids = [item["ID místa"] for item in csv.DictReader(io.StringIO(text), delimiter=";")]
    assert ids == [str(other.pk)]


def test_export_query_count_does_not_grow_with_rows(admin_client, places,
                                                    django_assert_max_num_queries):
    for _number in range(10):
        place(hours="Po 8:00–12:00", features=["vytah"])
    url = reverse("kp_catalogue_export", args=["locations", "xlsx"])
    with django_assert_max_num_queries(12):
        assert admin_client.get(url).status_code == 200


# -- import --------------------------------------------------------------------------------

@pytest.mark.parametrize("encode", [csv_bytes, xlsx_bytes, json_bytes],
                         ids=["csv", "xlsx", "json"])
def test_import_sets_hours_and_features_and_publishes_a_revision(encode, places, admin_user):
    office, unknown = places
    rows = [
        row(office, ["7:30–11:30", "zavřeno", "", "8-12, 13.00-15.00", "ZAVŘENO", "", ""],
            "bezbarierova-toaleta | indukční smyčka"),
        row(unknown, ["", "", "", "", "", "9:00–11:00", ""],
            "bezbariérový vstup, výtah"),  # commas work where no name has one
    ]
    plan = import_file("locations", encode(rows, headings=HEADINGS), "mista", user=admin_user)
    assert not plan.has_errors, (plan.file_errors, errors(plan))
    assert [result.action for result in plan.rows] == [UPDATE, UPDATE]
    assert "Pondělí" in plan.rows[0].changed and "Bezbariérovost" in plan.rows[0].changed
    office.refresh_from_db()
    unknown.refresh_from_db()
    assert office.opening_hours == parse_weekly("Po 7:30–11:30; Čt 8:00–12:00, 13:00–15:00")
    assert office.open_days == "14"
    assert set(office.accessibility_features.values_list("code", flat=True)) == {
        "bezbarierova-toaleta", "indukcni-smycka"}
    # Columns not in the file are left alone.
    assert len(office.hours_exceptions) == 2 and office.accessibility == "+ zvonek u vchodu"
    assert unknown.open_days == "6"
    assert set(unknown.accessibility_features.values_list("code", flat=True)) == {
        "bezbarierovy-vstup", "vytah"}
    # Published through Wagtail's revisions like the services sheet, with the new places.
    service = Service.objects.get(pk=office.service_id)
    assert service.live and service.latest_revision == service.live_revision
    assert service.latest_revision.user == admin_user
    restored = {loc.pk: loc for loc in service.latest_revision.as_object().locations.all()}
    assert restored[office.pk].opening_hours == office.opening_hours
    assert {f.code for f in restored[unknown.pk].accessibility_features.all()} == {
        "bezbarierovy-vstup", "vytah"}
    assert ModelLogEntry.objects.filter(object_id=str(service.pk), action=IMPORT_ACTION,
                                        user=admin_user).count() == 1
    # The "open on Saturday" filter sees the new hours.
    assert list(Location.objects.filter(open_days__contains="6")) == [unknown]


def test_closed_everywhere_and_empty_mean_no_hours(places, admin_user):
    office, _unknown = places
    plan = import_file("locations", csv_bytes([row(office, ["zavřeno"] * 7)], headings=HEADINGS[:-1]),
                       "mista.csv", user=admin_user)
    assert [result.action for result in plan.rows] == [UPDATE]
    office.refresh_from_db()
    assert office.opening_hours == [] and office.open_days == ""
    # The features column was not in the file: kept.
    assert office.accessibility_features.count() == 2


@pytest.mark.parametrize("column, value, message", [
    ("Pondělí", "25:00–26:00", "není čas"),
    ("Pondělí", "12:00–8:00", "zavírací čas"),
    ("Úterý", "8:00–12:00, 11:00–13:00", "překrývají"),
    ("Středa", "6-7, 8-9, 10-11, 12-13, 14-15", "nejvýše 4"),
    ("Čtvrtek", "ráno", "není časový úsek"),
    ("Pátek", "8:00–12:00, " * 20, "nejvýše 100 znaků"),
    ("Sobota", "=1+1", "vzorec"),
    ("Bezbariérovost", "teleport", "neznám"),
    ("Bezbariérovost", "+cmd|' /C calc'!A0", "vzorec"),
])
def test_a_bad_cell_names_line_and_column_in_czech_and_nothing_is_written(
        column, value, message, places, admin_user):
    office, unknown = places
    rows = [row(office, ["9:00–10:00"] * 7), row(unknown)]
    rows[1][HEADINGS.index(column)] = value
    before = snapshot()
    plan = import_file("locations", csv_bytes(rows, headings=HEADINGS), "mista.csv",
                       user=admin_user)
    assert [result.action for result in plan.rows] == [UPDATE, ERROR]
    [(line, error)] = errors(plan)
    assert line == 3 and error.startswith(f"{column}: ")
    assert message in error.lower()
    assert snapshot() == before


@pytest.mark.parametrize("service_id, location_id, message", [
    ("", "{own}", "musí být vyplněn"),
    ("{own_service}", "", "musí být vyplněn"),
    ("{own_service}", "999999", "žádné místo nemá id 999999"),
    ("{own_service}", "1" * 5000, "celé číslo"),
    ("{own_service}", "²", "celé číslo"),
])
def test_rows_must_name_a_place_that_exists(service_id, location_id, message, places,
                                             admin_user):
    office, _unknown = places
    values = {"own": str(office.pk), "own_service": str(office.service_id)}
    rows = [row(office, ["9:00–10:00"] * 7)]
    rows[0][0], rows[0][2] = service_id.format(**values), location_id.format(**values)
    before = snapshot()
    plan = import_file("locations", csv_bytes(rows, headings=HEADINGS), "mista.csv",
                       user=admin_user)
    assert plan.has_errors
    assert message in " ".join(error for _line, error in errors(plan)).lower()
    assert snapshot() == before


def test_a_row_naming_another_organisations_place_is_rejected_and_changes_nothing(
        org_a, org_b, editor):
    # A's second service, with no draft waiting (a pending draft refuses the row anyway).
    own = place(service=ServiceFactory(provider=org_a.provider), hours="Po 8:00–12:00")
    foreign = place(service=org_b.service, hours="Út 8:00–12:00", features=["vytah"])
    rows = [
        row(own, ["9:00–10:00"] * 7),
        # Organisation A's service with B's place: a forged or mistyped place ID.
        row(foreign, ["0:00–24:00"] * 7, "bezbariérový vstup", service_id=own.service_id),
    ]
    before = snapshot()
    plan = import_file("locations", csv_bytes(rows, headings=HEADINGS), "mista.csv",
                       user=editor)
    assert [result.action for result in plan.rows] == [UPDATE, ERROR]
    [(line, error)] = errors(plan)
    assert line == 3
    assert f"místo {foreign.pk} není místem služby s id {own.service_id}" in error.lower()
    assert snapshot() == before
    foreign.refresh_from_db()
    assert foreign.opening_hours == parse_weekly("Út 8:00–12:00")


def test_the_same_place_twice_is_an_error(places, admin_user):
    office, _unknown = places
    rows = [row(office, ["9:00–10:00"] * 7), row(office, ["9:00–11:00"] * 7)]
    plan = import_file("locations", csv_bytes(rows, headings=HEADINGS), "mista.csv",
                       user=admin_user)
    assert plan.rows[1].action == ERROR
    assert "opakuje řádek 2" in " ".join(plan.rows[1].errors).lower()


def test_a_place_of_a_service_locked_by_another_editor_is_refused(places, admin_user, editor):
    office, _unknown = places
    Service.objects.filter(pk=office.service_id).update(locked=True, locked_by=editor)
    before = snapshot()
    plan = import_file("locations", csv_bytes([row(office, ["9:00–10:00"] * 7)],
                                              headings=HEADINGS), "mista.csv", user=admin_user)
    assert plan.rows[0].action == ERROR and "zamčen" in " ".join(plan.rows[0].errors).lower()
    assert snapshot() == before


def test_a_place_of_a_service_with_a_pending_draft_is_refused(places, admin_user):
    from tests.kp_catalogue.test_import import provider_saves_a_draft

    office, _unknown = places
    draft = provider_saves_a_draft(office.service, phone="571 000 111")
    before = snapshot()
    plan = import_file("locations", csv_bytes([row(office, ["9:00–10:00"] * 7)],
                                              headings=HEADINGS), "mista.csv", user=admin_user)
    assert plan.rows[0].action == ERROR
    assert "nejsou zveřejněny" in " ".join(plan.rows[0].errors)
    assert snapshot() == before
    assert Service.objects.get(pk=office.service_id).latest_revision == draft


def test_unknown_and_missing_columns_stop_the_file(places, admin_user):
    office, _unknown = places
    plan = import_file("locations", csv_bytes([[str(office.pk), "8-12"]],
                                              headings=["ID místa", "Pondeli"]),
                       "mista.csv", user=admin_user)
    message = " ".join(plan.file_errors)
    assert "Pondeli" in message and "ID služby" in message and not plan.rows


# -- who may use it ------------------------------------------------------------------------

def upload(client, data, kind="locations"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(reverse("kp_catalogue_import"),
                       {"kind": kind, "file": SimpleUploadedFile("mista.csv", data)})


def test_editor_previews_and_confirms_the_places_sheet(client, editor, places):
    office, _unknown = places
    client.force_login(editor)
    before = snapshot()
    response = upload(client, csv_bytes([row(office, ["9:00–10:00"] * 5 + ["", ""])],
                                        headings=HEADINGS))
    html = response.content.decode()
    assert response.status_code == 200 and "Pondělí" in html
    assert snapshot() == before
    response = client.post(reverse("kp_catalogue_import_confirm"))
    assert response.status_code == 302
    office.refresh_from_db()
    assert office.opening_hours == parse_weekly("Po–Pá 9:00–10:00")
    assert Service.objects.get(pk=office.service_id).latest_revision.user == editor


def test_a_provider_account_can_neither_import_nor_export_places(client, org_a, org_b):
    # A's second service, with no draft waiting (a pending draft refuses the row anyway).
    own = place(service=ServiceFactory(provider=org_a.provider), hours="Po 8:00–12:00")
    foreign = place(service=org_b.service, hours="Út 8:00–12:00")
    client.force_login(org_a.user)
    before = snapshot()
    rows = [row(own, ["9:00–10:00"] * 7), row(foreign, ["9:00–10:00"] * 7)]
    response = upload(client, csv_bytes(rows, headings=HEADINGS))
    assert response.status_code in (302, 403)
    assert client.post(reverse("kp_catalogue_import_confirm")).status_code in (302, 403)
    assert snapshot() == before
    response = client.get(reverse("kp_catalogue_export", args=["locations", "csv"]))
    assert response.status_code in (302, 403)
    assert org_b.marker.encode() not in response.content


# -- command line --------------------------------------------------------------------------

def test_commands_export_and_import_the_places_sheet(places, tmp_path, admin_user):
    office, _unknown = places
    exported = tmp_path / "mista.xlsx"
    call_command("export_catalogue", str(exported), "--kind", "locations")
    before = snapshot()
    call_command("import_catalogue", str(exported), "--kind", "locations")
    assert snapshot() == before
    sheet = load_workbook(exported).active
    headings = [cell.value for cell in sheet[1]]
    assert sheet.cell(row=2, column=headings.index("ID místa") + 1).value == str(office.pk)


# -- django-import-export's resource -------------------------------------------------------

def test_the_resource_exports_what_the_export_writes(places):
    import tablib

    from kp_catalogue.exchange.resources import LocationResource

    ours = tablib.Dataset().load(export_file("locations", "csv").decode("utf-8-sig"),
                                 format="csv", delimiter=";")
    theirs = LocationResource().export()
    assert theirs.headers == ours.headers
    assert [list(item) for item in theirs] == [list(item) for item in ours]


def test_the_resource_updates_only_a_place_of_the_named_service(org_a, org_b):
    import tablib

    from kp_catalogue.exchange.resources import LocationResource

    own = place(service=org_a.service, hours="Po 8:00–12:00")
    foreign = place(service=org_b.service, hours="Út 8:00–12:00", features=["vytah"])
    forged = tablib.Dataset(row(foreign, ["0:00–24:00"] * 7, "indukční smyčka",
                                service_id=own.service_id), headers=HEADINGS)
    before = snapshot()
    result = LocationResource().import_data(forged, dry_run=False)
    assert result.has_errors() or result.has_validation_errors()
    assert snapshot() == before
    good = tablib.Dataset(row(own, ["", "", "", "", "", "9:00–11:00", ""], "výtah | vytah"),
                          headers=HEADINGS)
    result = LocationResource().import_data(good, dry_run=False, raise_errors=True)
    assert not result.has_errors()
    own.refresh_from_db()
    assert own.opening_hours == parse_weekly("So 9:00–11:00") and own.open_days == "6"
    assert list(own.accessibility_features.values_list("code", flat=True)) == ["vytah"]
    assert Location.objects.get(pk=own.pk).service_id == org_a.service.pk


def test_import_query_count_does_not_grow_with_rows(admin_user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def run(count):
        rows = [row(place(hours="Po 8:00–12:00"), ["9:00–10:00"] * 7, "výtah")
                for _number in range(count)]
        with CaptureQueriesContext(connection) as queries:
            plan = import_file("locations", csv_bytes(rows, headings=HEADINGS), "mista.csv",
                               user=admin_user)
        assert [result.action for result in plan.rows] == [UPDATE] * count
        # Wagtail's database search backend updates its index one object at a time, for the
        # services sheet too; everything of ours must stay constant.
        return len([query for query in queries.captured_queries
                    if "wagtailsearch_indexentry" not in query["sql"]])

    assert run(2) == run(10)
