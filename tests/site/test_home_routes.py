"""The home page routes: a first-time visitor reaches their municipality's services in two
actions (choose the municipality, send), and sees the open consultation, the next meetings,
the plan and the news without anyone updating the page by hand."""

import datetime as dt
from urllib.parse import urlencode

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.utils import timezone

from kp_catalogue.models import Municipality, Service
from kp_plans.models import PlanDraftPage
from kpsite.home.models import HomePage

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(demo_db):
    return demo_db


def home_html(client):
    response = client.get("/")
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_help_finder_leads_to_the_services_of_a_municipality_in_two_actions(client, demo):
    html = home_html(client)
    block = html.find("section", class_="route--help")
    assert block.find("h2").get_text() == "Hledám pomoc"
    form = block.find("form")
    assert form["method"] == "get"
    # Every field has a visible label bound to it.
    for field in form.select("select, input"):
        assert form.find("label", attrs={"for": field["id"]}).get_text(strip=True)
    municipality = Municipality.objects.get(name="Kelč")
    options = {o["value"]: o.get_text() for o in form.select("select[name=obec] option")}
    assert options[municipality.code] == "Kelč"
    # Action two: send the form as a browser would, with the other fields left empty.
    query = urlencode({"obec": municipality.code, "skupina": "", "q": ""})
    listing = BeautifulSoup(client.get(f"{form['action']}?{query}").content, "html.parser")
    names = {a.get_text(strip=True) for a in listing.select(".service-card h3 a")}
    assert names
    elsewhere = set(Service.objects.exclude(service_areas=municipality)
                    .values_list("name", flat=True))
    assert not names & elsewhere


def test_open_consultation_block_follows_the_drafts_without_editing_the_home(client, demo):
    draft = next(d for d in PlanDraftPage.objects.live() if d.accepts_comments())
    block = home_html(client).find("section", class_="route--consultation")
    assert block.find("a", href=draft.url) is not None
    assert "zbývá" in block.get_text()
    # The period ended by an editor (tests/site/test_fragments.py: by the clock).
    draft.comment_period_end = timezone.now() - dt.timedelta(minutes=1)
    draft.save_revision().publish()
    assert home_html(client).find("section", class_="route--consultation") is None


def test_home_shows_meetings_plan_and_news_blocks(client, demo):
    html = home_html(client)
    events = html.find("section", class_="route--events")
    times = [t["datetime"] for t in events.select("time")]
    assert times and times == sorted(times)
    assert all(t >= timezone.now().isoformat()[:10] for t in times)
    plan = html.find("section", class_="route--plan")
    assert "Akční plán" in plan.get_text() and "Komunitní plán" in plan.get_text()
    assert len(html.find("section", class_="route--news").select(".card")) == 3


def test_load_demo_keeps_an_editors_routes(settings, demo):
    home = HomePage.objects.get(depth=2)
    home.routes = [("latest_news", {"heading": "Novinky", "count": 2})]
    home.save_revision().publish()
    settings.DEBUG = True
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    home.refresh_from_db()
    assert [block.block_type for block in home.routes] == ["latest_news"]


def test_header_shows_the_crest_from_site_settings_as_decoration(client, demo):
    crest = home_html(client).select_one("header .site-name img.site-name__crest")
    assert crest is not None and crest["alt"] == ""
    assert "Mikroregionu" in home_html(client).select_one("header .site-name").get_text()
