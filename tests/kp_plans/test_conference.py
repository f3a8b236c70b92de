"""Conference registration: capacity (also under concurrent submissions), closing, e-mails."""

import datetime as dt
import threading

import icalendar
import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.db import connection
from django.test import Client
from django.utils import timezone

from kp_plans.models import ConferencePage
from tests.factories.plans import (
    ConferenceFormFieldFactory,
    ConferencePageFactory,
)

SLOT = ("slot", {"start": dt.time(9, 0), "end": dt.time(10, 30), "title": "Zahájení",
                 "talks": [{"title": "Komunitní plánování v mikroregionu",
                            "speaker": "Mgr. Eva Horáková", "affiliation": "Svazek obcí",
                            "bio": "Koordinátorka plánování."}]})


def register(client, page, name="Jan Novák", email="jan@example.cz"):
    return client.post(page.url, {"jmeno": name, "e_mail": email})


@pytest.mark.django_db
def test_registration_sends_confirmation_and_fills_capacity(client, tree):
    conference = tree["conference"]
    response = register(client, conference)
    assert response.status_code == 200
    assert "Děkujeme, jste zaregistrováni." in response.content.decode()
    assert conference.get_submissions().count() == 1
    assert [m.to for m in mail.outbox] == [["jan@example.cz"]]
    assert conference.title in mail.outbox[0].body
    register(client, conference, "Druhá", "druha@example.cz")
    full = register(client, conference, "Třetí", "treti@example.cz")
    assert "Kapacita konference je naplněna" in full.content.decode()
    assert conference.get_submissions().count() == 2
    assert len(mail.outbox) == 2
    html = BeautifulSoup(client.get(conference.url).content, "html.parser")
    assert "Kapacita konference je naplněna" in html.select_one("section[aria-labelledby=registrace]").get_text()
    assert not html.select("section[aria-labelledby=registrace] form")


@pytest.mark.django_db
def test_registration_after_the_closing_date_is_refused(client, section_page):
    conference = ConferencePageFactory(
        parent=section_page, registration_closes=timezone.now() - dt.timedelta(minutes=1))
    ConferenceFormFieldFactory(page=conference, label="Jméno")
    response = client.post(conference.url, {"jmeno": "Pozdní"})
    assert "Registrace skončila" in response.content.decode()
    assert conference.get_submissions().count() == 0
    assert mail.outbox == []


@pytest.mark.django_db
def test_invalid_registration_shows_czech_errors_and_stores_nothing(client, tree):
    response = register(client, tree["conference"], name="", email="neni-email")
    html = BeautifulSoup(response.content, "html.parser")
    errors = " ".join(e.get_text() for e in html.select(".form__error"))
    assert "Toto pole je povinné." in errors
    assert "e-mail" in errors.lower()
    assert tree["conference"].get_submissions().count() == 0


@pytest.mark.django_db
def test_programme_materials_ical_and_api(client, tree):
    conference = ConferencePage.objects.get(pk=tree["conference"].pk)
    conference.programme = [SLOT]
    conference.save_revision().publish()
    html = BeautifulSoup(client.get(conference.url).content, "html.parser")
    programme = html.select_one(".programme").get_text(" ", strip=True)
    assert "09:00 – 10:30 Zahájení" in programme
    assert "Mgr. Eva Horáková (Svazek obcí)" in programme
    calendar = icalendar.Calendar.from_ical(client.get(conference.url + "kalendar/").content)
    (event,) = calendar.walk("VEVENT")
    assert str(event["LOCATION"]) == "Zámek Žerotínů"
    data = client.get(f"/api/v3/pages/{conference.pk}/").json()
    assert data["programme_slots"][0]["talks"][0]["affiliation"] == "Svazek obcí"
    assert data["programme_slots"][0]["start"] == "09:00:00"
    assert data["places_left"] == 2 and data["registration_open"] is True
    assert [f["field_type"] for f in data["form_fields"]] == ["singleline", "email"]


