"""Plan drafts and the public consultation, wired together (kp_plans uses kp_consultation)."""

import pytest
from bs4 import BeautifulSoup

from kp_consultation.models import Comment
from kp_plans.models import PlanDraftPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(demo_db):
    return demo_db


def test_open_draft_offers_a_comment_form_per_section_and_for_the_whole(client, demo):
    draft = next(d for d in PlanDraftPage.objects.live() if d.accepts_comments())
    html = BeautifulSoup(client.get(draft.url).content, "html.parser")
    anchors = [s.anchor for s in draft.consultation_sections()]
    for anchor in anchors:
        section = html.find("section", id=anchor)
        assert section is not None and section.find("form"), anchor
    assert len(html.select("main form")) == len(anchors) + 1


def test_settled_draft_shows_its_settlement_and_no_form(client, demo):
    draft = next(d for d in PlanDraftPage.objects.live() if d.comments_settled_at)
    html = BeautifulSoup(client.get(draft.url).content, "html.parser")
    assert html.select("main form") == []
    table = html.find(id="vyporadani")
    assert table is not None
    settled = Comment.objects.filter(page=draft, status="published").exclude(decision="")
    assert settled.exists()
    for comment in settled:
        assert comment.decision_reason[:30] in table.get_text(" ") or comment.decision == "accepted"
    for email in Comment.objects.exclude(email="").values_list("email", flat=True):
        assert email not in html.decode()


def test_open_draft_names_the_managers_to_notify(demo):
    draft = next(d for d in PlanDraftPage.objects.live() if d.accepts_comments())
    assert draft.consultation_manager_emails()
