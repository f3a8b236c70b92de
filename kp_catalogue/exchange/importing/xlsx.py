"""Read the first sheet of an XLSX file as a stream, within the import limits.

openpyxl, even in read-only mode, loads the whole shared-strings table (and so any giant cell)
before the first row, and reads every row before we could count them. This reader opens the
archive itself and parses its XML with expat in small chunks: unpacked bytes are counted as they
come out of the archive (the sizes in the zip directory are whatever the file claims), and rows,
columns and cell length are checked as each arrives. Memory stays bounded by the unpacked-size
limit however the file is built. DTDs are refused, so no entity tricks reach the parser.

Cell values follow openpyxl's ``data_only`` reading: cached formula results, numbers, booleans,
and dates where the cell's number format is a date format (openpyxl's own rules decide that).
"""

import io
import posixpath
import zipfile
from xml.parsers import expat

from django.utils.translation import gettext as _
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

from kp_catalogue.exchange.importing.limits import (
    Budget,
    FileRejected,
    RowCounter,
    cell_too_long,
    max_cell_chars,
    max_columns,
    too_many_columns,
)

CHUNK = 64 * 1024
# Excel's last row: a row number beyond it is a forged file, and blank lines up to a forged
# number would each cost a list.
LAST_ROW = 1_048_576
BLANK = ()
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def damaged():
    return FileRejected(_("The XLSX file cannot be read."))


class CellTooLong(Exception):
    pass


def parse(archive, name, budget, start=None, end=None, text=None):
    """Feed one archive member to expat chunk by chunk, counting what comes out unpacked."""
    parser = expat.ParserCreate(namespace_separator=" ")

    def refuse_dtd(*args):
        raise damaged()

    parser.StartDoctypeDeclHandler = refuse_dtd
    parser.EntityDeclHandler = refuse_dtd
    if start:
        parser.StartElementHandler = lambda tag, attrs: start(tag.rsplit(" ", 1)[-1], attrs)
    if end:
        parser.EndElementHandler = lambda tag: end(tag.rsplit(" ", 1)[-1])
    if text:
        parser.CharacterDataHandler = text
    try:
        with archive.open(name) as member:
            while True:
                chunk = member.read(CHUNK)
                budget.spend(len(chunk))
                parser.Parse(chunk, not chunk)
                if not chunk:
                    break
    except (expat.ExpatError, zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError,
            NotImplementedError, RuntimeError) as error:
        # NotImplementedError: unknown compression; RuntimeError: encrypted member.
        raise damaged() from error


class TextCollector:
    """Collects the text of one element at a time, refusing more than a cell may hold."""

    def __init__(self):
        self.parts = None
        self.length = 0

    def begin(self):
        self.parts, self.length = [], 0

    def feed(self, data):
        if self.parts is not None:
            self.length += len(data)
            if self.length > max_cell_chars():
                raise CellTooLong
            self.parts.append(data)

    def finish(self):
        value = "".join(self.parts or ())
        self.parts = None
        return value


def read_relationships(archive, name, budget):
    targets = {}

    def start(tag, attrs):
        if tag == "Relationship":
            targets[attrs.get("Id")] = (attrs.get("Target", ""), attrs.get("Type", ""))

    if name in archive.NameToInfo:
        parse(archive, name, budget, start=start)
    return targets


def member_path(target):
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join("xl", target))


def read_workbook(archive, budget):
    """(first sheet's member name, shared strings member name, styles member name, epoch)."""
    sheets = []
    epoch = [CALENDAR_WINDOWS_1900]

    def start(tag, attrs):
        if tag == "sheet":
            sheets.append(attrs.get(f"{REL_NS} id"))
        elif tag == "workbookPr" and attrs.get("date1904") in ("1", "true"):
            epoch[0] = CALENDAR_MAC_1904

    if "xl/workbook.xml" not in archive.NameToInfo:
        raise damaged()
    parse(archive, "xl/workbook.xml", budget, start=start)
    relationships = read_relationships(archive, "xl/_rels/workbook.xml.rels", budget)
    if not sheets or sheets[0] not in relationships:
        raise damaged()
    shared = styles = None
    for target, kind in relationships.values():
        if kind.endswith("/sharedStrings"):
            shared = member_path(target)
        elif kind.endswith("/styles"):
            styles = member_path(target)
    return member_path(relationships[sheets[0]][0]), shared, styles, epoch[0]


def read_date_styles(archive, name, budget):
    """Indexes of the cell formats (``s`` attribute of a cell) that show a date."""
    custom = {}
    formats = []
    inside = {"cellXfs": False}

    def start(tag, attrs):
        if tag == "numFmt":
            custom[attrs.get("numFmtId")] = attrs.get("formatCode", "")
        elif tag == "cellXfs":
            inside["cellXfs"] = True
        elif tag == "xf" and inside["cellXfs"]:
            formats.append(attrs.get("numFmtId", "0"))

    def end(tag):
        if tag == "cellXfs":
            inside["cellXfs"] = False

    if name and name in archive.NameToInfo:
        parse(archive, name, budget, start=start, end=end)
    dates = set()
    for index, format_id in enumerate(formats):
        code = custom.get(format_id)
        if code is None and format_id.isdigit():
            code = BUILTIN_FORMATS.get(int(format_id), "")
        if code and is_date_format(code):
            dates.add(str(index))
    return dates


