"""CSV export of the answers to a needs survey, for staff.

Wagtail's own submissions export writes CSV cells as they came, so an answer starting with
"=" would run as a formula in a spreadsheet. Answers come from the public: every text cell
that a spreadsheet would read as a formula is prefixed with an apostrophe.
"""

import csv
import io

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone

from kp_plans.models import NeedsSurveyPage

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    if isinstance(value, list):
        value = ", ".join(str(item) for item in value)
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def survey_csv(survey: NeedsSurveyPage) -> str:
    fields = survey.get_data_fields()
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([str(label) for _, label in fields])
    for submission in survey.get_submissions().order_by("submit_time", "pk"):
        data = submission.get_data()
        row = []
        for name, _ in fields:
            value = data.get(name)
            if name == "submit_time" and value:
                value = timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
            row.append(safe_cell(value))
        writer.writerow(row)
    return buffer.getvalue()


def export_survey(request, page_id):
    """Admin view; only users who may edit this survey page get its answers."""
    survey = get_object_or_404(NeedsSurveyPage, pk=page_id)
    if not survey.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    response = HttpResponse("\ufeff" + survey_csv(survey), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="dotaznik-{survey.pk}.csv"'
    return response
