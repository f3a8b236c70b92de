"""Events and the event index: upcoming and past, detail, iCal."""

import icalendar
import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.django_db


def test_index_splits_upcoming_and_past(client, tree):
    html = BeautifulSoup(client.get(tree["events"].url).content, "html.parser")
    headings = [h.get_text() for h in html.find_all("h2")]
    assert headings.index("Nadcházející akce") < headings.index("Proběhlé akce")
    lists = html.select("ul.card-list")
    assert "den-socialnich-sluzeb" in str(lists[0]) and "minula" in str(lists[1])
    assert "Den sociálních služeb" in lists[0].get_text()


def test_event_detail_and_ical(client, tree):
    event = tree["event"]
    html = BeautifulSoup(client.get(event.url).content, "html.parser")
    assert "Náměstí" in html.select_one("dl.facts").get_text()
    calendar = icalendar.Calendar.from_ical(client.get(event.url + "kalendar/").content)
    (item,) = calendar.walk("VEVENT")
    assert str(item["SUMMARY"]) == event.title
    assert str(item["LOCATION"]) == "Náměstí"
    assert item.decoded("DTSTART").timestamp() == event.start.replace(microsecond=0).timestamp()


def test_index_feed_has_every_live_event(client, tree):
    calendar = icalendar.Calendar.from_ical(client.get(tree["events"].url + "kalendar/").content)
    assert len(calendar.walk("VEVENT")) == 2
    assert str(calendar["X-WR-CALNAME"]) == tree["events"].title


def test_event_api(client, tree):
    data = client.get(f"/api/v3/pages/{tree['event'].pk}/").json()
    assert data["kind"] == "services_day" and data["place"] == "Náměstí"
