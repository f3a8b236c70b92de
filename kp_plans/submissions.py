"""Wagtail's form submissions listing with a CSV export that cannot run formulas.

Conference registrations and survey answers come from the public. Wagtail's CSV export writes
cells as they came, so ``=HYPERLINK(…)`` or ``+1+1`` would run in the spreadsheet staff open it
in. Every cell, headings included (field labels are typed by editors), goes through the
catalogue's escaper, the same rule as every other export. The XLSX export is already safe:
Wagtail stores formula-looking cells there as text.
"""

from wagtail.contrib.forms.views import SubmissionsListView

from kp_catalogue.exchange.formulas import escape_formula


class SafeSubmissionsListView(SubmissionsListView):
    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        if export_format == self.FORMAT_CSV:
            return escape_formula(value)
        return value

    def get_heading(self, queryset, field):
        heading = super().get_heading(queryset, field)
        if self.request.GET.get("export") == self.FORMAT_CSV:
            return escape_formula(heading)
        return heading
