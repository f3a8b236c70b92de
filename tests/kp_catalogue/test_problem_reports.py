"""Report a problem: the public form (spam defences, bounds, Czech 4xx, PRG without JS), the
e-mail to the organisation (fail-open), the dashboards, one-click resolving isolated per
organisation, the stale flag and the reminder, and the reporter's e-mail never public."""

import json
import time

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from kp_catalogue.freshness import is_stale, stale_services
from kp_catalogue.models import ProblemReport, Service
from kp_catalogue.public import reports

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_wait(settings):
    settings.KP_CATALOGUE_REPORT_MIN_SECONDS = 0
    settings.KP_CATALOGUE_REPORT_RATE_LIMIT = 3


def report_url(catalogue, service):
    return catalogue.url + catalogue.reverse_subpage("report_service",
                                                     args=[service.pk, service.slug])


def send(client, url, **data):
    form = BeautifulSoup(client.get(url).content, "html.parser")
    token = form.select_one('input[name="token"]')["value"]
    payload = {"token": token, "kind": "contact", "text": "Telefon už nefunguje.",
               "email": "obcan@example.cz", reports.HONEYPOT: ""}
    payload.update(data)
    return client.post(url, payload)


def test_report_reaches_organisation_and_dashboards(client, catalogue, org_a, org_b, editor):
    service = org_a.service
    detail = catalogue.url + catalogue.reverse_subpage("service", args=[service.pk, service.slug])
    assert report_url(catalogue, service) in client.get(detail).content.decode()
    mail.outbox.clear()
    response = send(client, report_url(catalogue, service))
    assert response.status_code == 302 and response["Location"].endswith("?odeslano=1")
    thanks = client.get(response["Location"]).content.decode()
    assert "Děkujeme" in thanks
    report = ProblemReport.objects.get()
    assert (report.provider, report.service, report.kind) == (org_a.provider, service, "contact")
    assert [message.to for message in mail.outbox] == [[org_a.provider.email]]
    assert "Telefon už nefunguje." in mail.outbox[0].body
    # The provider's dashboard shows it; the other organisation's does not.
    client.force_login(org_a.user)
    assert "Telefon už nefunguje." in client.get("/admin/").content.decode()
    client.force_login(org_b.user)
    assert "Telefon už nefunguje." not in client.get("/admin/").content.decode()
    client.force_login(editor)
    assert "Telefon už nefunguje." in client.get("/admin/").content.decode()


def test_failing_mail_keeps_the_report(client, catalogue, org_a, settings, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr(reports, "send_mail", broken)
    response = send(client, report_url(catalogue, org_a.service))
    assert response.status_code == 302
    assert ProblemReport.objects.count() == 1


def test_provider_page_report(client, catalogue, org_a):
    provider = org_a.provider
    url = catalogue.url + catalogue.reverse_subpage("report_provider",
                                                    args=[provider.pk, provider.slug])
    assert send(client, url, kind="closed", text="").status_code == 302
    report = ProblemReport.objects.get()
    assert report.service is None and report.provider == provider


@pytest.mark.parametrize("change, status, message", [
    ({reports.HONEYPOT: "http://spam.example"}, 400, "nevyplňujte"),
    ({"token": "zfalsovany"}, 400, "poškozen"),
    ({"kind": "neco"}, 400, "Opravte"),
    ({"kind": "other", "text": ""}, 400, "Napište, co je špatně"),
    ({"text": "x" * 2001}, 400, "Opravte"),
    ({"email": "neni-email"}, 400, "Opravte"),
])
def test_bad_reports_are_refused_in_czech(client, catalogue, org_a, change, status, message):
    response = send(client, report_url(catalogue, org_a.service), **change)
    assert response.status_code == status
    assert message in response.content.decode()
    assert not ProblemReport.objects.exists()


def test_too_fast_and_rate_limited(client, catalogue, org_a, settings):
    url = report_url(catalogue, org_a.service)
    settings.KP_CATALOGUE_REPORT_MIN_SECONDS = 3600
    assert send(client, url).status_code == 400
    settings.KP_CATALOGUE_REPORT_MIN_SECONDS = 0
    statuses = [send(client, url).status_code for _ in range(4)]
    assert statuses == [302, 302, 302, 429]
    assert ProblemReport.objects.count() == 3


def test_draft_service_cannot_be_reported(client, catalogue):
    from tests.factories.catalogue import ServiceFactory

    draft = ServiceFactory(live=False)
    assert client.get(report_url(catalogue, draft)).status_code == 404


def test_open_report_makes_service_stale_until_resolved(client, catalogue, org_a, org_b):
    service = org_a.service
    assert not is_stale(service)
    send(client, report_url(catalogue, service))
    report = ProblemReport.objects.get()
    assert is_stale(Service.objects.get(pk=service.pk))
    assert service.pk in set(stale_services().values_list("pk", flat=True))
    detail = catalogue.url + catalogue.reverse_subpage("service", args=[service.pk, service.slug])
    assert "kp-stale" in client.get(detail).content.decode()
    mail.outbox.clear()
    call_command("remind_stale_services", stdout=None)
    assert any(org_a.provider.email in message.to for message in mail.outbox)

    resolve = reverse("kp_catalogue_resolve_report", args=[org_a.provider.pk])
    # B cannot resolve A's report: not through A's URL, not with its own URL and A's id.
    client.force_login(org_b.user)
    assert client.post(resolve, {"report": report.pk}).status_code in (403, 404)
    own = reverse("kp_catalogue_resolve_report", args=[org_b.provider.pk])
    assert client.post(own, {"report": report.pk}).status_code == 400
    report.refresh_from_db()
    assert report.resolved_at is None
    # A resolves it with one POST.
    client.force_login(org_a.user)
    assert client.post(resolve, {"report": report.pk, "next": "/admin/"}).status_code == 302
    report.refresh_from_db()
    assert report.resolved_at is not None and report.resolved_by == org_a.user
    assert not is_stale(Service.objects.get(pk=service.pk))
    assert client.post(resolve, {"report": report.pk}).status_code == 400  # already resolved
    client.logout()
    assert "kp-stale" not in client.get(detail).content.decode()


def test_reporter_email_is_never_public(client, catalogue, org_a):
    service = org_a.service
    send(client, report_url(catalogue, service), email="tajny.obcan@example.cz")
    urls = [catalogue.url + catalogue.reverse_subpage("service", args=[service.pk, service.slug]),
            catalogue.url, f"/api/v3/catalogue/services/{service.pk}/", "/api/hsds/services",
            "/api/v3/openapi.json"]
    for url in urls:
        assert "tajny.obcan" not in client.get(url).content.decode(), url
    document = json.dumps(client.get("/api/v3/openapi.json").json())
    assert "problem_report" not in document.lower()


def test_form_token_expires(settings):
    settings.KP_CATALOGUE_REPORT_FORM_MAX_AGE = 1
    token = reports.issue_token()
    time.sleep(2.1)
    assert "vypršel" in str(reports.check_token(token)) or "platnost" in str(
        reports.check_token(token))