def read_shared_strings(archive, name, budget):
    strings = []
    collector = TextCollector()
    state = {"phonetic": 0, "item": None}

    def start(tag, attrs):
        if tag == "si":
            state["item"] = []
        elif tag == "rPh":
            state["phonetic"] += 1
        elif tag == "t" and state["item"] is not None and not state["phonetic"]:
            collector.begin()

    def end(tag):
        if tag == "t" and collector.parts is not None:
            state["item"].append(collector.finish())
            # A rich-text string is several runs: their sum is the cell.
            if sum(len(part) for part in state["item"]) > max_cell_chars():
                raise CellTooLong
        elif tag == "rPh":
            state["phonetic"] -= 1
        elif tag == "si":
            strings.append("".join(state["item"]))
            state["item"] = None

    if name and name in archive.NameToInfo:
        try:
            parse(archive, name, budget, start=start, end=end, text=collector.feed)
        except CellTooLong as error:
            # Which line uses the string is not known yet: the message names no line.
            raise cell_too_long() from error
    return strings


def column_index(reference, previous):
    letters = "".join(char for char in reference or "" if char.isalpha())
    if not letters:
        return previous + 1
    index = 0
    for char in letters.upper():
        index = index * 26 + ord(char) - 64
    return index - 1


def cell_value(kind, raw, style, strings, dates, epoch):
    if raw is None:
        return None
    if kind == "s":
        try:
            return strings[int(raw)]
        except (ValueError, IndexError) as error:
            raise damaged() from error
    if kind in ("str", "inlineStr"):
        return raw
    if kind == "b":
        return raw.strip() in ("1", "true")
    if kind == "e":
        return None
    if kind == "d":
        return raw
    if not raw.strip():
        # A formula never calculated has an empty cached value; openpyxl reads it as empty.
        return None
    try:
        number = float(raw) if any(char in raw for char in ".eE") else int(raw)
    except ValueError as error:
        raise damaged() from error
    if style in dates:
        try:
            return from_excel(number, epoch)
        except (ValueError, OverflowError, TypeError):
            return number
    return number


def iter_sheet(archive, name, budget, strings, dates, epoch, counter):
    """The sheet's rows (lists of values), blank lines kept; stops at the first limit."""
    rows = []
    collector = TextCollector()
    state = {"row": None, "line": 0, "cell": None, "column": -1}

    def start(tag, attrs):
        if tag == "row":
            line = attrs.get("r")
            state["line"] = int(line) if line and line.isdigit() else state["line"] + 1
            if not state["line"] > len(rows) or state["line"] > LAST_ROW:
                # Rows go down the sheet; one that goes back or past the end is forged.
                raise damaged()
            state["row"], state["column"] = {}, -1
        elif tag == "c" and state["row"] is not None:
            state["column"] = column_index(attrs.get("r"), state["column"])
            if state["column"] >= max_columns():
                raise too_many_columns()
            state["cell"] = {"kind": attrs.get("t", "n"), "style": attrs.get("s", "0"),
                             "raw": None}
        elif tag in ("v", "t") and state["cell"] is not None:
            collector.begin()

    def end(tag):
        cell = state["cell"]
        if tag in ("v", "t") and cell is not None and collector.parts is not None:
            cell["raw"] = (cell["raw"] or "") + collector.finish()
        elif tag == "c" and cell is not None:
            state["row"][state["column"]] = cell_value(cell["kind"], cell["raw"], cell["style"],
                                                       strings, dates, epoch)
            state["cell"] = None
        elif tag == "row" and state["row"] is not None:
            cells = state["row"]
            width = max(cells) + 1 if cells else 0
            row = [cells.get(index) for index in range(width)]
            # Missing lines in the XML are blank lines of the sheet: keep the numbering.
            while len(rows) < state["line"] - 1:
                rows.append(BLANK)
            counter.add(row)
            rows.append(row)
            state["row"] = None

    try:
        parse(archive, name, budget, start=start, end=end, text=collector.feed)
    except CellTooLong as error:
        raise cell_too_long(state["line"]) from error
    return rows


def read_xlsx_rows(data, counter=None):
    """Rows of the first sheet, each a list of values (None for an empty cell)."""
    counter = counter or RowCounter()
    budget = Budget()
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as error:
        raise damaged() from error
    with archive:
        sheet, shared, styles, epoch = read_workbook(archive, budget)
        if sheet not in archive.NameToInfo:
            raise damaged()
        dates = read_date_styles(archive, styles, budget)
        strings = read_shared_strings(archive, shared, budget)
        return iter_sheet(archive, sheet, budget, strings, dates, epoch, counter)
