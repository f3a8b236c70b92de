"""Spreadsheet import: every encoding and format, per-row preview, all-or-nothing writes,
Wagtail's revisions and log, and the export -> import round trip."""

import io
import json

import pytest
from openpyxl import Workbook
from wagtail.models import ModelLogEntry, Revision

from kp_catalogue.exchange.importing.engine import ERROR, NEW, UNCHANGED, UPDATE
from kp_catalogue.exchange.imports import import_file
from kp_catalogue.exchange.spreadsheets import export_file
from kp_catalogue.models import Provider, Service, ServiceProvision
from tests.factories.catalogue import ProviderFactory, ServiceFactory, make_ico

pytestmark = pytest.mark.django_db

HEADINGS = ["Název", "IČO poskytovatele", "Poskytovatel", "Druh služby", "Identifikátor",
            "Cílové skupiny", "Formy a kapacity", "Obce", "Telefon", "Štítky", "Zdarma"]
ICO = make_ico(4711001)
ROWS = [
    ["Pečovatelská služba Kelč", ICO, "Charita Kelč", "Pečovatelská služba", "1234567",
     "Senioři | Osoby se zdravotním postižením", "terénní: 120 klienti", "Kelč",
     "+420 571 111 222", "doprava | obědy", "ne"],
    ["Domov Žerotín", ICO, "Charita Kelč", "13", "7654321", "24",
     "pobytová: 32 lůžka, nepřetržitě", "Valašské Meziříčí | Kelč", "571 222 333", "", "ano"],
]


def csv_bytes(rows, delimiter=";", encoding="utf-8", headings=HEADINGS):
    lines = [delimiter.join(f'"{cell}"' for cell in row) for row in [headings, *rows]]
    return "\r\n".join(lines).encode(encoding)


def xlsx_bytes(rows, headings=HEADINGS):
    workbook = Workbook()
    sheet = workbook.active
    for row in [headings, *rows]:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def json_bytes(rows, headings=HEADINGS):
    return json.dumps([dict(zip(headings, row, strict=True)) for row in rows]).encode()


def state():
    """Everything an import could write, for "nothing changed" checks."""
    return (Service.objects.count(), Provider.objects.count(), ServiceProvision.objects.count(),
            Revision.objects.count(), ModelLogEntry.objects.count(),
            sorted(Service.objects.values_list("name", "phone", "search_text")))


@pytest.mark.parametrize("data", [
    csv_bytes(ROWS, ";", "cp1250"),
    csv_bytes(ROWS, ";", "utf-8"),
    b"\xef\xbb\xbf" + csv_bytes(ROWS, ",", "utf-8"),
    csv_bytes(ROWS, "\t", "utf-8"),
    xlsx_bytes(ROWS),
    json_bytes(ROWS),
], ids=["cp1250-semicolon", "utf8-semicolon", "utf8-bom-comma", "utf8-tab", "xlsx", "json"])
def test_every_encoding_and_format_imports_the_same_services(data, admin_user):
    plan = import_file("services", data, "sluzby", user=admin_user)
    assert not plan.has_errors, (plan.file_errors, [r.errors for r in plan.rows])
    assert [row.action for row in plan.rows] == [NEW, NEW]
    kelc = Service.objects.get(identifier="1234567")
    assert kelc.name == "Pečovatelská služba Kelč" and kelc.live and kelc.phone == "+420 571 111 222"
    assert kelc.provider.name == "Charita Kelč" and kelc.provider.ico == ICO
    assert sorted(kelc.target_groups.values_list("code", flat=True)) == [
        "24", "zdravotni-postizeni"]
    assert sorted(kelc.tags.names()) == ["doprava", "obědy"]
    assert "kelc" in kelc.search_text and "charita" in kelc.search_text
    home = Service.objects.get(identifier="7654321")
    provision = home.provisions.get()
    assert (provision.form.code, provision.unit.code, provision.maximum, provision.non_stop) == (
        "pob", "luzka", 32, True)
    assert home.is_free and home.service_areas.count() == 2
    # Wagtail's machinery: a published revision by the importing editor, and the log.
    revision = home.live_revision
    assert revision is not None and revision == home.latest_revision
    assert revision.user == admin_user
    restored = revision.as_object()
    assert [p.maximum for p in restored.provisions.all()] == [32]
    assert sorted(restored.target_groups.all().values_list("code", flat=True)) == ["24"]
    actions = set(ModelLogEntry.objects.filter(object_id=str(home.pk))
                  .values_list("action", "user_id"))
    assert ("kp_catalogue.import", admin_user.pk) in actions
    assert ("wagtail.publish", admin_user.pk) in actions


def test_dry_run_shows_each_row_and_writes_nothing(admin_user):
    before = state()
    plan = import_file("services", csv_bytes(ROWS), "x.csv", user=admin_user, dry_run=True)
    assert [(row.line, row.action) for row in plan.rows] == [(2, NEW), (3, NEW)]
    assert state() == before


