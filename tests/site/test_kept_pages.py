"""The home page kept whole for anonymous readers (kpsite/base/kept.py): the next reader gets
the same answer without a query and before routing, and nothing one reader should not see, or
should no longer see, is ever served from it."""

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.documents import get_document_model

from kp_catalogue.models import Municipality
from kp_plans.models import PlanDraftPage
from kp_plans.models.drafts import remaining_text, remaining_text_changes_in
from kpsite.base import kept
from kpsite.home.models import HomePage
from tests.factories.site import TextPageFactory

pytestmark = pytest.mark.django_db


def get(client, url="/", **extra):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **extra)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def renders(monkeypatch):
    """Counts the renders of the home page: an answer that adds none was kept."""
    counted = []
    real = HomePage.get_context

    def counting(self, request, *args, **kwargs):
        counted.append(request.path)
        return real(self, request, *args, **kwargs)

    monkeypatch.setattr(HomePage, "get_context", counting)
    return counted


def not_rendered(monkeypatch):
    """Makes any render of the home page fail: what answers now was kept."""

    def fail(*args, **kwargs):
        raise AssertionError("the home page was rendered")

    monkeypatch.setattr(HomePage, "get_context", fail)


def test_the_next_reader_gets_the_same_page_before_routing_without_a_query(
        client, demo_db, monkeypatch):
    first, first_queries = get(client)
    assert first_queries > 0
    not_rendered(monkeypatch)
    again, again_queries = get(client)
    assert again == first
    assert again_queries == 0
    head = client.head("/")
    assert head.status_code == 200 and head["Content-Type"].startswith("text/html")


def test_a_page_another_process_kept_is_served_by_the_page_itself(client, demo_db, monkeypatch):
    first, _ = get(client)
    # A process that has not kept the page yet routes the request; the page finds the answer.
    kept._known.clear()
    not_rendered(monkeypatch)
    assert get(client)[0] == first
    assert kept._known


def test_a_publish_a_term_and_a_document_show_at_once(client, demo_db):
    get(client)
    TextPageFactory(parent=HomePage.objects.get(depth=2), title="Pro seniory",
                    show_in_menus=True)
    html, _ = get(client)
    assert BeautifulSoup(html, "html.parser").select_one(".main-nav").find(
        "a", string="Pro seniory")
    municipality = Municipality.objects.order_by("name").first()
    municipality.name = "Kelč-Němetice"
    municipality.save()
    html, _ = get(client)
    assert BeautifulSoup(html, "html.parser").select_one(".route--help").find(
        "option", string="Kelč-Němetice")
    home = HomePage.objects.get(depth=2)
    document = get_document_model().objects.create(title="Zápis z jednání", file="zapis.pdf")
    home.body = [("document", {"document": document, "title": ""})]
    home.save_revision().publish()
    assert "Zápis z jednání" in get(client)[0]
    document.title = "Zápis z 3. jednání"
    document.save()
    assert "Zápis z 3. jednání" in get(client)[0]


def test_a_countdown_from_a_kept_part_still_ends_the_kept_page(client, demo_db, clock,
                                                               settings):
    # Lifetimes longer than any countdown step: only the parts' own end can end the page.
    settings.KPSITE_KEPT_PAGE_SECONDS = settings.KPSITE_FRAGMENT_CACHE_SECONDS = 90 * 24 * 3600
    draft = next(d for d in PlanDraftPage.objects.live() if d.accepts_comments())
    # A query string is never kept whole, but it keeps the parts: the open consultation with
    # the moment its countdown changes.
    get(client, "/?odkud=letak")
    first = remaining_text(draft.comment_period_end - timezone.now(), left=True)
    # Kept whole now from the kept part, which must tell the page when it reads differently.
    html, _ = get(client)
    assert first in html
    clock.move_to(timezone.now() + dt.timedelta(seconds=remaining_text_changes_in(
        draft.comment_period_end - timezone.now()) + 1))
    later = remaining_text(draft.comment_period_end - timezone.now(), left=True)
    assert later != first
    block = BeautifulSoup(get(client)[0], "html.parser").select_one(".route--consultation")
    assert later in block.get_text()


def test_readers_with_a_login_a_session_or_a_query_are_never_served_the_kept_page(
        client, demo_db, admin_user, monkeypatch):
    get(client)
    counted = renders(monkeypatch)
    editor = Client()
    editor.force_login(admin_user)
    get(editor)
    get(editor)
    assert len(counted) == 2
    # Nor did an editor's page replace the public one.
    get(client)
    assert len(counted) == 2
    # A session of any kind renders afresh.
    client.cookies["sessionid"] = "abc"
    get(client)
    assert len(counted) == 3
    del client.cookies["sessionid"]
    # So does any query string, each time.
    get(client, "/?utm_source=letak")
    get(client, "/?utm_source=letak")
    assert len(counted) == 5


def test_each_text_size_is_kept_apart(client, demo_db):
    get(client)
    client.cookies["kp_font_size"] = "large"
    html = BeautifulSoup(get(client)[0], "html.parser")
    assert html.select_one('.font-size a[aria-current="true"]')["data-font-size"] == "large"
    del client.cookies["kp_font_size"]
    html = BeautifulSoup(get(client)[0], "html.parser")
    assert html.select_one('.font-size a[aria-current="true"]')["data-font-size"] == "normal"


def test_another_host_gets_its_own_site(client, home_page, settings):
    other = TextPageFactory(parent=home_page, title="Druhý web")
    from wagtail.models import Site

    Site.objects.create(hostname="kelc.example", port=80, root_page=other, site_name="Kelč")
    local = get(client)[0]
    elsewhere = get(client, HTTP_HOST="kelc.example")[0]
    assert "Druhý web" in elsewhere and elsewhere != local
    assert get(client)[0] == local


def test_an_answer_with_a_cookie_is_not_kept(client, home_page, monkeypatch):
    from wagtail.models import Page

    def serve(self, request, *args, **kwargs):
        def render():
            response = Page.serve(self, request)
            response.set_cookie("kp_reader", "only-mine")
            return response

        return kept.serve(request, render)

    monkeypatch.setattr(HomePage, "serve", serve)
    counted = renders(monkeypatch)
    for _ in range(2):
        assert client.get("/").cookies["kp_reader"].value == "only-mine"
    assert len(counted) == 2


def test_a_release_with_other_templates_is_shown_at_once(client, demo_db, monkeypatch):
    first, _ = get(client)
    counted = renders(monkeypatch)
    monkeypatch.setitem(kept._templates, "version", "another-release")
    assert get(client)[0] == first
    assert len(counted) == 1


def test_templates_version_changes_with_a_template(settings, tmp_path):
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "x.html").write_text("A")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [folder]}]
    kept._templates.clear()
    before = kept.templates_version()
    (folder / "x.html").write_text("B")
    kept._templates.clear()
    assert kept.templates_version() != before
    kept._templates.clear()


def test_off_when_its_setting_is_zero(client, demo_db, settings, monkeypatch):
    settings.KPSITE_KEPT_PAGE_SECONDS = 0
    counted = renders(monkeypatch)
    get(client)
    get(client)
    assert len(counted) == 2
