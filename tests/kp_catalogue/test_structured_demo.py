"""The demo shows the structured data: Saturday hours, barrier-free places and Ukrainian, found
by the public filters, and a second run changes nothing."""

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from wagtail.models import Revision, Site

from kp_catalogue.models import ProblemReport

pytestmark = pytest.mark.django_db


def test_demo_has_hours_accessibility_and_languages(settings, client, demo_db):
    settings.DEBUG = True
    revisions = Revision.objects.count()
    call_command("load_demo", stdout=None)
    assert Revision.objects.count() == revisions
    report = ProblemReport.objects.get()  # one, also after the second run
    assert report.resolved_at is None and report.service.name == "Pečovatelská služba Charity"
    settings.DEBUG = False
    Site.objects.filter(is_default_site=True).update(hostname="localhost", port=80)

    def names(query):
        html = client.get(f"/katalog-socialnich-sluzeb/?{query}").content
        return {h.get_text(strip=True) for h in BeautifulSoup(html, "html.parser").select(
            ".service-card .card__title")}

    saturday = names("otevreno=so")
    assert {"Odborné sociální poradenství Charity", "Kontaktní centrum Most"} <= saturday
    assert len(names("pristup=bezbarierovy-vstup")) >= 5
    ukrainian = names("jazyk=uk")
    assert 2 <= len(ukrainian) <= 5 and "Krizová pomoc Most" in ukrainian
    assert names("otevreno=so&pristup=bezbarierovy-vstup&jazyk=uk") >= {
        "Odborné sociální poradenství Charity", "Krizová pomoc Most"}
    # The demo provider account sees the open report on its dashboard.
    client.force_login(report.provider.memberships.first().user)
    assert "Telefon 571 601 101" in client.get("/admin/").content.decode()