def test_reimport_is_unchanged_and_an_edit_is_an_update(admin_user):
    import_file("services", csv_bytes(ROWS), "x.csv", user=admin_user)
    before = state()
    plan = import_file("services", csv_bytes(ROWS), "x.csv", user=admin_user)
    assert [row.action for row in plan.rows] == [UNCHANGED, UNCHANGED]
    assert state() == before
    edited = [list(ROWS[0]), list(ROWS[1])]
    edited[1][8] = "571 999 999"
    plan = import_file("services", csv_bytes(edited), "x.csv", user=admin_user)
    assert [row.action for row in plan.rows] == [UNCHANGED, UPDATE]
    assert plan.rows[1].changed == ["Telefon"]
    home = Service.objects.get(identifier="7654321")
    assert home.phone == "571 999 999"
    assert home.revisions.count() == 2 and home.live_revision == home.latest_revision


def provider_saves_a_draft(service, **changes):
    """A provider's edit saved as a draft (or submitted for approval): not live yet."""
    for field, value in changes.items():
        setattr(service, field, value)
    revision = service.save_revision()
    service.refresh_from_db()
    assert service.has_unpublished_changes and service.latest_revision == revision
    return revision


def test_a_row_does_not_publish_over_a_providers_pending_draft(admin_user):
    import_file("services", csv_bytes(ROWS), "x.csv", user=admin_user)
    home = Service.objects.get(identifier="7654321")
    draft = provider_saves_a_draft(home, description="Nový popis od poskytovatele")
    before = state()
    edited = [list(ROWS[0]), list(ROWS[1])]
    edited[1][8] = "571 999 999"
    plan = import_file("services", csv_bytes(edited), "x.csv", user=admin_user)
    # The untouched row of the same file is fine; the row that would publish over the
    # draft is refused in Czech, and so nothing of the file is written.
    assert [row.action for row in plan.rows] == [UNCHANGED, ERROR]
    assert "nejsou zveřejněny" in " ".join(plan.rows[1].errors)
    assert state() == before
    home.refresh_from_db()
    assert home.latest_revision == draft and home.has_unpublished_changes
    # Once an editor has published (or rejected) the draft, the same row imports.
    draft.publish()
    plan = import_file("services", csv_bytes(edited), "x.csv", user=admin_user)
    assert [row.action for row in plan.rows] == [UNCHANGED, UPDATE]
    home.refresh_from_db()
    assert home.phone == "571 999 999" and home.description == "Nový popis od poskytovatele"


def test_update_keeps_free_places_of_the_same_form(admin_user):
    service = ServiceFactory(identifier="1234567", provider=ProviderFactory(ico=ICO),
                             provisions=[{"form": "ter", "maximum": 100, "available": 4}])
    plan = import_file("services", csv_bytes(ROWS[:1]), "x.csv", user=admin_user)
    assert plan.rows[0].action == UPDATE
    provision = service.provisions.get()
    assert (provision.maximum, provision.available) == (120, 4)


@pytest.mark.parametrize("column, value, message", [
    ("IČO poskytovatele", "47110011", "kontrolní"),
    ("Druh služby", "Neexistující druh", "neznám"),
    ("Telefon", "=HYPERLINK(\"http://zle.example\")", "vzorec"),
    ("Štítky", "+cmd|' /C calc'!A0", "vzorec"),
    ("Formy a kapacity", "pobytová: hodně", "kapacit"),
    ("Cílové skupiny", "Marťané", "neznám"),
])
def test_a_bad_row_is_reported_in_czech_and_nothing_is_written(column, value, message,
                                                                admin_user):
    rows = [list(ROWS[0]), list(ROWS[1])]
    rows[1][HEADINGS.index(column)] = value
    before = state()
    plan = import_file("services", csv_bytes(rows), "x.csv", user=admin_user)
    assert [row.action for row in plan.rows] == [NEW, ERROR]
    assert plan.rows[1].line == 3
    assert message in " ".join(plan.rows[1].errors).lower()
    assert state() == before


def test_duplicate_register_identifiers_are_refused(admin_user):
    rows = [list(ROWS[0]), list(ROWS[1])]
    rows[1][4] = rows[0][4]
    before = state()
    plan = import_file("services", csv_bytes(rows), "x.csv", user=admin_user)
    assert plan.rows[1].action == ERROR and "řádek 2" in " ".join(plan.rows[1].errors)
    assert state() == before


def test_missing_and_unknown_columns_stop_the_file(admin_user):
    headings = [h for h in HEADINGS if h != "Druh služby"] + ["Barva"]
    rows = [[cell for index, cell in enumerate(row) if index != 3] + ["modrá"] for row in ROWS]
    before = state()
    plan = import_file("services", csv_bytes(rows, headings=headings), "x.csv", user=admin_user)
    text = " ".join(plan.file_errors)
    assert "Druh služby" in text and "Barva" in text and plan.has_errors
    assert state() == before


