"""Export of the catalogue as CSV, XLSX or JSON, in the format the import reads back.

CSV is written for Czech Excel: UTF-8 with a byte order mark (so Excel recognises it) and
semicolons. Every cell that a spreadsheet would run as a formula starts with an apostrophe.
"""

import json

import tablib

from kp_catalogue.exchange.importing.columns import export_cell
from kp_catalogue.exchange.importing.locations import LOCATION_COLUMNS
from kp_catalogue.exchange.importing.providers import PROVIDER_COLUMNS
from kp_catalogue.exchange.importing.services import SERVICE_COLUMNS
from kp_catalogue.exchange.resources import location_export_queryset, service_export_queryset
from kp_catalogue.models import Provider

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}
KINDS = {"services": SERVICE_COLUMNS, "providers": PROVIDER_COLUMNS,
         "locations": LOCATION_COLUMNS}


def export_rows(kind, queryset=None):
    """``queryset``: the services to export (for places: whose places), or the providers."""
    columns = KINDS[kind]
    if kind == "services":
        queryset = service_export_queryset(queryset)
    elif kind == "locations":
        queryset = location_export_queryset(queryset)
    elif queryset is None:
        queryset = Provider.objects.order_by("name", "pk")
    headings = [column.heading for column in columns]
    rows = [[export_cell(column, obj) for column in columns] for obj in queryset]
    return headings, rows


def render(headings, rows, file_format):
    if file_format == "json":
        items = [dict(zip(headings, row, strict=True)) for row in rows]
        return json.dumps(items, ensure_ascii=False, indent=1).encode("utf-8")
    dataset = tablib.Dataset(*rows, headers=headings)
    if file_format == "xlsx":
        return dataset.export("xlsx")
    return ("\ufeff" + dataset.export("csv", delimiter=";")).encode("utf-8")


def export_file(kind, file_format, queryset=None):
    headings, rows = export_rows(kind, queryset)
    return render(headings, rows, file_format)
