"""Hostile spreadsheets: limits on rows, columns, cell length and unpacked size are checked while
the file is read, so a bomb is refused with a Czech message before it is read whole, and
nothing is written. The full-size bombs are measured in bench/import_bombs.py."""

import datetime as dt
import io
import json
import zipfile

import pytest
from openpyxl import Workbook

from kp_catalogue.exchange.importing.limits import Budget, FileRejected
from kp_catalogue.exchange.importing.xlsx import read_xlsx_rows
from kp_catalogue.exchange.imports import import_file
from kp_catalogue.models import Provider, Service

pytestmark = pytest.mark.django_db

HEADINGS = ["Název", "IČO poskytovatele", "Poskytovatel", "Druh služby"]
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="List1" sheetId="1" r:id="rId1"/></sheets></workbook>')
RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="worksheets/sheet1.xml" Type="http://schemas.openxmlformats'
    '.org/officeDocument/2006/relationships/worksheet"/>'
    '<Relationship Id="rId2" Target="sharedStrings.xml" Type="http://schemas.openxmlformats.org'
    '/officeDocument/2006/relationships/sharedStrings"/></Relationships>')
SHEET_HEAD = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.'
              'openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
SHEET_TAIL = "</sheetData></worksheet>"


def inline_row(line, values):
    cells = "".join(f'<c r="{chr(65 + index)}{line}" t="inlineStr"><is><t>{value}</t></is></c>'
                    for index, value in enumerate(values))
    return f'<row r="{line}">{cells}</row>'


