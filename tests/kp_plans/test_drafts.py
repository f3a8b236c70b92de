"""Plan drafts: stable section anchors, the comment period, the diff, the consultation seam."""

import datetime as dt
import json
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from kp_consultation.mixins import ConsultationState
from kp_plans.diff import diff_sections, diff_words
from kp_plans.models import PlanDraftPage
from tests.factories.plans import (
    CommunityPlanPageFactory,
    PlanDraftPageFactory,
    WorkingGroupIndexPageFactory,
    WorkingGroupPageFactory,
    section,
)

pytestmark = pytest.mark.django_db
PRAGUE = ZoneInfo("Europe/Prague")


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def plan(section_page):
    return CommunityPlanPageFactory(parent=section_page, slug="plan")


def anchors(page):
    return [child.value["anchor"] for child in PlanDraftPage.objects.get(pk=page.pk).body]


def publish(page):
    page.save_revision().publish()
    return PlanDraftPage.objects.get(pk=page.pk)


# --- Anchors -----------------------------------------------------------------------------------


def test_anchors_are_made_from_titles_once(plan):
    draft = PlanDraftPageFactory(parent=plan, body=[
        section("Úvod"), section("Senioři a lidé se zdravotním postižením"), section("Úvod"),
        section("2020"),
    ])
    assert anchors(draft) == ["uvod", "seniori-a-lide-se-zdravotnim-postizenim", "uvod-2",
                              "oddil-2020"]


def test_anchors_survive_renaming_reordering_and_new_sections(plan):
    draft = PlanDraftPageFactory(parent=plan, body=[section("Úvod"), section("Senioři")])
    before = anchors(draft)
    draft = PlanDraftPage.objects.get(pk=draft.pk)
    body = [(child.block_type, dict(child.value)) for child in draft.body]
    body[1][1]["title"] = "Senioři a pečující"  # renamed
    body.reverse()  # reordered
    body.insert(0, ("section", {"title": "Senioři", "anchor": "", "body": "<p>Nový</p>"}))
    draft.body = body
    draft = publish(draft)
    assert anchors(draft) == ["seniori-2", before[1], before[0]]
    assert [s.title for s in draft.consultation_sections()] == [
        "Senioři", "Senioři a pečující", "Úvod"]


def test_a_deleted_and_recreated_section_gets_its_anchor_back(plan):
    draft = PlanDraftPageFactory(parent=plan, body=[section("Úvod"), section("Rodiny s dětmi")])
    draft.body = [("section", {"title": "Úvod", "anchor": "uvod", "body": "<p>x</p>"})]
    draft = publish(draft)
    draft.body = [*[(c.block_type, dict(c.value)) for c in draft.body],
                  section("Rodiny s dětmi")]
    draft = publish(draft)
    assert anchors(draft) == ["uvod", "rodiny-s-detmi"]


def test_duplicate_or_malformed_anchors_are_refused(plan):
    block = PlanDraftPage._meta.get_field("body").stream_block
    value = block.to_python([
        {"type": "section", "value": {"title": "A", "anchor": "stejna", "body": "<p>a</p>"}},
        {"type": "section", "value": {"title": "B", "anchor": "stejna", "body": "<p>b</p>"}},
    ])
    with pytest.raises(ValidationError):
        block.clean(value)
    value = block.to_python([
        {"type": "section", "value": {"title": "A", "anchor": "Špatná kotva", "body": "<p>a</p>"}},
    ])
    with pytest.raises(ValidationError):
        block.clean(value)


def test_anchors_survive_editing_in_the_admin(admin_client, plan):
    draft = PlanDraftPageFactory(parent=plan, slug="navrh", body=[section("Úvod"),
                                                                   section("Senioři")])
    original = PlanDraftPage.objects.get(pk=draft.pk)
    blocks = list(original.body)

    def post(sections):
        data = nested_form_data({
            "title": "Návrh", "slug": "navrh", "version_label": "1.1",
            "body": streamfield([
                ("section", {"title": title, "anchor": anchor, "body": rich_text(text)})
                for title, anchor, text in sections
            ]),
            "comment_places": {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0,
                               "MIN_NUM_FORMS": 0, "MAX_NUM_FORMS": 1000},
            "action-publish": "publish",
        })
        # Block ids are not posted: like an editor re-creating the blocks.
        return admin_client.post(f"/admin/pages/{draft.pk}/edit/", data)

    response = post([("Senioři – upraveno", blocks[1].value["anchor"], "Nový text"),
                     ("Úvod", blocks[0].value["anchor"], "Úvod"),
                     ("Rodiny", "", "Nový oddíl")])
    assert response.status_code == 302, response.content.decode()[:2000]
    assert anchors(draft) == ["seniori", "uvod", "rodiny"]

    response = post([("Úvod", "uvod", "x"), ("Jiný", "uvod", "y")])
    assert response.status_code == 200  # refused with a message, nothing saved
    message = "Tuto kotvu už používá jiný oddíl návrhu."
    content = response.content.decode()
    # The admin passes block errors to its StreamField widget as JSON.
    assert message in content or json.dumps(message)[1:-1] in content
    assert anchors(draft) == ["seniori", "uvod", "rodiny"]


