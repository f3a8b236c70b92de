"""Turn an uploaded file into rows of text keyed by column heading.

Editors bring whatever their office suite writes: UTF-8 with or without BOM, Czech Excel's
Windows-1250 with semicolons, XLSX, or the JSON our own export produces. Every failure becomes a
``FileRejected`` with a Czech message; nothing here touches the database. The limits of
``limits.py`` (rows, columns, cell length, unpacked size) are checked while each format is read.
"""

import csv
import io
import json
import zipfile

from django.utils.translation import gettext as _

from kp_catalogue.exchange.importing.limits import (
    FileRejected,
    RowCounter,
    cell_too_long,
    max_cell_chars,
    max_columns,
    max_rows,
    max_upload_bytes,
    too_many_columns,
    too_many_rows,
)
from kp_catalogue.exchange.importing.xlsx import read_xlsx_rows

CSV_DELIMITERS = ";,\t"
__all__ = ["FileRejected", "max_upload_bytes", "read_table"]


def decode_text(data):
    if data.startswith(b"\xef\xbb\xbf"):
        return data.decode("utf-8-sig"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1250"), "cp1250"
    except UnicodeDecodeError as error:
        raise FileRejected(_("The file is not text in UTF-8 or Windows-1250.")) from error


def sniff_delimiter(text):
    first_line = text.split("\n", 1)[0]
    try:
        return csv.Sniffer().sniff(first_line, delimiters=CSV_DELIMITERS).delimiter
    except csv.Error:
        counts = {delimiter: first_line.count(delimiter) for delimiter in CSV_DELIMITERS}
        best = max(counts, key=counts.get)
        return best if counts[best] else ","


def looks_binary(text):
    sample = text[:4096]
    controls = sum(1 for char in sample if ord(char) < 32 and char not in "\r\n\t")
    return controls > len(sample) // 100


def read_csv(data):
    text, encoding = decode_text(data)
    if "\x00" in text or looks_binary(text):
        raise FileRejected(_("The file does not look like a spreadsheet (CSV, XLSX or JSON)."))
    delimiter = sniff_delimiter(text)
    counter = RowCounter()
    rows = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for row in reader:
            if any(len(cell) > max_cell_chars() for cell in row):
                raise cell_too_long(reader.line_num)
            counter.add(row)
            rows.append(row)
    except csv.Error as error:
        raise FileRejected(_("The CSV file is damaged: %(error)s") % {"error": error}) from error
    return rows, {"format": "csv", "encoding": encoding, "delimiter": delimiter}


def read_xlsx(data):
    rows = [["" if cell is None else cell for cell in row] if row else row
            for row in read_xlsx_rows(data)]
    return rows, {"format": "xlsx"}


def read_json(data):
    text, _encoding = decode_text(data)
    try:
        items = json.loads(text)
    except ValueError as error:
        raise FileRejected(_("The JSON file is not valid JSON.")) from error
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        raise FileRejected(_("The JSON file must be a list of objects, one per row."))
    if len(items) > max_rows():
        raise too_many_rows()
    headings = {}
    for line, item in enumerate(items, start=2):
        for key, value in item.items():
            headings.setdefault(key, None)
            if len(str(value)) > max_cell_chars():
                raise cell_too_long(line)
        if len(headings) > max_columns():
            raise too_many_columns()
    headings = list(headings)
    rows = [headings] + [[item.get(heading, "") for heading in headings] for item in items]
    return rows, {"format": "json"}


def cell_text(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ano" if value else "ne"
    if hasattr(value, "date") and callable(value.date):
        value = value.date()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, list):
        return " | ".join(cell_text(item) for item in value)
    return str(value).strip()


def read_table(data, filename=""):
    """Return (headings, rows, info); rows are dicts heading -> text, each with its 1-based line
    number in the spreadsheet (the heading is line 1) under ``"__line__"``."""
    if len(data) > max_upload_bytes():
        raise FileRejected(
            _("The file is larger than %(size)s MB.")
            % {"size": round(max_upload_bytes() / 1024 / 1024, 1)}
        )
    if not data.strip():
        raise FileRejected(_("The file is empty."))
    name = filename.lower()
    if data.startswith(b"PK") and zipfile.is_zipfile(io.BytesIO(data)):
        raw_rows, info = read_xlsx(data)
    elif name.endswith(".json") or data.lstrip(b"\xef\xbb\xbf \r\n\t").startswith(b"["):
        raw_rows, info = read_json(data)
    else:
        raw_rows, info = read_csv(data)
    # Line numbers are the spreadsheet's own, so blank lines are skipped but still counted.
    numbered = [(line, row) for line, row in enumerate(raw_rows, start=1)
                if any(cell_text(cell) for cell in row)]
    if not numbered:
        raise FileRejected(_("The file is empty."))
    if len(numbered) - 1 > max_rows():
        raise too_many_rows()
    headings = [cell_text(cell) for cell in numbered[0][1]]
    rows = []
    for line, raw in numbered[1:]:
        row = {heading: cell_text(raw[index]) if index < len(raw) else ""
               for index, heading in enumerate(headings) if heading}
        row["__line__"] = line
        rows.append(row)
    return headings, rows, info
