"""A plan draft stays short however long its discussion: each section shows its count and the
newest few comments, the rest are on the section's own paginated page, and the form opens from a
"Připomínkovat tuto část" disclosure."""

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kp_consultation.models import Comment, Status
from kp_plans.models.drafts import COMMENTS_PER_PAGE, LATEST_COMMENTS
from tests.factories.consultation import CommentFactory
from tests.factories.plans import CommunityPlanPageFactory, PlanDraftPageFactory, section

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def instant_forms(settings):
    settings.KP_CONSULTATION_MIN_FILL_SECONDS = 0


@pytest.fixture
def draft(home_page):
    now = timezone.now()
    plan = CommunityPlanPageFactory(parent=home_page, slug="plan")
    return PlanDraftPageFactory(
        parent=plan, slug="navrh", version_label="2.0",
        comment_period_start=now - dt.timedelta(days=3),
        comment_period_end=now + dt.timedelta(days=20),
        body=[section("Úvod", "<p>Plán vznikl v roce 2011.</p>"),
              section("Senioři", "<p>Chybí odlehčovací služba.</p>")],
    )


def add_comments(draft, number):
    anchors = [s.anchor for s in draft.consultation_sections()] + [""]
    Comment.objects.bulk_create(
        CommentFactory.build(page=draft, section=anchors[i % len(anchors)],
                             text=f"Připomínka {i:05d}", email="")
        for i in range(number))


def get(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(queries)


def test_each_section_shows_its_count_and_only_the_newest_comments(client, draft):
    add_comments(draft, 30)
    html = BeautifulSoup(client.get(draft.url).content, "html.parser")
    for anchor in [s.anchor for s in draft.consultation_sections()]:
        block = html.find("section", id=f"komentare-{anchor}")
        assert "(10 zveřejněných)" in block.find("h3").get_text(" ")
        texts = [p.get_text() for p in block.select(".kpc-comment__text")]
        assert len(texts) == LATEST_COMMENTS
        mine = sorted(c.text for c in Comment.objects.filter(page=draft, section=anchor))
        assert [t.strip() for t in texts] == mine[-LATEST_COMMENTS:]  # the newest, in order
        more = block.select_one(".kpc-comments-more a")
        assert more["href"] == draft.url + f"pripominky/{anchor}/"
        assert "7 dalších" in more.get_text()
        # The form opens from a disclosure: a native <details>, so no script is needed.
        details = block.find("details")
        assert details.find("summary").get_text(strip=True) == "Připomínkovat tuto část"
        assert details.find("form") is not None and not details.has_attr("open")
    # The whole-draft form appears once and is not hidden.
    whole = html.find("section", id="komentare")
    assert whole.find("details") is None and whole.find("form") is not None
    assert len(html.select("main form")) == len(draft.consultation_sections()) + 1


def test_the_section_page_lists_every_comment_page_by_page(client, draft):
    add_comments(draft, 3 * (COMMENTS_PER_PAGE + 5))
    anchor = draft.consultation_sections()[0].anchor
    url = draft.url + f"pripominky/{anchor}/"
    first = BeautifulSoup(client.get(url).content, "html.parser")
    assert len(first.select(".kpc-comment")) == COMMENTS_PER_PAGE
    second = BeautifulSoup(client.get(url + "?strana=2").content, "html.parser")
    assert len(second.select(".kpc-comment")) == 5
    seen = {p.get_text(strip=True) for page in (first, second)
            for p in page.select(".kpc-comment__text")}
    assert seen == set(Comment.objects.filter(page=draft, section=anchor)
                       .values_list("text", flat=True))
    whole = BeautifulSoup(client.get(draft.url + "pripominky/cely-dokument/").content,
                          "html.parser")
    assert whole.find("h1").get_text() == "Připomínky k celému dokumentu"
    assert len(whole.select(".kpc-comment")) == COMMENTS_PER_PAGE


def test_unknown_section_is_404_and_a_bad_page_number_does_not_fail(client, draft):
    add_comments(draft, 5)
    assert client.get(draft.url + "pripominky/neexistuje/").status_code == 404
    assert client.get(draft.url + "pripominky/cely-dokument/?strana=abc").status_code == 200
    assert client.get(draft.url + "pripominky/cely-dokument/?strana=999").status_code == 200


def test_pending_comments_and_e_mails_stay_off_the_section_page(client, draft):
    anchor = draft.consultation_sections()[0].anchor
    CommentFactory(page=draft, section=anchor, text="Čeká na moderátora",
                   status=Status.PENDING, email="skryty@example.cz")
    CommentFactory(page=draft, section=anchor, text="Zveřejněná", email="tajny@example.cz")
    body = client.get(draft.url + f"pripominky/{anchor}/").content.decode()
    assert "Zveřejněná" in body
    assert "Čeká na moderátora" not in body and "@example.cz" not in body


def test_draft_page_size_and_queries_do_not_grow_with_the_comments(client, draft, settings):
    # Measure uncached renders: the consultation cache would hide the work otherwise.
    settings.KP_CONSULTATION_CACHE_SECONDS = 0
    add_comments(draft, 20)
    get(client, draft.url)  # warms the per-process caches (site root paths, session)
    small, small_queries = get(client, draft.url)
    add_comments(draft, 180)
    large, large_queries = get(client, draft.url)
    assert large_queries == small_queries
    # Only the counts' digits may grow; 180 more comments rendered in full would add ~50 kB.
    assert len(large.content) - len(small.content) < 200


def test_newest_comments_count_rejected_placeholders_and_never_pending_ones(client, draft):
    anchor = draft.consultation_sections()[0].anchor
    now = timezone.now()
    statuses = [Status.PUBLISHED] * 5 + [Status.REJECTED, Status.PENDING, Status.PUBLISHED]
    Comment.objects.bulk_create(
        CommentFactory.build(page=draft, section=anchor, text=f"Připomínka {i}", email="",
                             status=status, created_at=now - dt.timedelta(minutes=60 - i))
        for i, status in enumerate(statuses))
    with CaptureQueriesContext(connection) as queries:
        html = BeautifulSoup(client.get(draft.url).content, "html.parser")
    block = html.find("section", id=f"komentare-{anchor}")
    # 6 published; the rejected one shows as a placeholder among the newest; pending never.
    assert "(6 zveřejněných)" in block.find("h3").get_text(" ")
    shown = block.select(".kpc-comment")
    assert len(shown) == LATEST_COMMENTS
    assert "Připomínka 6" not in block.get_text() and "Připomínka 7" in block.get_text()
    assert "(o 4 další)" in block.select_one(".kpc-comments-more a").get_text()  # 7 - 3, Czech "few"
    # Only the newest of each section were read, not every comment of the page: the window
    # picks their ids without reading any text, and the texts are read by those ids alone.
    sqls = [q["sql"] for q in queries]
    windows = [sql for sql in sqls if "ROW_NUMBER" in sql.upper()]
    assert windows and not any('"kp_consultation_comment"."text"' in sql for sql in windows)
    assert not [sql for sql in sqls if '"kp_consultation_comment"."text"' in sql
                and f'"kp_consultation_comment"."page_id" = {draft.pk}' in sql]
    assert any('"kp_consultation_comment"."text"' in sql
               and '"kp_consultation_comment"."id" IN (' in sql for sql in sqls)
