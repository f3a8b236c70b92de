"""Exports of the network for the councils: the whole network (CSV, XLSX) and one
municipality's co-financing statement (XLSX, tagged PDF).

Names of services and municipalities are typed by editors and providers, so every text cell
goes through the catalogue's formula escaper, as in every other export of the project.
"""

import csv
import io
import logging
from pathlib import Path

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from openpyxl import Workbook

from kp_catalogue.exchange.formulas import escape_formula
from kp_consultation import conf as consultation_conf
from kp_plans.choices import SplitKey

SPLIT_LABELS = dict(SplitKey.choices)
logger = logging.getLogger(__name__)


def key_label(value):
    return str(SPLIT_LABELS.get(value, value))


def network_table(data):
    header = [_("Service"), _("Provider"), _("Service type"), _("Capacity included"),
              _("Capacity unit"), _("Municipalities served"), _("Measure"),
              _("Yearly cost (CZK)"), _("Split key")]
    rows = [[s["name"], s["provider"], s["service_type"], s["capacity"], s["capacity_unit"],
             ", ".join(s["municipalities"]),
             f'{s["measure_code"]} {s["measure_title"]}'.strip(), int(s["annual_cost"]),
             key_label(s["split_key"])] for s in data["services"]]
    return header, rows


def statement_table(data, town):
    header = [_("Service"), _("Split key"), _("Basis"), _("Yearly amount (CZK)")]
    rows = [[s["name"], key_label(s["split_key"]), s["weight"], s["amount"]]
            for s in town["services"]]
    return header, rows


def as_csv(header, rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in [header, *rows]:
        writer.writerow([escape_formula(str(cell) if cell is not None else "") for cell in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def sheet_title(title):
    """A sheet name Excel accepts: at most 31 characters, none of []:*?/\\."""
    return "".join(" " if char in "[]:*?/\\" else char for char in str(title))[:31].strip() or "List"


def as_xlsx(title, header, rows, footer=()):
    book = Workbook()
    sheet = book.active
    sheet.title = sheet_title(title)
    for row in [header, *rows, *footer]:
        sheet.append([escape_formula(cell) for cell in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def statement_footer(data, town):
    years = f'{data["period_start"]}–{data["period_end"]}'
    return [["", "", _("Yearly total"), town["yearly"]],
            ["", "", _("Total for %(years)s") % {"years": years}, town["total"]]]


def cached_statement_pdf(page, data, town, adoption):
    """The statement PDF, rendered once per adopted version (its snapshot never changes) or per
    published revision of a proposal, and municipality. A failing cache only costs time."""
    version = f"a{adoption.pk}" if adoption is not None else f"r{page.live_revision_id}"
    key = f"kp_plans:statement:{page.pk}:{version}:{town['code']}:{get_language()}"
    try:
        body = cache.get(key)
    except Exception:  # noqa: BLE001 - fail open: render instead
        logger.warning("statement cache unavailable", exc_info=True)
        body = None
    if body is None:
        body = statement_pdf(page, data, town, adoption)
        try:
            cache.set(key, body, 24 * 3600)
        except Exception:  # noqa: BLE001
            logger.warning("statement cache unavailable", exc_info=True)
    return body


def statement_pdf(page, data, town, adoption):
    from weasyprint import HTML

    font = consultation_conf.get("KP_CONSULTATION_PDF_FONT")
    bold = consultation_conf.get("KP_CONSULTATION_PDF_FONT_BOLD")
    html = render_to_string("kp_plans/network_statement_pdf.html", {
        "page": page, "data": data, "town": town, "adoption": adoption,
        "font_url": Path(font).as_uri(), "bold_font_url": Path(bold).as_uri(),
        "generated": timezone.localtime(),
    })
    # Tagged PDF/UA-1 like the settlement and the brochure: readable by screen readers.
    return HTML(string=html, base_url=str(Path(font).parent)).write_pdf(
        pdf_variant="pdf/ua-1", pdf_tags=True)
