"""The parts of pages kept rendered (kpsite/base/fragments.py): the header, breadcrumbs, footer
and site name of every page, and the home page's routes. Each is served from the cache to the
next visitor, and every change that shows in it shows at once; the parts that follow the clock
(the open consultation and its countdown, the next meetings) are kept only until they would
read differently."""

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kp_catalogue.models import LifeSituation, Municipality
from kp_plans.models import EventPage, PlanDraftPage
from kp_plans.models.drafts import remaining_text, remaining_text_changes_in
from kpsite.base.models import SiteSettings
from kpsite.home.models import HomePage
from tests.factories.site import TextPageFactory

pytestmark = pytest.mark.django_db


def soup(client, url="/"):
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def served(client, url="/"):
    with CaptureQueriesContext(connection) as queries:
        html = client.get(url).content.decode()
    return html, len(queries)


def test_a_page_is_the_same_from_the_kept_parts_with_fewer_queries(client, demo_db):
    first, first_queries = served(client)
    again, again_queries = served(client)
    assert again == first
    assert again_queries < first_queries
    catalogue = soup(client).find("section", class_="route--help").find("form")["action"]
    first, first_queries = served(client, catalogue)
    again, again_queries = served(client, catalogue)
    assert again == first and again_queries < first_queries


def test_changes_to_the_header_breadcrumbs_and_footer_show_at_once(client, home_page):
    section = TextPageFactory(parent=home_page, title="O nás", show_in_menus=True)
    child = TextPageFactory(parent=section, title="Historie")
    html = soup(client, child.url)
    assert html.select_one(".breadcrumbs").find("a", string="O nás")
    section.title = "O mikroregionu"
    section.save_revision().publish()
    html = soup(client, child.url)
    assert html.select_one(".main-nav").find("a", string="O mikroregionu")
    assert html.select_one(".breadcrumbs").find("a", string="O mikroregionu")
    settings_ = SiteSettings.for_site(home_page.get_site())
    settings_.organisation_name = "Svazek obcí Kelečsko"
    settings_.address = "Masarykova 1, Kelč"
    settings_.save()
    html = soup(client, child.url)
    assert html.title.get_text().endswith("– Svazek obcí Kelečsko")
    assert "Masarykova 1, Kelč" in html.select_one(".site-footer").get_text()
    assert "Svazek obcí Kelečsko" in html.select_one(".site-name").get_text()


def test_the_text_size_links_return_to_each_requests_own_address(client, home_page):
    page = TextPageFactory(parent=home_page, title="O nás")
    for query in ("", "?a=1&b=<x>", "?strana=2"):
        html = soup(client, page.url + query)
        links = html.select(".font-size a")
        assert links
        expected = (page.url + query).replace("<", "%3C").replace(">", "%3E")
        for link in links:
            assert parse_qs(urlsplit(link["href"]).query)["next"] == [expected]
    # The chosen size is marked in each kept header (the header is kept per size).
    client.cookies["kp_font_size"] = "large"
    assert soup(client, page.url).select_one('.font-size a[aria-current="true"]')[
        "data-font-size"] == "large"
    client.cookies["kp_font_size"] = "small"
    assert soup(client, page.url).select_one('.font-size a[aria-current="true"]')[
        "data-font-size"] == "small"


def test_a_preview_neither_reads_nor_leaves_kept_parts(client, home_page):
    page = TextPageFactory(parent=home_page, title="O nás", show_in_menus=True)
    assert soup(client, page.url).select_one(".main-nav").find("a", string="O nás")
    page.title = "Neschválený název"
    page.save_revision()
    draft = page.get_latest_revision_as_object()
    preview = draft.make_preview_request().render().content.decode()
    # The preview's breadcrumbs show the draft, not the kept public ones...
    assert "Neschválený název" in BeautifulSoup(preview, "html.parser").select_one(
        "title").get_text()
    # ... and nothing of the draft reaches the public parts.
    public = soup(client, page.url)
    assert "Neschválený název" not in str(public)
    assert public.select_one(".main-nav").find("a", string="O nás")


def test_home_routes_show_new_pages_and_terms_at_once(client, demo_db):
    home = HomePage.objects.get(depth=2)
    soup(client)
    event = EventPage.objects.live().first()
    event.title = "Setkání poskytovatelů v Kelči"
    event.start = timezone.now() + dt.timedelta(hours=2)
    event.end = event.start + dt.timedelta(hours=2)
    event.save_revision().publish()
    html = soup(client)
    assert html.select_one(".route--events").find("a", string="Setkání poskytovatelů v Kelči")
    situation = LifeSituation.objects.first()
    situation.title = "Potřebuji pomoc s nákupem"
    situation.save()
    assert soup(client).select_one(".route--help").find("a", string="Potřebuji pomoc s nákupem")
    municipality = Municipality.objects.order_by("name").first()
    municipality.name = "Kelč-Němetice"
    municipality.save()
    assert soup(client).select_one(".route--help").find("option", string="Kelč-Němetice")
    # An editor's new heading is another value: kept apart.
    home.routes = [(block.block_type, {**block.value, "heading": "Pomoc"}
                    if block.block_type == "help_finder" else block.value)
                   for block in home.routes]
    home.save_revision().publish()
    assert soup(client).select_one(".route--help h2").get_text() == "Pomoc"


