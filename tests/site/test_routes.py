"""A request routes to its page from the addresses each process keeps
(``navigation.KnownRoutesMixin``): always to what Wagtail's own routing finds, level by level,
including sub-URLs of routable pages, pages below a draft and pages no longer live, with one
query for the page instead of two per level, and never past a view restriction."""

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction

from tests.factories.consultation import open_period
from tests.factories.plans import (
    CommunityPlanPageFactory,
    PlanDraftPageFactory,
    PlanningSectionPageFactory,
)
from tests.factories.site import NewsIndexPageFactory, NewsPageFactory, TextPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree(home_page):
    """A plan draft three levels down (a page of the plugin), as on the VM+K site."""
    section = PlanningSectionPageFactory(parent=home_page)
    plan = CommunityPlanPageFactory(parent=section, slug="plan")
    draft = PlanDraftPageFactory(parent=plan, slug="navrh", **open_period())
    return {"section": section, "plan": plan, "draft": draft}


def outcome(route, request, components):
    try:
        page, args, kwargs = route(request, components)
    except Http404:
        return "404"
    view = args[0].__func__.__name__ if args else None
    return (page.pk, type(page).__name__, view, args[1:] if args else (), kwargs)


@pytest.fixture
def odd_tree(home_page):
    """Pages where routing level by level has choices: a draft parent with a live child, a
    page no longer live, and a routable page with a child page named like its sub-URL."""
    draft_parent = TextPageFactory(parent=home_page, title="Rozpracováno", slug="rozpracovano")
    draft_parent.unpublish()
    TextPageFactory(parent=draft_parent, title="Živé dítě", slug="zive-dite")
    gone = TextPageFactory(parent=home_page, title="Staženo", slug="stazeno")
    gone.unpublish()
    news = NewsIndexPageFactory(parent=home_page)
    NewsPageFactory(parent=news, title="Jako RSS", slug="rss")
    NewsPageFactory(parent=news, title="Zpráva", slug="zprava")
    return news


def test_every_address_routes_where_wagtail_routes_it(rf, tree, odd_tree, home_page):
    home = home_page.specific
    draft = tree["draft"]
    anchor = draft.sections[0]["anchor"]
    paths = {tuple(c for c in page.url_path.split("/")[2:] if c)
             for page in Page.objects.descendant_of(home_page)}
    draft_path = tuple(c for c in draft.url_path.split("/")[2:] if c)
    paths |= {draft_path + extra for extra in (
        ("pripominky", anchor), ("pripominky", "cely-dokument"), ("porovnani",),
        ("zmeny-z-pripominek",), ("tiskovy-balik",), ("neexistuje",), ("pripominky",))}
    paths |= {("aktuality", "rss"), ("aktuality", "zprava"), ("aktuality", "nic"),
              ("rozpracovano",), ("rozpracovano", "zive-dite"), ("stazeno",), ("nic",),
              ("stazeno", "nic")}
    answers = {}
    for components in sorted(paths):
        request = rf.get("/" + "/".join(components) + "/")
        ours = outcome(home.route, request, list(components))
        wagtails = outcome(lambda r, c: Page.route(home, r, c), request, list(components))
        assert ours == wagtails, components
        answers[components] = ours
    # The choices above were really made: a sub-URL before a child of the same name, a live
    # child of a draft, and the pages that are not live.
    assert answers[("aktuality", "rss")][2] == "rss"
    assert answers[("aktuality", "zprava")][1] == "NewsPage"
    assert answers[("rozpracovano", "zive-dite")][1] == "TextPage"
    assert answers[("rozpracovano",)] == answers[("stazeno",)] == "404"
    assert answers[draft_path + ("pripominky", anchor)][2] == "section_comments_view"


def test_a_page_three_levels_down_is_found_with_one_query(client, tree):
    draft = tree["draft"]
    client.get(draft.url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(draft.url).status_code == 200
    page_queries = [q["sql"] for q in queries
                    if 'FROM "wagtailcore_page"' in q["sql"] and '"slug" =' in q["sql"]]
    assert page_queries == []  # no look-up of a child by its slug, level by level


def test_moves_renames_and_unpublishing_show_at_once(client, home_page):
    page = TextPageFactory(parent=home_page, title="O nás", slug="o-nas")
    assert client.get("/o-nas/").status_code == 200
    page.slug = "o-mikroregionu"
    page.save_revision().publish()
    assert client.get("/o-nas/").status_code == 404
    assert client.get("/o-mikroregionu/").status_code == 200
    other = TextPageFactory(parent=home_page, title="Obce", slug="obce")
    page.move(other, pos="last-child")
    # The old address is Wagtail's redirect to the new one now, not the page.
    moved = client.get("/o-mikroregionu/")
    assert moved.status_code == 301 and moved["Location"] == "/obce/o-mikroregionu/"
    assert client.get("/obce/o-mikroregionu/").status_code == 200
    page.refresh_from_db()
    page.unpublish()
    assert client.get("/obce/o-mikroregionu/").status_code == 404


def test_a_restricted_plugin_page_still_asks_for_its_password(client, tree):
    draft = tree["draft"]
    client.get(draft.url)  # the routes and the (empty) restrictions are known
    PageViewRestriction.objects.create(page=tree["plan"], restriction_type="password",
                                       password="tajne")
    for url in (draft.url, draft.url + "porovnani/", draft.url + "pripominky/cely-dokument/"):
        response = client.get(url)
        assert response.status_code == 200
        html = response.content.decode()
        assert 'name="password"' in html and draft.sections[0]["title"] not in html
