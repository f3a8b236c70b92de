"""Reading the Czech Statistical Office's CSV of inhabitants in municipalities.

The ČSÚ publishes its open data in a long shape: one number a row, with the columns
``idhod, hodnota, stapro_kod, pohlavi_cis, pohlavi_kod, vuzemi_cis, vuzemi_kod, rok,
casref_do, pohlavi_txt, vuzemi_txt`` ("Počet obyvatel v obcích", dataset 130149) and, in the
tables by age, ``vek_cis, vek_kod, vek_txt``. A row with an empty ``pohlavi_kod`` counts both
sexes; a row without an age counts all ages; ``vuzemi_kod`` is the municipality's code
(číselník 43, the same as the RÚIAN code).

This module turns such a file into one record per municipality and date and nothing else:
no database writes. It reads as a stream and keeps only the municipalities asked for, so a
national file stays within memory; bytes and rows are bounded (settings
``KP_PLANS_POPULATION_MAX_BYTES`` and ``KP_PLANS_POPULATION_MAX_ROWS``). Every refusal is a
``FileRejected`` with a Czech message naming the line.
"""

import csv
import datetime
import io
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

from kp_catalogue.exchange.importing.limits import FileRejected
from kp_catalogue.exchange.importing.reading import decode_text, sniff_delimiter

# A national file of several years is tens of MB; a microregion's extract is a few kB.
DEFAULT_MAX_BYTES = 64 * 1024 * 1024
DEFAULT_MAX_ROWS = 1_000_000
MAX_CELL_CHARS = 500
MAX_INHABITANTS = 2_000_000  # Prague has 1.4 million; more is a misread column
MUNICIPALITY_CODELIST = "43"
REQUIRED_COLUMNS = ("hodnota", "vuzemi_kod")

# Age bands as the ČSÚ writes them in ``vek_txt`` ("0 až 14 (včetně)", "65 a více", "80+"),
# mapped to the model's fields. Other bands (five-year groups) are skipped.
BAND_PATTERNS = [
    (re.compile(r"^0\s*(až|-|–)\s*14\b"), "age_0_14"),
    (re.compile(r"^15\s*(až|-|–)\s*64\b"), "age_15_64"),
    (re.compile(r"^65\s*(\+|a\s+v[ií]ce|a\s+star)"), "age_65_plus"),
    (re.compile(r"^80\s*(\+|a\s+v[ií]ce|a\s+star)"), "age_80_plus"),
]


@dataclass
class Reading:
    """What a file said: ``figures[(code, date)] = {"total": …, "age_65_plus": …}``."""

    figures: dict = field(default_factory=dict)
    unknown_codes: set = field(default_factory=set)
    skipped_rows: int = 0


def max_bytes():
    return getattr(settings, "KP_PLANS_POPULATION_MAX_BYTES", DEFAULT_MAX_BYTES)


def max_rows():
    return getattr(settings, "KP_PLANS_POPULATION_MAX_ROWS", DEFAULT_MAX_ROWS)


def band_of(age_text):
    """The model field an age text belongs to, "total" without an age, None to skip it."""
    text = (age_text or "").strip().lower()
    if not text or text in {"celkem", "úhrn"}:
        return "total"
    for pattern, name in BAND_PATTERNS:
        if pattern.match(text):
            return name
    return None


def parse_date(row, line):
    text = (row.get("casref_do") or "").strip()
    if text:
        try:
            return datetime.date.fromisoformat(text[:10])
        except ValueError:
            raise FileRejected(_("Line %(line)s: the date \"%(value)s\" is not in the form "
                                 "YYYY-MM-DD.") % {"line": line, "value": text[:20]}) from None
    year = (row.get("rok") or "").strip()
    if year.isdigit() and 1900 <= int(year) <= 2100:
        return datetime.date(int(year), 12, 31)
    raise FileRejected(_("Line %(line)s: the row has neither a date (casref_do) nor a year "
                         "(rok).") % {"line": line})


def parse_count(text, line):
    text = (text or "").strip().replace("\u00a0", "").replace(" ", "")
    if not text:
        return None  # the ČSÚ leaves confidential values empty
    if not text.isdigit() or int(text) > MAX_INHABITANTS:
        raise FileRejected(_("Line %(line)s: \"%(value)s\" is not a number of inhabitants.")
                           % {"line": line, "value": text[:20]})
    return int(text)


def read_population_csv(data, wanted_codes):
    """Read ``data`` (bytes) and keep the rows of municipalities whose code is in
    ``wanted_codes``; the codes of other municipalities are collected as unknown."""
    if len(data) > max_bytes():
        raise FileRejected(_("The file is larger than %(size)s MB.")
                           % {"size": round(max_bytes() / 1024 / 1024, 1)})
    text, _encoding = decode_text(data)
    if "\x00" in text[:4096]:
        raise FileRejected(_("The file is not a CSV file."))
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))
    headings = {(name or "").strip().lower() for name in reader.fieldnames or []}
    missing = [name for name in REQUIRED_COLUMNS if name not in headings]
    if missing or not ({"casref_do", "rok"} & headings):
        raise FileRejected(_("The file lacks the columns of the ČSÚ's open data: %(columns)s.")
                           % {"columns": ", ".join(missing or ["casref_do"])})
    reading = Reading()
    try:
        for number, raw in enumerate(reader, start=1):
            if number > max_rows():
                raise FileRejected(_("The file has more than %(count)s rows.")
                                   % {"count": max_rows()})
            line = reader.line_num
            row = {(key or "").strip().lower(): (value if isinstance(value, str) else "")
                   for key, value in raw.items()}
            if any(len(value) > MAX_CELL_CHARS for value in row.values()):
                raise FileRejected(_("Line %(line)s: a cell is too long.") % {"line": line})
            band = band_of(row.get("vek_txt"))
            if ((row.get("pohlavi_kod") or "").strip() or band is None
                    or (row.get("vuzemi_cis") or MUNICIPALITY_CODELIST).strip()
                    != MUNICIPALITY_CODELIST):
                reading.skipped_rows += 1
                continue
            code = row["vuzemi_kod"].strip()
            if not code:
                raise FileRejected(_("Line %(line)s: the municipality code (vuzemi_kod) is "
                                     "empty.") % {"line": line})
            count = parse_count(row.get("hodnota"), line)
            date = parse_date(row, line)
            if code not in wanted_codes:
                if len(reading.unknown_codes) < 10000:
                    reading.unknown_codes.add(code)
                continue
            if count is None:
                reading.skipped_rows += 1
                continue
            figure = reading.figures.setdefault((code, date), {})
            if band in figure and figure[band] != count:
                raise FileRejected(_("Line %(line)s: the municipality %(code)s has two different "
                                     "numbers for the same date and age.")
                                   % {"line": line, "code": code})
            figure[band] = count
    except csv.Error as error:
        raise FileRejected(_("The CSV file is damaged: %(error)s") % {"error": error}) from error
    return reading