@pytest.mark.django_db
def test_registrants_never_reach_public_output(client, tree):
    register(client, tree["conference"], "Tajný Účastník", "tajny.ucastnik@example.cz")
    for url in [tree["conference"].url, f"/api/v3/pages/{tree['conference'].pk}/",
                tree["conference"].url + "kalendar/"]:
        content = client.get(url).content
        assert b"tajny.ucastnik" not in content and "Tajný Účastník".encode() not in content


@pytest.mark.django_db(transaction=True)
def test_capacity_holds_under_concurrent_registrations():
    from wagtail.models import Locale, Page, Site

    from tests.factories.plans import PlanningSectionPageFactory

    # A transactional flush (e.g. by an earlier live-server test) removes Wagtail's tree root.
    Locale.objects.get_or_create(language_code="cs")
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
    section = PlanningSectionPageFactory(parent=root, slug="kp-soubeh")
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", port=80, root_page=section, is_default_site=True)
    conference = ConferencePageFactory(parent=section, capacity=3)
    ConferenceFormFieldFactory(page=conference, label="Jméno")
    url = conference.url
    attempts = 12
    barrier = threading.Barrier(attempts)
    statuses, errors = [], []

    def attempt(number):
        try:
            barrier.wait()
            response = Client().post(url, {"jmeno": f"Účastník {number}"})
            statuses.append((response.status_code,
                             "jste zaregistrováni" in response.content.decode()))
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(attempts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert all(status == 200 for status, _ in statuses)
    accepted = sum(1 for _, ok in statuses if ok)
    assert accepted == 3
    assert conference.get_submissions().count() == 3


@pytest.mark.django_db
def test_one_address_cannot_flood_registrations_and_their_e_mails(client, tree, settings):
    settings.KP_PLANS_FORM_RATE_LIMIT = 2
    conference = tree["conference"]
    conference.capacity = None
    conference.save()
    for number in (1, 2):
        register(client, conference, f"Host {number}", f"host{number}@example.cz")
    refused = client.post(conference.url, {"jmeno": "Třetí", "e_mail": "obet@example.cz"},
                          REMOTE_ADDR="127.0.0.1")
    assert "Příliš mnoho odeslání z vaší adresy" in refused.content.decode()
    assert conference.get_submissions().count() == 2
    assert [m.to for m in mail.outbox] == [["host1@example.cz"], ["host2@example.cz"]]
    # Another address is not affected.
    other = client.post(conference.url, {"jmeno": "Jiná", "e_mail": "jina@example.cz"},
                        REMOTE_ADDR="10.1.2.3")
    assert "Děkujeme, jste zaregistrováni." in other.content.decode()
    assert conference.get_submissions().count() == 3


@pytest.mark.django_db
def test_a_failing_mail_server_costs_neither_registration_nor_survey_answer(
        client, tree, settings, caplog):
    """Both e-mails go after the answer is stored (the organisers' copy to ``to_address`` and
    the registrant's confirmation): when the mail server fails, the person still gets the
    thank-you page and the answer is kept."""
    import logging

    settings.EMAIL_BACKEND = "tests.kp_consultation.broken_mail.BrokenBackend"
    conference, survey = tree["conference"], tree["survey"]
    for page in (conference, survey):
        page.to_address = "porada@example.cz"
        page.save_revision().publish()
    with caplog.at_level(logging.ERROR):
        registered = register(client, conference)
        answered = client.post(survey.url, {"jakou_sluzbu_postradate": "Odlehčovací službu"})
    assert "Děkujeme, jste zaregistrováni." in registered.content.decode()
    assert "Děkujeme za vaše odpovědi." in answered.content.decode()
    assert conference.get_submissions().count() == 1
    assert survey.get_submissions().count() == 1
    assert f"Registration confirmation for conference {conference.pk} failed" in caplog.text
    assert f"E-mail about an answer to form page {conference.pk} failed" in caplog.text
    assert f"E-mail about an answer to form page {survey.pk} failed" in caplog.text
