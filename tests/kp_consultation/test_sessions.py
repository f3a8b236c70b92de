"""Public POSTs write no session: refused ones (a flood included) and accepted ones; the
anonymise commands remove sessions holding form data, conference registrations and the
e-mails in survey answers."""

import datetime as dt
from importlib import import_module
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core import signing
from django.core.management import call_command
from django.utils import timezone
from wagtail.contrib.forms.models import FormSubmission

from kp_consultation import flash
from kp_consultation.models import Comment
from tests.factories.consultation import ConsultedPageFactory, closed_period
from tests.factories.plans import (
    ConferenceFormFieldFactory,
    ConferencePageFactory,
    NeedsSurveyPageFactory,
    PlanningSectionPageFactory,
    SurveyFormFieldFactory,
)

from .helpers import form_token, post_api, post_form

pytestmark = pytest.mark.django_db

PERSONAL = {"author_name": "Jana Nováková", "email": "jana.tajna@example.cz",
            "organisation": "Charita", "consent": "on"}


def refusals(client, draft, settings):
    """Each way the form refuses a comment: (name, response)."""
    yield "bad token", post_form(client, draft, token="forged", **PERSONAL)
    yield "honeypot", post_form(client, draft, website="http://spam.example", **PERSONAL)
    yield "invalid field", post_form(client, draft, text="", **PERSONAL)
    settings.KP_CONSULTATION_MIN_FILL_SECONDS = 60
    yield "too fast", post_form(client, draft, **PERSONAL)
    settings.KP_CONSULTATION_MIN_FILL_SECONDS = 0
    closed = ConsultedPageFactory(parent=draft.get_parent(), slug="uzavreny", **closed_period())
    yield "closed period", post_form(client, closed, token=form_token(client, draft), **PERSONAL)
    settings.KP_CONSULTATION_RATE_LIMIT = 0
    yield "rate limit", post_form(client, draft, **PERSONAL)


def test_no_refused_post_writes_a_session(client, draft, settings):
    seen = []
    for name, response in refusals(client, draft, settings):
        seen.append((name, response.status_code))
        assert Session.objects.count() == 0, name
        assert settings.SESSION_COOKIE_NAME not in response.cookies, name
        # The refusal is still shown, with the text the person wrote.
        assert "kpc-flash--error" in response.content.decode(), name
    assert seen == [("bad token", 400), ("honeypot", 400), ("invalid field", 400),
                    ("too fast", 400), ("closed period", 403), ("rate limit", 429)]
    assert not Comment.objects.exists()


def test_a_refused_post_shows_the_text_but_keeps_it_nowhere(client, draft):
    response = post_form(client, draft, text="Můj rozepsaný text", author_name="Jana Nováková",
                         email="jana.tajna@example.cz")  # refused: no consent
    assert response.status_code == 400
    assert "Můj rozepsaný text</textarea>" in response.content.decode()
    assert Session.objects.count() == 0
    assert "Můj rozepsaný text" not in client.get(draft.url).content.decode()


def test_a_flood_of_refused_posts_writes_nothing(client, draft):
    for _n in range(20):
        post_form(client, draft, token="forged", text="x" * 5000, **PERSONAL)
    assert Session.objects.count() == 0


def test_api_refusals_and_acceptances_write_no_session(client, draft, settings):
    post_api(client, draft, text="", **{k: v for k, v in PERSONAL.items() if k != "consent"})
    post_api(client, draft, text="Přijatá", author_name="Jana", consent=True)
    settings.KP_CONSULTATION_RATE_LIMIT = 0
    post_api(client, draft, text="Omezená")
    assert Session.objects.count() == 0


def test_an_accepted_post_keeps_nothing_personal(client, draft):
    response = post_form(client, draft, **PERSONAL)
    assert response.status_code == 302
    assert Session.objects.count() == 0
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    location = response["Location"]
    code = parse_qs(urlsplit(location).query)[flash.PARAM][0]
    payload = signing.loads(code, salt=flash.SALT)
    assert set(payload) == {"p", "s", "st"}
    assert "jana" not in location.lower() and "Jana" not in str(payload)
    html = client.get(location.split("#")[0]).content.decode()
    assert "Děkujeme, připomínka byla přijata" in html
    # Only for this page and section: the code shows nothing on another page.
    other = ConsultedPageFactory(parent=draft.get_parent(), slug="jiny")
    assert "Děkujeme" not in client.get(f"{other.url}?{flash.PARAM}={code}").content.decode()