# --- Comment period ------------------------------------------------------------------------------

START = dt.datetime(2026, 3, 1, 0, 0, tzinfo=PRAGUE)
END = dt.datetime(2026, 4, 1, 0, 0, tzinfo=PRAGUE)


@pytest.mark.parametrize("now,state,countdown", [
    (START - dt.timedelta(days=3), ConsultationState.UPCOMING, "začíná za 3 dny"),
    (START - dt.timedelta(seconds=1), ConsultationState.UPCOMING, "začíná za 1 minutu"),
    (START, ConsultationState.OPEN, "zbývá 31 dní"),  # March has 31 days
    (END - dt.timedelta(days=5, hours=1), ConsultationState.OPEN, "zbývá 5 dní"),
    (END - dt.timedelta(days=2), ConsultationState.OPEN, "zbývají 2 dny"),
    (END - dt.timedelta(hours=3), ConsultationState.OPEN, "zbývají 3 hodiny"),
    (END - dt.timedelta(seconds=1), ConsultationState.OPEN, "zbývá 1 minuta"),
    (END, ConsultationState.CLOSED, ""),
])
def test_state_and_countdown_at_the_boundaries(now, state, countdown):
    draft = PlanDraftPage(comment_period_start=START, comment_period_end=END)
    assert draft.consultation_state(now) == state
    assert draft.countdown(now) == countdown


def test_settled_draft_has_no_countdown():
    draft = PlanDraftPage(comment_period_start=START, comment_period_end=END,
                          comments_settled_at=END + dt.timedelta(days=10))
    assert draft.consultation_state(START) == ConsultationState.SETTLED
    assert draft.countdown(START) == ""


def test_open_draft_page_shows_state_countdown_places_and_sections(client, tree):
    html = soup(client.get(tree["draft"].url))
    status = html.select_one(".consultation").get_text(" ", strip=True)
    assert "Otevřeno k připomínkám" in status or "open" in status.lower()
    assert html.select_one(".countdown").get_text() in {"zbývá 22 dní", "zbývá 23 dní"}
    assert "Městský úřad Valašské Meziříčí" in html.get_text()
    sections = html.select("section.draft-section")
    assert [s["id"] for s in sections] == ["uvod", "seniori", "rodiny"]
    assert html.select_one(".toc a[href='#rodiny']")
    # the period is shown in Prague time
    start = tree["draft"].comment_period_start.astimezone(PRAGUE)
    assert start.strftime("%H:%M") in status


def test_closed_draft_page_says_closed(client, tree):
    status = soup(client.get(tree["old_draft"].url)).select_one(".consultation")
    assert status.select_one(".state--closed")
    assert not status.select_one(".countdown")


def test_previous_draft_must_belong_to_the_same_plan(section_page, plan):
    other_plan = CommunityPlanPageFactory(parent=section_page, slug="jiny-plan")
    foreign = PlanDraftPageFactory(parent=other_plan)
    draft = PlanDraftPageFactory(parent=plan)
    draft.previous_draft = foreign
    with pytest.raises(ValidationError) as error:
        draft.full_clean()
    assert "previous_draft" in error.value.message_dict


# --- The consultation seam -------------------------------------------------------------------------


def test_consultation_sections_follow_the_body(tree):
    sections = tree["draft"].consultation_sections()
    assert [(s.anchor, s.title, s.number) for s in sections] == [
        ("uvod", "Úvod", 1), ("seniori", "Senioři", 2), ("rodiny", "Rodiny", 3),
    ]
    assert [p.code for p in sections[1].paragraphs] == ["2.1"]


def test_manager_emails_are_those_of_the_plans_groups_and_private(client, section_page, plan):
    index = WorkingGroupIndexPageFactory(parent=section_page)
    mine = WorkingGroupPageFactory(parent=index, manager_email="vedouci@example.cz")
    other = WorkingGroupPageFactory(parent=index, manager_email="cizi@example.cz")
    nobody = WorkingGroupPageFactory(parent=index, manager_email="")
    plan.working_groups.set([mine, nobody])
    plan.save_revision().publish()
    draft = PlanDraftPageFactory(parent=plan)
    assert draft.consultation_manager_emails() == ["vedouci@example.cz"]
    assert other.manager_email not in draft.consultation_manager_emails()
    for url in [draft.url, f"/api/v3/pages/{draft.pk}/", f"/api/v3/pages/{plan.pk}/",
                plan.url, mine.url, f"/api/v3/pages/{mine.pk}/"]:
        assert b"vedouci@example.cz" not in client.get(url).content, url


def test_comment_blocks_let_the_consultation_render_per_section_and_per_draft(rf, tree):
    from django.template import engines

    draft = tree["draft"]
    template = engines["django"].from_string(
        '{% extends "kp_plans/plan_draft_page.html" %}'
        '{% block section_comments %}<p class="c">C:{{ section.anchor }}</p>{% endblock %}'
        '{% block draft_comments %}<p class="d">D:{{ page.pk }}</p>{% endblock %}'
    )
    request = rf.get(draft.url)
    html = BeautifulSoup(template.render(draft.get_context(request), request), "html.parser")
    for section_element in html.select("section.draft-section"):
        assert section_element.select_one("p.c").get_text() == f"C:{section_element['id']}"
    assert html.select_one("p.d").get_text() == f"D:{draft.pk}"


