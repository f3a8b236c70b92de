"""Wagtail's own form submissions export (conference registrations, survey answers): the CSV
must not carry formulas a spreadsheet would run, headings included."""

import csv
import io

import pytest
from django.urls import reverse

from kp_plans.models import ConferencePage, NeedsSurveyPage
from tests.factories.plans import SurveyFormFieldFactory

pytestmark = pytest.mark.django_db

HOSTILE = ['=HYPERLINK("http://evil.example","klik")', "+1+1", "-2+3", "@SUM(A1)",
           "\t=1+1", "\r=1+1", "\uff1d1+1"]


def stock_export(admin_client, page, export_format):
    url = reverse("wagtailforms:list_submissions", args=[page.pk])
    response = admin_client.get(url, {"export": export_format})
    assert response.status_code == 200
    return response


def csv_rows(response):
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_conference_registrations_csv_escapes_formulas(client, admin_client, tree):
    conference = tree["conference"]
    conference.capacity = None
    conference.save()
    for name in HOSTILE + ["Jan Novák"]:
        client.post(conference.url, {"jmeno": name, "e_mail": "jan@example.cz"})
    rows = csv_rows(stock_export(admin_client, conference, "csv"))
    names = [row[rows[0].index("Jméno")] for row in rows[1:]]
    stored = [submission.get_data()["jmeno"] for submission in conference.get_submissions()]
    # Django's form strips the tab/CR prefixes on the way in; what is stored must go out safe.
    assert len(stored) == len(HOSTILE) + 1
    assert sorted(names) == sorted(value if value == "Jan Novák" else "'" + value
                                   for value in stored)
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r", "\uff1d"))
                   for row in rows for cell in row)


def test_survey_answers_csv_escapes_formulas_and_headings(client, admin_client, section_page,
                                                          tree):
    survey = tree["survey"]
    # Editors type the labels; one that looks like a formula must not run either.
    SurveyFormFieldFactory(page=survey, label="=1+1 otázka", field_type="singleline",
                           required=False)
    survey = NeedsSurveyPage.objects.get(pk=survey.pk)
    field_names = [field.clean_name for field in survey.get_form_fields()]
    for value in HOSTILE:
        client.post(survey.url, {field_names[0]: value})
    rows = csv_rows(stock_export(admin_client, survey, "csv"))
    assert "'=1+1 otázka" in rows[0]
    answers = [row[1] for row in rows[1:]]
    stored = [submission.get_data()[field_names[0]] for submission in survey.get_submissions()]
    assert len(stored) == len(HOSTILE)
    assert sorted(answers) == sorted("'" + value for value in stored)


def test_views_used_are_the_safe_ones():
    # Both page types route their listing through the safe view, so a new export path on the
    # stock view cannot bypass the escaping.
    for model in (ConferencePage, NeedsSurveyPage):
        assert model().get_submissions_list_view_class().__name__ == "SafeSubmissionsListView"


def test_xlsx_export_still_works(client, admin_client, tree):
    conference = tree["conference"]
    client.post(conference.url, {"jmeno": "=1+1", "e_mail": "jan@example.cz"})
    response = stock_export(admin_client, conference, "xlsx")
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml")