def test_garbage_and_oversized_files_give_a_czech_message(admin_user, settings):
    before = state()
    oversized = bytes(range(256)) * (10 * 1024 * 1024 // 256)
    plan = import_file("services", oversized, "x.csv", user=admin_user)
    assert plan.file_errors and "MB" in plan.file_errors[0] and "větší" in plan.file_errors[0]
    settings.KP_CATALOGUE_IMPORT_MAX_BYTES = 20 * 1024 * 1024
    plan = import_file("services", oversized, "x.csv", user=admin_user)
    assert plan.file_errors and plan.file_errors[0] in (
        "Soubor není text v kódování UTF-8 ani Windows-1250.",
        "Soubor nevypadá jako tabulka (CSV, XLSX nebo JSON).")
    garbage_text = ("\x01\x02ž" * 300_000).encode("utf-8")
    plan = import_file("services", garbage_text, "x.csv", user=admin_user)
    assert plan.file_errors == ["Soubor nevypadá jako tabulka (CSV, XLSX nebo JSON)."]
    plan = import_file("services", b"PK\x03\x04" + b"\x00" * 500, "x.xlsx", user=admin_user)
    assert plan.file_errors and plan.has_errors
    assert state() == before


@pytest.mark.parametrize("file_format", ["csv", "xlsx", "json"])
def test_export_then_import_changes_nothing(file_format, admin_user):
    ServiceFactory(name="=1+1 Služba", provisions=[{"form": "pob", "unit": "luzka",
                                                    "maximum": 12, "available": 3}])
    ServiceFactory(name="Sociální rehabilitace", phone="+420 571 000 000")
    Service.objects.first().tags.add("pomoc")
    data = export_file("services", file_format)
    before = state()
    plan = import_file("services", data, f"export.{file_format}", user=admin_user)
    assert not plan.has_errors, (plan.file_errors, [r.errors for r in plan.rows])
    assert [row.action for row in plan.rows] == [UNCHANGED, UNCHANGED]
    assert state() == before
    providers = export_file("providers", file_format)
    plan = import_file("providers", providers, f"p.{file_format}", user=admin_user)
    assert {row.action for row in plan.rows} == {UNCHANGED}


def test_export_escapes_formulas():
    ServiceFactory(name="=HYPERLINK(\"http://zle.example\")")
    text = export_file("services", "csv").decode("utf-8-sig")
    assert "'=HYPERLINK" in text and ";=HYPERLINK" not in text


def test_commands_import_and_export(tmp_path, capsys, admin_user):
    from django.core.management import CommandError, call_command

    source = tmp_path / "sluzby.csv"
    source.write_bytes(csv_bytes(ROWS, ";", "cp1250"))
    call_command("import_catalogue", str(source), "--dry-run")
    captured = capsys.readouterr()
    assert "Nové: 2" in captured.out and "2/2" in captured.err
    assert not Service.objects.exists()
    call_command("import_catalogue", str(source), "--user", admin_user.username)
    assert Service.objects.get(identifier="1234567").latest_revision.user == admin_user
    exported = tmp_path / "export.xlsx"
    call_command("export_catalogue", str(exported))
    before = state()
    call_command("import_catalogue", str(exported))
    assert "beze změny: 2" in capsys.readouterr().out
    assert state() == before
    broken = tmp_path / "chyba.csv"
    broken.write_bytes(csv_bytes([[*ROWS[0][:3], "Neznámý druh", *ROWS[0][4:]]]))
    with pytest.raises(CommandError, match="Nic nebylo importováno"):
        call_command("import_catalogue", str(broken))
    assert "Řádek 2: Druh služby" in capsys.readouterr().err
    assert state() == before


def test_providers_file_creates_and_updates_providers(admin_user):
    existing = ProviderFactory(name="Starý název")
    headings = ["IČO", "Název", "Obec"]
    rows = [[existing.ico, "Nový název", "Kelč"], [ICO, "Charita Kelč", "Kelč"]]
    plan = import_file("providers", csv_bytes(rows, headings=headings), "p.csv", user=admin_user)
    assert [row.action for row in plan.rows] == [UPDATE, NEW]
    existing.refresh_from_db()
    assert existing.name == "Nový název" and "novy nazev" in existing.search_text
    assert Provider.objects.get(ico=ICO).city == "Kelč"
    assert ModelLogEntry.objects.filter(object_id=str(existing.pk),
                                        action="kp_catalogue.import").exists()


def test_import_export_resource_reads_the_same_file():
    """The resource the benchmark compares with imports the same spreadsheet, row by row."""
    import tablib

    from kp_catalogue.exchange.resources import ServiceResource

    dataset = tablib.Dataset().load(csv_bytes(ROWS).decode(), format="csv", delimiter=";")
    result = ServiceResource().import_data(dataset, dry_run=False, raise_errors=True)
    assert not result.has_errors()
    home = Service.objects.get(identifier="7654321")
    assert home.provisions.get().maximum == 32 and home.service_areas.count() == 2