def test_a_forged_or_expired_confirmation_code_shows_nothing(client, draft, settings):
    forged = signing.dumps({"p": draft.pk, "s": "priority-seniors", "st": "published"},
                           salt="other")
    assert "Děkujeme" not in client.get(f"{draft.url}?{flash.PARAM}={forged}").content.decode()
    code = flash.success_code(draft, "priority-seniors", "published")
    settings.KP_CONSULTATION_SENT_MAX_AGE = -1
    assert "Děkujeme" not in client.get(f"{draft.url}?{flash.PARAM}={code}").content.decode()


def test_a_get_of_the_form_address_goes_back_to_the_page(client, draft):
    response = client.get(f"/konzultace/{draft.pk}/pripominka/")
    assert response.status_code == 302 and response["Location"] == draft.url


def session_with(data):
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store.update(data)
    store.create()
    return store.session_key


def test_anonymise_comments_clears_sessions_holding_form_data(home_page, capsys):
    legacy = session_with({"kp_consultation_flash": {
        "page": 1, "data": {"author_name": "Jana", "email": "jana.tajna@example.cz"}}})
    login = session_with({"_auth_user_id": "1"})
    expired = session_with({"x": 1})
    Session.objects.filter(pk=expired).update(expire_date=timezone.now() - dt.timedelta(days=1))
    call_command("anonymise_comments")
    assert "relací s daty formuláře: 1" in capsys.readouterr().out
    assert set(Session.objects.values_list("pk", flat=True)) == {login}
    assert legacy not in set(Session.objects.values_list("pk", flat=True))


def submission(page, data, days_ago=0):
    row = FormSubmission.objects.create(page=page, form_data=data)
    FormSubmission.objects.filter(pk=row.pk).update(
        submit_time=timezone.now() - dt.timedelta(days=days_ago))
    return row


def test_anonymise_form_submissions(home_page, capsys):
    section_page = PlanningSectionPageFactory(parent=home_page)
    now = timezone.now()
    past = ConferencePageFactory(parent=section_page, slug="loni",
                                 start=now - dt.timedelta(days=100),
                                 end=now - dt.timedelta(days=99))
    recent = ConferencePageFactory(parent=section_page, slug="nedavno",
                                   start=now - dt.timedelta(days=11),
                                   end=now - dt.timedelta(days=10))
    ConferenceFormFieldFactory(page=past, label="Jméno")
    old_registration = submission(past, {"jmeno": "Jan Novák", "e_mail": "jan@example.cz"}, 120)
    kept_registration = submission(recent, {"jmeno": "Eva", "e_mail": "eva@example.cz"}, 20)
    closed = NeedsSurveyPageFactory(parent=section_page, slug="pruzkum-stary",
                                    closes_at=now - dt.timedelta(days=91))
    open_survey = NeedsSurveyPageFactory(parent=section_page, slug="pruzkum", closes_at=None)
    for survey in (closed, open_survey):
        SurveyFormFieldFactory(page=survey, label="Kterou službu postrádáte?",
                               field_type="singleline")
        SurveyFormFieldFactory(page=survey, label="E-mail", field_type="email")
    answer = submission(closed, {"kterou_sluzbu_postradate": "Odlehčovací",
                                 "e_mail": "odpoved@example.cz"}, 200)
    open_answer = submission(open_survey, {"kterou_sluzbu_postradate": "Terénní",
                                           "e_mail": "otevreny@example.cz"}, 200)

    call_command("anonymise_form_submissions", "--dry-run")
    assert "registrací: 1; anonymizováno odpovědí: 1" in capsys.readouterr().out
    assert FormSubmission.objects.count() == 4

    call_command("anonymise_form_submissions")
    assert not FormSubmission.objects.filter(pk=old_registration.pk).exists()
    assert FormSubmission.objects.filter(pk=kept_registration.pk).exists()
    answer.refresh_from_db()
    assert answer.form_data == {"kterou_sluzbu_postradate": "Odlehčovací", "e_mail": ""}
    open_answer.refresh_from_db()
    assert open_answer.form_data["e_mail"] == "otevreny@example.cz"

    call_command("anonymise_form_submissions", "--days", "5")
    assert not FormSubmission.objects.filter(pk=kept_registration.pk).exists()


def test_conference_and_survey_posts_write_no_session(client, home_page):
    section_page = PlanningSectionPageFactory(parent=home_page)
    conference = ConferencePageFactory(parent=section_page)
    ConferenceFormFieldFactory(page=conference, label="Jméno")
    survey = NeedsSurveyPageFactory(parent=section_page)
    SurveyFormFieldFactory(page=survey, label="Kterou službu postrádáte?",
                           field_type="singleline")
    assert client.post(conference.url, {"jmeno": "Jan Novák"}).status_code == 200
    assert client.post(conference.url, {}).status_code == 200  # refused: a required field
    assert client.post(survey.url, {"kterou_sluzbu_postradate": "Terénní"}).status_code == 200
    assert FormSubmission.objects.count() == 2
    assert Session.objects.count() == 0
