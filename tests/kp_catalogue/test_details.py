"""A service's detail body is kept rendered per version of the service
(kp_catalogue/public/details.py): the same HTML as rendered afresh, fewer queries on the next
visit, and every change that shows in it shows at once."""

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kp_catalogue.models import Contact, ProblemReport, Provider, Service
from kp_catalogue.models.hours import parse_weekly
from tests.factories.catalogue import LocationFactory, ServiceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def service(db):
    service = ServiceFactory(name="Poradna Kelč", phone="571 000 001",
                             assured_date=timezone.localdate())
    LocationFactory(service=service, name="Poradna na náměstí",
                    opening_hours=parse_weekly("Po–Pá 8–16"))
    service.tags.add("dluhy")
    service.save()
    return service


def body(client, url):
    response = client.get(url)
    assert response.status_code == 200
    main = BeautifulSoup(response.content, "html.parser").find("main")
    return str(main)


def test_the_kept_body_is_the_body_rendered_afresh_with_fewer_queries(client, settings,
                                                                       catalogue, service):
    url = catalogue.service_url(service)
    settings.KP_CATALOGUE_CACHE_SECONDS = 0
    fresh = body(client, url)
    settings.KP_CATALOGUE_CACHE_SECONDS = 600
    with CaptureQueriesContext(connection) as first:
        body(client, url + "?a=1")
    # Another address of the same service (filters riding along) misses the page cache but
    # not the body: none of the body's relations is read again.
    with CaptureQueriesContext(connection) as second:
        kept = body(client, url + "?a=2")
    assert [q for q in first if "kp_catalogue_location" in q["sql"]]
    assert [q for q in second if "kp_catalogue_location" in q["sql"]] == []
    assert len(second) < len(first)
    # Around a kept body the page reads the service's short row: none of its long texts.
    rows = [q["sql"] for q in second if 'FROM "kp_catalogue_service"' in q["sql"]]
    assert rows and not any('"kp_catalogue_service"."description"' in sql for sql in rows)
    # The same HTML as rendered afresh (the back link keeps the visitor's filters).
    assert kept.replace("?a=2", "") == fresh
    assert "Poradna na náměstí" in kept and "dluhy" in kept


def test_every_change_shown_in_the_body_shows_at_once(client, settings, catalogue, service):
    settings.KP_CATALOGUE_CACHE_SECONDS = 600
    url = catalogue.service_url(service)
    counter = iter(range(100))

    def fresh_body():
        # A new address each time: past the whole-page cache, to the kept body.
        return body(client, f"{url}?v={next(counter)}")

    assert "571 000 001" in fresh_body()
    service.phone = "571 999 999"
    service.save()
    assert "571 999 999" in fresh_body()
    # A contact person, saved with the service as the admin does.
    Contact.objects.create(service=service, name="Jana Nováková", is_public=True)
    service.save()
    assert "Jana Nováková" in fresh_body()
    # The provider renamed.
    provider = Provider.objects.get(pk=service.provider_id)
    provider.name = "Charita Kelč"
    provider.save()
    assert "Charita Kelč" in fresh_body()
    # A visitor reports a problem: flagged at once, without any edit of the service.
    assert "kp-stale" not in fresh_body()
    report = ProblemReport.objects.create(provider=provider, service=service, kind="contact")
    assert "kp-stale" in fresh_body()
    report.resolved_at = timezone.now()
    report.save()
    assert "kp-stale" not in fresh_body()


def test_the_day_is_part_of_what_is_kept(client, settings, catalogue, service, monkeypatch):
    settings.KP_CATALOGUE_CACHE_SECONDS = 600
    settings.KP_CATALOGUE_STALE_AFTER_DAYS = getattr(settings, "KP_CATALOGUE_STALE_AFTER_DAYS",
                                                     None) or 365
    url = catalogue.service_url(service)
    Service.objects.filter(pk=service.pk).update(
        assured_date=timezone.localdate() - dt.timedelta(days=400))
    Service.objects.filter(pk=service.pk).update(updated_at=timezone.now())
    assert "kp-stale" in body(client, url + "?d=1")
    # Confirmed again today: the stamp moves, the flag goes.
    Service.objects.filter(pk=service.pk).update(assured_date=timezone.localdate(),
                                                 updated_at=timezone.now())
    assert "kp-stale" not in body(client, url + "?d=2")
    # Tomorrow is another key (the age limit and the coming exceptions count from the day).
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    keys = []
    from kp_catalogue.public import stamps

    real_key = stamps.service_key
    monkeypatch.setattr(stamps, "service_key", lambda *a: keys.append(a) or real_key(*a))
    body(client, url + "?d=3")
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: tomorrow)
    body(client, url + "?d=4")
    assert keys[0][-1] != keys[1][-1] and keys[1][-1] == tomorrow.isoformat()
