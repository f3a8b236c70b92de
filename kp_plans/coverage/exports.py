"""The coverage table as CSV and XLSX: one row per municipality × target group, gaps first,
numbers as numbers, every text cell formula-escaped (names come from editors and providers)."""

import csv
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook

from kp_catalogue.exchange.formulas import escape_formula
from kp_plans.survey_results import min_group


def headings():
    return [_("Municipality"), _("Target group"), _("Gap"), _("Services"),
            _("Number of services"), _("Capacity"), _("Free places"),
            _("Capacity per 1,000 inhabitants"), _("Inhabitants (age band)"), _("Age band"),
            _("Approximate population"), _("Survey answers"), _("Measures")]


def rows(coverage):
    for cell in coverage.cells:
        answers = (f"<{min_group()}" if cell.answers and cell.answers.suppressed
                   else (cell.answers.value if cell.answers else None))
        yield [
            cell.municipality.name, str(cell.group_label), _("yes") if cell.gap else _("no"),
            "; ".join(service.name for service in cell.services), len(cell.services),
            "; ".join(f"{c.maximum} {c.unit}" for c in cell.capacities),
            "; ".join(f"{c.available} {c.unit}" for c in cell.capacities
                      if c.available is not None),
            "; ".join(f"{c.per_1000} {c.unit}" for c in cell.capacities
                      if c.per_1000 is not None),
            cell.population, str(cell.band_label), _("yes") if cell.approximate else _("no"),
            answers,
            "; ".join(f"{measure['code']} {measure['title']}" for measure, _url in cell.measures),
        ]


def coverage_csv(coverage):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headings())
    for row in rows(coverage):
        writer.writerow([escape_formula(value) if isinstance(value, str) else
                         ("" if value is None else value) for value in row])
    return "\ufeff" + buffer.getvalue()


def coverage_xlsx(coverage):
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Coverage")[:31])
    sheet.append(headings())
    for row in rows(coverage):
        sheet.append([escape_formula(value) for value in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
