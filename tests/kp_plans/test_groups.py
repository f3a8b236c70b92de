"""Working groups: public facts only, meetings, SWOT, the iCal feed."""

import datetime as dt

import icalendar
import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

pytestmark = pytest.mark.django_db

PRIVATE = [b"manazerka.tajna@example.cz", b"601 999 888", b"petr.tajny@example.cz",
           b"777 555 444"]


def test_group_page_shows_members_meetings_and_swot(client, tree):
    html = BeautifulSoup(client.get(tree["group"].url).content, "html.parser")
    text = html.get_text(" ", strip=True)
    assert "Jana Nováková" in text  # the manager's name is public
    member_row = html.select_one("section[aria-labelledby=clenove] tbody tr")
    assert member_row.get_text(" ", strip=True) == "Petr Svoboda poskytovatel Charita"
    upcoming = html.select_one("section[aria-labelledby=schuzky]").get_text()
    assert "Plán na rok 2013" in upcoming
    past = html.select_one("section[aria-labelledby=probehle]").get_text(" ", strip=True)
    assert "Zápis ze schůzky" in past and "přítomno 12" in past
    swot = html.select_one(".swot")
    assert [h.get_text() for h in swot.find_all("h3")] == [
        "Silné stránky", "Slabé stránky", "Příležitosti", "Hrozby"]
    assert [li.get_text() for li in swot.find_all("ul")[0].find_all("li")] == [
        "Síť služeb", "Spolupráce obcí"]


def test_contacts_never_reach_html_api_or_ical(client, tree):
    group = tree["group"]
    urls = [group.url, group.url + "kalendar/", tree["groups_index"].url,
            tree["groups_index"].url + "kalendar/", f"/api/v3/pages/{group.pk}/",
            "/api/v3/pages/?type=kp_plans.WorkingGroupPage", "/api/v3/openapi.json"]
    for url in urls:
        content = client.get(url).content
        for secret in PRIVATE:
            assert secret not in content, (url, secret)
    schema = client.get("/api/v3/openapi.json").json()["components"]["schemas"]
    assert set(schema["GroupMemberSchema"]["properties"]) == {
        "meta", "id", "name", "organisation", "triad_role"}
    assert "manager_email" not in schema["WorkingGroupPageSchema"]["properties"]
    assert "manager_phone" not in schema["WorkingGroupPageSchema"]["properties"]


def test_ical_feed_parses_and_lists_meetings(client, tree):
    response = client.get(tree["group"].url + "kalendar/")
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    assert len(events) == 2
    summaries = {str(event["SUMMARY"]) for event in events}
    assert summaries == {"Schůzka: Senioři"}
    starts = sorted(event.decoded("DTSTART") for event in events)
    meetings = sorted(m.start for m in tree["group"].meetings.all())
    assert [s.timestamp() for s in starts] == [m.replace(microsecond=0).timestamp()
                                              for m in meetings]
    assert all(str(event["UID"]).endswith("@testserver") for event in events)
    assert len({str(event["UID"]) for event in events}) == 2


def test_index_lists_groups_upcoming_meetings_and_a_feed(client, tree):
    html = BeautifulSoup(client.get(tree["groups_index"].url).content, "html.parser")
    assert [a.get_text() for a in html.select(".card__title a")] == ["Senioři"]
    assert html.find("link", rel="alternate", type="text/calendar")
    feed = icalendar.Calendar.from_ical(client.get(tree["groups_index"].url + "kalendar/").content)
    assert len(feed.walk("VEVENT")) == 2


def test_unpublished_group_feed_is_404(client, tree):
    feed = tree["group"].url + "kalendar/"
    assert client.get(feed).status_code == 200
    tree["group"].unpublish()
    assert client.get(feed).status_code == 404


def test_group_api_has_swot_members_and_meetings(client, tree):
    data = client.get(f"/api/v3/pages/{tree['group'].pk}/").json()
    assert data["swot"]["threats"] == ["Stárnutí populace"]
    assert data["members"] == [{"meta": {"type": "kp_plans.GroupMember"}, "id": data["members"][0]["id"],
                                "name": "Petr Svoboda", "organisation": "Charita",
                                "triad_role": "provider"}]
    assert {m["attendance"] for m in data["meetings"]} == {None, 12}
    assert data["manager_name"] == "Jana Nováková"


def test_meeting_cannot_end_before_it_starts(tree):
    from django.core.exceptions import ValidationError

    meeting = tree["group"].meetings.first()
    meeting.end = meeting.start - dt.timedelta(hours=1)
    with pytest.raises(ValidationError):
        meeting.full_clean()


def test_group_page_queries_do_not_grow_with_meetings_and_documents(client, tree, settings,
                                                                    tmp_path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from wagtail_factories import DocumentFactory

    from kp_plans.models import GroupDocument
    from tests.factories.plans import GroupMemberFactory, MeetingFactory, WorkingGroupPageFactory

    settings.MEDIA_ROOT = tmp_path

    def group_with(count, slug):
        group = WorkingGroupPageFactory(parent=tree["groups_index"], slug=slug)
        for n in range(count):
            MeetingFactory(page=group, start=timezone.now() - dt.timedelta(days=n + 1),
                           minutes_document=DocumentFactory(title=f"Zápis {n}"), attendance=n)
            GroupMemberFactory(page=group)
            GroupDocument.objects.create(page=group, document=DocumentFactory(title=f"Dok {n}"))
        return group

    def count(url):
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context.captured_queries)

    small, big = group_with(5, "mala"), group_with(50, "velka")
    # Warm both: each page's header and breadcrumbs are kept on its first view.
    count(small.url), count(big.url)
    assert count(small.url) == count(big.url)


def test_meetings_of_a_non_public_group_stay_private(client, tree):
    from kp_plans.models import WorkingGroupPage
    from tests.factories.plans import MeetingFactory, WorkingGroupPageFactory

    steering = WorkingGroupPageFactory(parent=tree["groups_index"], slug="ridici-skupina",
                                       kind="steering_group", meetings_public=False)
    MeetingFactory(page=steering, agenda="Neveřejný program", place="Tajná místnost")
    steering = WorkingGroupPage.objects.get(pk=steering.pk)
    html = client.get(steering.url).content.decode()
    assert "Jednání této skupiny nejsou veřejná." in html
    for url in [steering.url, steering.url + "kalendar/", tree["groups_index"].url,
                tree["groups_index"].url + "kalendar/", f"/api/v3/pages/{steering.pk}/"]:
        content = client.get(url).content.decode()
        assert "Neveřejný program" not in content and "Tajná místnost" not in content, url
    assert client.get(f"/api/v3/pages/{steering.pk}/").json()["meetings"] == []
    public = client.get(f"/api/v3/pages/{tree['group'].pk}/").json()["meetings"]
    assert len(public) == 2 and {"agenda", "minutes_document", "attendance"} <= set(public[0])