def test_the_open_consultation_is_kept_only_until_it_reads_differently(client, demo_db, clock):
    draft = next(d for d in PlanDraftPage.objects.live() if d.accepts_comments())
    block = soup(client).select_one(".route--consultation")
    assert block.find("a", href=draft.url)
    first = remaining_text(draft.comment_period_end - timezone.now(), left=True)
    assert first in block.get_text()
    # The moment the countdown reads differently, the page does too.
    clock.move_to(timezone.now() + dt.timedelta(seconds=remaining_text_changes_in(
        draft.comment_period_end - timezone.now()) + 1))
    later = remaining_text(draft.comment_period_end - timezone.now(), left=True)
    assert later != first
    assert later in soup(client).select_one(".route--consultation").get_text()
    # A minute after the end, the draft has left the block.
    clock.move_to(draft.comment_period_end + dt.timedelta(minutes=1))
    block = soup(client).select_one(".route--consultation")
    assert block is None or block.find("a", href=draft.url) is None


def test_a_draft_opening_later_joins_the_block_when_it_opens(client, demo_db, clock):
    draft = next(d for d in PlanDraftPage.objects.live() if d.accepts_comments())
    start = timezone.now() + dt.timedelta(days=3)
    draft.comment_period_start, draft.comment_period_end = start, start + dt.timedelta(days=30)
    draft.save_revision().publish()
    assert draft.url not in str(soup(client).select_one(".route--consultation") or "")
    clock.move_to(start + dt.timedelta(seconds=1))
    assert soup(client).select_one(".route--consultation").find("a", href=draft.url)


def test_an_event_leaves_the_upcoming_list_when_it_starts(client, demo_db, clock):
    # Soon, so that the block is kept for less than its default lifetime.
    event = EventPage.objects.live().first()
    event.start = timezone.now() + dt.timedelta(hours=2)
    event.end = event.start + dt.timedelta(hours=2)
    event.save_revision().publish()
    items = soup(client).select(".route--events time")
    first = dt.datetime.fromisoformat(items[0]["datetime"])
    assert first == event.start
    clock.move_to(first + dt.timedelta(seconds=1))
    later = [dt.datetime.fromisoformat(t["datetime"])
             for t in soup(client).select(".route--events time")]
    assert first not in later
    assert all(start >= first for start in later)


@pytest.mark.parametrize("seconds", [
    5, 59, 60, 61, 119, 120, 3599, 3600, 3601, 7199, 7200, 86399, 86400, 86401, 5 * 86400 + 17,
    30 * 86400 - 1,
])
def test_remaining_text_changes_exactly_when_announced(seconds):
    delta = dt.timedelta(seconds=seconds)
    changes_in = dt.timedelta(seconds=remaining_text_changes_in(delta))
    # At a boundary itself the text changes the next instant.
    assert changes_in >= dt.timedelta()
    just_before = delta - changes_in + dt.timedelta(milliseconds=1)
    just_after = delta - changes_in - dt.timedelta(milliseconds=1)
    if changes_in:
        assert remaining_text(just_before, left=True) == remaining_text(delta, left=True)
    if just_after > dt.timedelta():
        assert remaining_text(just_after, left=True) != remaining_text(delta, left=True)


def test_the_kept_parts_of_a_page_are_read_in_one_round_trip(client, demo_db, cache_calls,
                                                            settings):
    from kpsite.base import fragments

    # The parts as a home page assembles them when it is not kept whole (kept.py: a query
    # string, a session, a publish since).
    settings.KPSITE_KEPT_PAGE_SECONDS = 0
    soup(client)  # kept
    reads = cache_calls(fragments)
    html = soup(client)
    # The home page's routes with the header, breadcrumbs, footer and site name: the view names
    # its routes (fragments.want), the template's first part reads them all.
    assert [method for method, _keys in reads] == ["get_many"]
    assert html.select_one(".route--help") and html.select_one(".site-footer")


def test_a_wanted_part_is_read_with_the_others_by_its_own_fetch(rf, cache_calls):
    # A template that shows no site part before the page's own (no prefetch) still reads all
    # the wanted parts in one round trip, at the first fetch of one of them.
    from django.core.cache import cache

    from kpsite.base import fragments

    request = rf.get("/")
    calls = cache_calls(fragments)
    cache.set(fragments.key("b", request, 2), "kept B")
    fragments.want(request, [("a", (1,)), ("b", (2,))])
    assert calls == []
    assert fragments.fetch("a", request, (1,), lambda: "new A") == "new A"
    assert fragments.fetch("b", request, (2,), lambda: "new B") == "kept B"
    assert fragments.fetch("c", request, (3,), lambda: "new C") == "new C"
    assert [name for name, _keys in calls] == ["get_many", "get"]
    assert len(calls[0][1]) == 2