# --- The diff ---------------------------------------------------------------------------------------


def test_word_diff_marks_insertions_and_deletions():
    assert diff_words("<p>Plán vznikl v roce 2011.</p>", "<p>Plán vznikl v roce 2012.</p>") == [
        ("equal", "Plán vznikl v roce "), ("delete", "2011. "), ("insert", "2012. "),
    ]


def test_sections_are_paired_by_anchor_not_position():
    old = [{"anchor": "a", "title": "A", "body": "<p>jedna</p>"},
           {"anchor": "b", "title": "B", "body": "<p>dva</p>"},
           {"anchor": "c", "title": "C", "body": "<p>tři</p>"}]
    new = [{"anchor": "b", "title": "B nově", "body": "<p>dva</p>"},
           {"anchor": "a", "title": "A", "body": "<p>jedna</p>"},
           {"anchor": "d", "title": "D", "body": "<p>čtyři</p>"}]
    changes = diff_sections(old, new)
    assert [(c.anchor, c.status) for c in changes] == [
        ("b", "changed"), ("a", "unchanged"), ("d", "added"), ("c", "removed")]
    assert changes[0].old_title == "B"


def test_compare_view_renders_ins_and_del_with_text_labels(client, tree):
    response = client.get(tree["draft"].url + "porovnani/")
    assert response.status_code == 200
    html = soup(response)
    intro = html.find("section", attrs={"aria-labelledby": "zmena-uvod"})
    assert intro.find("del").get_text(" ", strip=True) == "[odstraněno: 2011. ]"
    assert intro.find("ins").get_text(" ", strip=True) == "[doplněno: 2012. ]"
    labels = [s.select_one(".tag").get_text() for s in html.select("section.diff-section")]
    assert labels == ["změněno", "beze změny", "nový oddíl", "odstraněný oddíl"]
    assert html.find("select", id="s") and html.find("label", attrs={"for": "s"})


def test_compare_view_refuses_drafts_of_other_plans(client, tree, section_page):
    other_plan = CommunityPlanPageFactory(parent=section_page, slug="jiny")
    foreign = PlanDraftPageFactory(parent=other_plan)
    assert client.get(tree["draft"].url + f"porovnani/?s={foreign.pk}").status_code == 404
    ok = client.get(tree["draft"].url + f"porovnani/?s={tree['old_draft'].pk}")
    assert ok.status_code == 200


def test_draft_api_has_sections_consultation_and_places(client, tree):
    data = client.get(f"/api/v3/pages/{tree['draft'].pk}/").json()
    assert [s["anchor"] for s in data["sections"]] == ["uvod", "seniori", "rodiny"]
    assert data["consultation"]["state"] == "open"
    assert data["previous_draft"]["id"] == tree["old_draft"].pk
    assert data["comment_places"][0]["name"] == "Městský úřad Valašské Meziříčí"
    assert data["version_label"] == "2.0"


def test_revisions_carry_the_anchors_before_the_page_is_saved(plan):
    draft = PlanDraftPageFactory(parent=plan, body=[section("Úvod")])
    draft = PlanDraftPage.objects.get(pk=draft.pk)
    draft.body = [*[(c.block_type, dict(c.value)) for c in draft.body], section("Nový oddíl")]
    revision = draft.save_revision()
    assert [c.value["anchor"] for c in revision.as_object().body] == ["uvod", "novy-oddil"]


def test_admin_refuses_a_previous_draft_of_another_plan_on_creation(admin_client, section_page,
                                                                    plan):
    other_plan = CommunityPlanPageFactory(parent=section_page, slug="cizi-plan")
    foreign = PlanDraftPageFactory(parent=other_plan)
    own = PlanDraftPageFactory(parent=plan, slug="vlastni")

    def create(previous, slug):
        data = nested_form_data({
            "title": "Nový návrh", "slug": slug, "version_label": "3.0", "intro": "",
            "previous_draft": previous.pk, "changelog": rich_text(""),
            "body": streamfield([("section", {"title": "Úvod", "anchor": "",
                                              "body": rich_text("Text")})]),
            "comment_places": {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0, "MIN_NUM_FORMS": 0,
                               "MAX_NUM_FORMS": 1000},
        })
        return admin_client.post(f"/admin/pages/add/kp_plans/plandraftpage/{plan.pk}/", data)

    refused = create(foreign, "novy-navrh")
    assert refused.status_code == 200
    assert "Vyberte návrh téhož plánu." in refused.content.decode()
    assert not PlanDraftPage.objects.filter(slug="novy-navrh").exists()
    assert create(own, "novy-navrh").status_code == 302
    created = PlanDraftPage.objects.get(slug="novy-navrh")
    assert created.previous_draft_id == own.pk
    assert [c.value["anchor"] for c in created.body] == ["uvod"]
