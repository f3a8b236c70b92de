"""A plan draft is kept rendered for anonymous readers (kp_consultation/kept.py): each reader
gets the same page with their own CSRF token and a fresh token in every form, every change that
shows on the page shows at once, the countdown follows the clock, and nobody who could see
something of their own (a session, a preview, a query, a logged-in editor) gets the kept copy."""

import datetime as dt
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction

from kp_consultation import kept
from kp_consultation.models import Comment, Status
from kp_consultation.submission import read_form_token
from kp_plans.models import PlanDraftPage
from kp_plans.models.drafts import remaining_text
from tests.factories.consultation import CommentFactory, open_period
from tests.factories.plans import PlanDraftPageFactory, section
from tests.factories.site import TextPageFactory

pytestmark = pytest.mark.django_db

TOKENS = re.compile(r'name="(csrfmiddlewaretoken|form_token)" value="([^"]*)"')


@pytest.fixture(autouse=True)
def keeping_on(settings):
    settings.KP_CONSULTATION_CACHE_SECONDS = 60
    settings.KP_CONSULTATION_MIN_FILL_SECONDS = 0
    cache.clear()


def read(client, page, url=None, **extra):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url or page.url, **extra)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<kpc-hole" not in html
    return html, [q["sql"] for q in queries]


def without_tokens(html):
    return TOKENS.sub(lambda m: f'name="{m.group(1)}" value=""', html)


def comment_queries(queries):
    return [q for q in queries if "kp_consultation_comment" in q]


def test_readers_get_the_kept_page_with_tokens_of_their_own(tree):
    draft = tree["draft"]
    first_reader, second_reader = Client(enforce_csrf_checks=True), Client(
        enforce_csrf_checks=True)
    first, first_queries = read(first_reader, draft)
    second, second_queries = read(second_reader, draft)
    assert without_tokens(second) == without_tokens(first)
    # The kept copy: no comment is read again, and far fewer queries.
    assert comment_queries(first_queries) and not comment_queries(second_queries)
    assert len(second_queries) < len(first_queries)
    tokens = TOKENS.findall(second)
    form_tokens = [value for name, value in tokens if name == "form_token"]
    csrf = {value for name, value in tokens if name == "csrfmiddlewaretoken"}
    assert len(form_tokens) == len(draft.sections) + 1  # each section and the whole draft
    assert len(set(form_tokens)) == len(form_tokens)
    assert not set(form_tokens) & {v for n, v in TOKENS.findall(first) if n == "form_token"}
    for token in form_tokens:
        read_form_token(token)  # signed and fresh, or this raises
    assert len(csrf) == 1 and csrf.isdisjoint(
        {v for n, v in TOKENS.findall(first) if n == "csrfmiddlewaretoken"})
    # The second reader's tokens are theirs: their comment passes Django's CSRF check.
    anchor = draft.sections[1]["anchor"]
    response = second_reader.post(f"/konzultace/{draft.pk}/pripominka/", {
        "csrfmiddlewaretoken": csrf.pop(), "form_token": form_tokens[1], "section": anchor,
        "origin": anchor, "text": "Chybí odlehčovací služba v Kelči.", "role": "public",
        "website": ""}, REMOTE_ADDR="10.0.0.7")
    assert response.status_code == 302
    assert Comment.objects.get(page=draft).text == "Chybí odlehčovací služba v Kelči."


def test_what_changes_on_the_page_shows_at_once(client, tree, home_page):
    draft = tree["draft"]
    read(client, draft)
    anchor = draft.sections[0]["anchor"]
    CommentFactory(page=draft, section=anchor, status=Status.PUBLISHED,
                   text="Zveřejněná připomínka k úvodu")
    assert "Zveřejněná připomínka k úvodu" in read(client, draft)[0]
    draft.intro = "Nový úvod návrhu"
    draft.save_revision().publish()
    assert "Nový úvod návrhu" in read(client, draft)[0]
    # Another page in the menu: the header of the kept page follows.
    TextPageFactory(parent=home_page, title="Nová položka menu", slug="nova", show_in_menus=True)
    assert "Nová položka menu" in read(client, draft)[0]


def test_a_comment_awaiting_moderation_updates_the_count_and_keeps_the_lists(client, tree):
    # The draft pre-moderates. A new comment drops the kept page (it shows how many await
    # moderation), and the page is put together again from the kept comment lists.
    draft = tree["draft"]
    anchor = draft.sections[0]["anchor"]
    CommentFactory(page=draft, section=anchor, status=Status.PUBLISHED, text="Zveřejněná")
    read(client, draft)
    assert comment_queries(read(client, draft)[1]) == []  # the kept page
    CommentFactory(page=draft, section=anchor, status=Status.PENDING, text="Čeká na schválení")
    html, queries = read(client, draft)
    assert "<dt>Čeká na schválení</dt><dd>1</dd>" in html and "Zveřejněná" in html
    # The count of those awaiting moderation, and none of the draft's lists read again.
    own = f'"kp_consultation_comment"."page_id" = {draft.pk}'
    assert [q for q in comment_queries(queries) if own in q and "COUNT(*)" not in q.upper()] == []
    assert [q for q in comment_queries(queries) if own in q]  # the count
    assert comment_queries(read(client, draft)[1]) == []  # kept again