def bomb(sheet_parts, shared="", prefix=""):
    """An XLSX written member by member, so a large sheet never sits in memory whole."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", RELS)
        if shared:
            archive.writestr("xl/sharedStrings.xml", shared)
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write((prefix + SHEET_HEAD).encode())
            for part in sheet_parts:
                sheet.write(part.encode())
            sheet.write(SHEET_TAIL.encode())
    return buffer.getvalue()


def many_rows(count):
    yield inline_row(1, HEADINGS)
    for line in range(2, count + 2):
        yield inline_row(line, [f"Služba {line}", "00000001", "Poskytovatel", "Poradna"])


def written():
    return Service.objects.count(), Provider.objects.count()


def test_too_many_rows_stop_the_reading_early(admin_user, settings):
    settings.KP_CATALOGUE_IMPORT_MAX_ROWS = 100
    data = bomb(many_rows(50_000))
    assert len(data) < 1_000_000
    # If all rows were read before counting them, the unpacked budget would run out first
    # and the message would be about size: the row limit must win.
    settings.KP_CATALOGUE_IMPORT_MAX_UNPACKED_BYTES = 1024 * 1024
    before = written()
    plan = import_file("services", data, "bomba.xlsx", user=admin_user, dry_run=False)
    assert plan.file_errors == ["Soubor má více než 100 řádků."]
    assert written() == before


def test_unpacked_size_is_counted_as_read(admin_user, settings):
    settings.KP_CATALOGUE_IMPORT_MAX_UNPACKED_BYTES = 2 * 1024 * 1024
    # Few rows but a lot of padding between them: only the unpacked size can stop it.
    padding = " " * (1024 * 1024)
    data = bomb([inline_row(1, HEADINGS), padding, padding, padding, inline_row(2, ["a"])])
    assert len(data) < 50_000
    before = written()
    plan = import_file("services", data, "bomba.xlsx", user=admin_user)
    assert plan.file_errors == ["Soubor se rozbalí na více než 2.0 MB."]
    assert written() == before


def test_budget_counts_across_members():
    budget = Budget(limit=10)
    budget.spend(6)
    with pytest.raises(FileRejected):
        budget.spend(5)


def test_one_huge_shared_string_is_refused_without_a_preview(admin_user, settings):
    settings.KP_CATALOGUE_IMPORT_MAX_CELL_CHARS = 1000
    shared = ('<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
              f'<si><t>{"x" * 200_000}</t></si></sst>')
    data = bomb([inline_row(1, HEADINGS), '<row r="2"><c r="A2" t="s"><v>0</v></c></row>'],
                shared=shared)
    plan = import_file("services", data, "bunka.xlsx", user=admin_user, dry_run=True)
    assert plan.file_errors == ["Jedna z buněk je delší než 1000 znaků."]
    assert plan.rows == []


def test_one_huge_inline_cell_names_its_line(admin_user, settings):
    settings.KP_CATALOGUE_IMPORT_MAX_CELL_CHARS = 1000
    data = bomb([inline_row(1, HEADINGS), inline_row(2, ["y" * 5000])])
    plan = import_file("services", data, "bunka.xlsx", user=admin_user)
    assert plan.file_errors == ["Buňka na řádku 2 je delší než 1000 znaků."]


def test_too_many_columns(admin_user, settings):
    settings.KP_CATALOGUE_IMPORT_MAX_COLUMNS = 10
    data = bomb([inline_row(1, HEADINGS), '<row r="2"><c r="ZZ2" t="inlineStr"><is><t>a</t>'
                 '</is></c></row>'])
    plan = import_file("services", data, "sloupce.xlsx", user=admin_user)
    assert plan.file_errors == ["Soubor má více než 10 sloupců."]


def test_entity_declarations_are_refused(admin_user):
    doctype = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>'
    data = bomb([inline_row(1, HEADINGS)], prefix=doctype)
    # The declaration sits before the XML declaration of SHEET_HEAD: either way it is refused.
    plan = import_file("services", data, "dtd.xlsx", user=admin_user)
    assert plan.file_errors == ["Soubor XLSX nelze přečíst."]


def test_office_files_read_like_openpyxl_did():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Text", "Číslo", "Desetinné", "Ano", "Datum", "Vzorec"])
    sheet.append(["Žluťoučký kůň", 42, 2.5, True, "2024-05-01", "=1+1"])
    sheet["E2"].value = dt.date(2024, 5, 1)
    sheet.append([])
    sheet.append(["po prázdném řádku"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    rows = read_xlsx_rows(buffer.getvalue())
    assert rows[0] == ["Text", "Číslo", "Desetinné", "Ano", "Datum", "Vzorec"]
    assert rows[1][:4] == ["Žluťoučký kůň", 42, 2.5, True]
    assert rows[1][4].date().isoformat() == "2024-05-01"
    assert not rows[2] and rows[3] == ["po prázdném řádku"]


def test_forged_row_numbers_are_refused(admin_user):
    for forged in ['<row r="99999999">', '<row r="5"></row><row r="3">']:
        data = bomb([inline_row(1, HEADINGS), forged + "</row>"])
        plan = import_file("services", data, "radky.xlsx", user=admin_user)
        assert plan.file_errors == ["Soubor XLSX nelze přečíst."], forged


@pytest.mark.parametrize("file_format", ["csv", "json"])
def test_text_formats_have_the_same_limits(file_format, admin_user, settings):
    settings.KP_CATALOGUE_IMPORT_MAX_ROWS = 10
    settings.KP_CATALOGUE_IMPORT_MAX_CELL_CHARS = 100
    rows = [[f"Služba {n}", "1", "P", "Poradna"] for n in range(11)]
    long_rows = [["z" * 101, "1", "P", "Poradna"]]
    if file_format == "csv":
        def encode(body):
            return "\n".join(";".join(row) for row in [HEADINGS, *body]).encode()
    else:
        def encode(body):
            return json.dumps([dict(zip(HEADINGS, row, strict=True)) for row in body]).encode()
    name = f"soubor.{file_format}"
    assert import_file("services", encode(rows), name).file_errors == [
        "Soubor má více než 10 řádků."]
    assert import_file("services", encode(long_rows), name).file_errors == [
        "Buňka na řádku 2 je delší než 100 znaků."]
