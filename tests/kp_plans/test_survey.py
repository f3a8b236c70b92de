"""The needs survey: public answers, staff-only CSV export that spreadsheets cannot exploit."""

import csv
import datetime as dt
import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone
from wagtail.models import GroupPagePermission

from tests.factories.plans import NeedsSurveyPageFactory, SurveyFormFieldFactory

pytestmark = pytest.mark.django_db


def export_url(survey):
    return f"/admin/kp-plans/survey/{survey.pk}/export.csv"


def test_answers_are_stored_and_exported_for_staff(client, admin_client, tree):
    survey = tree["survey"]
    response = client.post(survey.url, {"jakou_sluzbu_postradate": "Odlehčovací službu"})
    assert "Děkujeme za vaše odpovědi." in response.content.decode()
    client.post(survey.url, {"jakou_sluzbu_postradate": '=HYPERLINK("http://evil.example")'})
    export = admin_client.get(export_url(survey))
    assert export.status_code == 200
    assert export["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert rows[0] == ["Datum odeslání", "Jakou službu postrádáte?"]
    assert [row[1] for row in rows[1:]] == [
        "Odlehčovací službu", '\'=HYPERLINK("http://evil.example")']


def test_export_is_refused_to_the_public_and_to_staff_without_rights(client, django_user_model,
                                                                    tree):
    survey = tree["survey"]
    client.post(survey.url, {"jakou_sluzbu_postradate": "Tajná odpověď"})
    anonymous = client.get(export_url(survey))
    assert anonymous.status_code == 302 and "/admin/login/" in anonymous["Location"]

    staff = django_user_model.objects.create_user("redaktor", password="Heslo-pro-testy-1")
    editors = Group.objects.create(name="Jiná sekce")
    editors.permissions.add(Permission.objects.get(codename="access_admin"))
    staff.groups.add(editors)
    GroupPagePermission.objects.create(group=editors, page=tree["events"],
                                       permission_type="change")
    client.force_login(staff)
    refused = client.get(export_url(survey))
    assert b"Tajn" not in refused.content
    assert refused.status_code in (302, 403)

    GroupPagePermission.objects.create(group=editors, page=survey, permission_type="change")
    allowed = client.get(export_url(survey))
    assert allowed.status_code == 200 and "Tajná odpověď" in allowed.content.decode("utf-8-sig")


def test_closed_survey_refuses_answers(client, section_page):
    survey = NeedsSurveyPageFactory(parent=section_page,
                                    closes_at=timezone.now() - dt.timedelta(days=1))
    SurveyFormFieldFactory(page=survey)
    response = client.post(survey.url, {"jakou_sluzbu_postradate": "Pozdě"})
    assert "Dotazník je uzavřen." in response.content.decode()
    assert survey.get_submissions().count() == 0


def test_survey_answers_are_not_public(client, tree):
    client.post(tree["survey"].url, {"jakou_sluzbu_postradate": "Soukromá odpověď"})
    for url in [tree["survey"].url, f"/api/v3/pages/{tree['survey'].pk}/"]:
        assert "Soukromá odpověď".encode() not in client.get(url).content


def test_one_address_cannot_flood_the_survey(client, tree, settings):
    settings.KP_PLANS_FORM_RATE_LIMIT = 3
    survey = tree["survey"]
    for number in range(3):
        client.post(survey.url, {"jakou_sluzbu_postradate": f"Odpověď {number}"})
    refused = client.post(survey.url, {"jakou_sluzbu_postradate": "Čtvrtá"})
    assert "Příliš mnoho odeslání z vaší adresy" in refused.content.decode()
    assert survey.get_submissions().count() == 3
    other = client.post(survey.url, {"jakou_sluzbu_postradate": "Jinde"}, REMOTE_ADDR="10.1.2.3")
    assert "Děkujeme za vaše odpovědi." in other.content.decode()
    assert survey.get_submissions().count() == 4