def test_a_paragraph_to_comment_on_has_a_kept_page_of_its_own(client, tree):
    # "Comment on paragraph 1.2" links (?odstavec=) are kept per paragraph of the page, with
    # that paragraph chosen in its section's form; any other query string renders afresh.
    draft = PlanDraftPageFactory(
        parent=tree["plan"], slug="navrh-odstavce", version_label="2.1", **open_period(),
        body=[section("Úvod", "<p>První odstavec úvodu.</p><p>Druhý odstavec úvodu.</p>")])
    first, second = kept.paragraph_anchors(draft)
    url = f"{draft.url}?odstavec={first}"
    fresh = read(client, draft, url)[0]
    assert f'<option value="{first}" selected>' in fresh
    # A write no cache is told about tells the kept copy from a fresh page.
    PlanDraftPage.objects.filter(pk=draft.pk).update(intro="Tiše změněný úvod")
    html, queries = read(client, draft, url)
    assert comment_queries(queries) == [] and without_tokens(html) == without_tokens(fresh)
    other = read(client, draft, f"{draft.url}?odstavec={second}")[0]
    assert f'<option value="{second}" selected>' in other and "Tiše změněný úvod" in other
    for query in (f"odstavec={first}&x=1", "odstavec=neni-odstavec",
                  f"odstavec={first}&odstavec={second}", f"x={first}"):
        assert "Tiše změněný úvod" in read(client, draft, f"{draft.url}?{query}")[0], query


def test_a_working_group_idea_shows_on_the_next_draft_at_once(client, tree):
    now = timezone.now()
    group = tree["group"]
    group.ideas_open = True
    group.save_revision().publish()
    upcoming = PlanDraftPageFactory(parent=tree["plan"], slug="navrh-3", version_label="3.0",
                                    comment_period_start=now + dt.timedelta(days=40),
                                    comment_period_end=now + dt.timedelta(days=70),
                                    body=[section("Úvod")])
    assert "Podnět ke svozu seniorů" not in read(client, upcoming)[0]
    CommentFactory(page=group, section="", status=Status.PUBLISHED,
                   text="Podnět ke svozu seniorů")
    assert "Podnět ke svozu seniorů" in read(client, upcoming)[0]


def test_the_countdown_is_kept_only_until_it_reads_differently(client, tree, clock):
    draft = tree["draft"]
    draft.comment_period_end = timezone.now() + dt.timedelta(hours=2, minutes=30)
    draft.save_revision().publish()
    html = read(client, draft)[0]
    assert remaining_text(draft.comment_period_end - timezone.now(), left=True) in html
    clock.move_to(timezone.now() + dt.timedelta(minutes=31))
    later = remaining_text(draft.comment_period_end - timezone.now(), left=True)
    assert later not in html and later in read(client, draft)[0]
    # Closed: no form is offered any more.
    clock.move_to(draft.comment_period_end + dt.timedelta(seconds=1))
    assert 'name="form_token"' not in read(client, draft)[0]


def test_nobody_with_something_of_their_own_gets_the_kept_copy(client, tree, admin_user):
    draft = tree["draft"]
    read(client, draft)
    # A write no cache is told about tells who got the kept copy and who a fresh page.
    PlanDraftPage.objects.filter(pk=draft.pk).update(intro="Tiše změněný úvod")
    assert "Tiše změněný úvod" not in read(client, draft)[0]
    assert "Tiše změněný úvod" in read(client, draft, draft.url + "?odstavec=x")[0]
    session_client = Client()
    session_client.cookies["sessionid"] = "abc"
    assert "Tiše změněný úvod" in read(session_client, draft)[0]
    editor = Client()
    editor.force_login(admin_user)
    assert "Tiše změněný úvod" in read(editor, draft)[0]
    # A reader with another cookie (the text size) gets a copy of their own.
    large = Client()
    large.cookies["kp_font_size"] = "large"
    assert "Tiše změněný úvod" in read(large, draft)[0]
    # And nothing they saw was kept for the others.
    assert "Tiše změněný úvod" not in read(client, draft)[0]


def test_text_that_looks_like_a_hole_is_never_filled(client, tree):
    draft = tree["draft"]
    anchor = draft.sections[0]["anchor"]
    CommentFactory(page=draft, section=anchor, status=Status.PUBLISHED,
                   text="<kpc-hole:csrf> a <kpc-hole:form-token>")
    for _ in range(2):
        html = read(client, draft)[0]
        assert "&lt;kpc-hole:csrf&gt; a &lt;kpc-hole:form-token&gt;" in html
        assert html.count('name="form_token"') == len(TOKENS.findall(html)) // 2


def test_a_render_that_asks_for_the_csrf_token_is_not_kept(rf, tree):
    draft = tree["draft"]
    renders = []

    def render_with(body):
        def render():
            renders.append(1)
            return HttpResponse(body(request))
        return render

    for body in (lambda r: "plain", lambda r: f"token {get_token(r)}"):
        renders.clear()
        for _ in range(2):
            request = rf.get(draft.url)
            request.user = AnonymousUser()
            # pages: a key of its own for each kind of render
            response = kept.serve(request, draft, render_with(body),
                                  pages=lambda body=body: [id(body)])
            assert response.status_code == 200
        assert len(renders) == (1 if "plain" in str(response.content) else 2)


def test_the_kept_page_is_served_before_routing_until_the_page_changes(client, tree):
    draft = tree["draft"]
    first = read(client, draft)[0]
    again, queries = read(client, draft)
    assert queries == [] and without_tokens(again) == without_tokens(first)
    # A password on the plan: the next anonymous reader gets Wagtail's password form.
    PageViewRestriction.objects.create(page=tree["plan"], restriction_type="password",
                                       password="tajne")
    html = client.get(draft.url).content.decode()
    assert 'name="password"' in html and "Chybí odlehčovací služba" not in html
    PageViewRestriction.objects.all().delete()
    read(client, draft)
    assert read(client, draft)[1] == []
    # Unpublished: gone at once, though the kept page has not expired.
    draft.unpublish()
    assert client.get(draft.url).status_code == 404
    # Another page at the address the kept page was learned for is never confused with it.
    kept._known.clear()
    assert client.get(draft.url).status_code == 404
