"""Paragraph anchors stay with their paragraph through insertions, deletions, reordering and
small edits, on the page as in comments, and a comment can point at a paragraph."""

import pytest
from bs4 import BeautifulSoup

from kp_consultation.models import Comment
from kp_plans.models import PlanDraftPage
from kp_plans.paragraphs import match_anchors, paragraph_memory
from tests.factories.consultation import open_period
from tests.factories.plans import PlanDraftPageFactory, section

A = "Pečovatelská služba v malých obcích je nedostupná o víkendech."
B = "Chybí odlehčovací služba pro pečující rodiny v mikroregionu."
C = "Nízkoprahový klub pro děti funguje jen ve Valašském Meziříčí."
D = "Noclehárna pro lidi bez domova v zimě chybí úplně."


def anchors_after(first, second):
    _anchors, memory = match_anchors(None, first)
    anchors, _memory = match_anchors(memory, second)
    return dict(zip(second, anchors, strict=True)), memory


def test_first_save_numbers_paragraphs_in_order():
    anchors, _memory = match_anchors(None, [A, B, C])
    assert anchors == ["odst-1", "odst-2", "odst-3"]


def test_insert_above_keeps_the_others():
    before, memory = anchors_after([A, B, C], [A, B, C])
    after, _ = anchors_after([A, B, C], [D, A, B, C])
    assert after[A] == before[A] and after[B] == before[B] and after[C] == before[C]
    assert after[D] == "odst-4"


def test_delete_and_reorder_keep_the_others_and_never_reuse_an_anchor():
    _anchors, memory = match_anchors(None, [A, B, C])
    anchors, memory = match_anchors(memory, [C, A])  # B deleted, order changed
    assert anchors == ["odst-3", "odst-1"]
    anchors, _memory = match_anchors(memory, [C, A, D])
    assert anchors == ["odst-3", "odst-1", "odst-4"]  # not B's odst-2


def test_an_edited_paragraph_keeps_its_anchor_but_a_rewritten_one_does_not():
    _anchors, memory = match_anchors(None, [A, B])
    edited = B.replace("Chybí", "Stále chybí")
    anchors, _memory = match_anchors(memory, [A, edited])
    assert anchors == ["odst-1", "odst-2"]
    anchors, _memory = match_anchors(memory, [A, D])
    assert anchors == ["odst-1", "odst-3"]


def test_duplicate_paragraphs_keep_distinct_anchors():
    _anchors, memory = match_anchors(None, [A, A])
    anchors, _memory = match_anchors(memory, [B, A, A])
    assert anchors == ["odst-3", "odst-1", "odst-2"]


def test_memory_is_per_section():
    memory = paragraph_memory([{"anchor": "s1", "body": f"<p>{A}</p><p>{B}</p>"},
                               {"anchor": "s2", "body": f"<ul><li>{C}</li></ul>"}], None)
    assert [p["anchor"] for p in memory["s1"]["paragraphs"]] == ["odst-1", "odst-2"]
    assert [p["anchor"] for p in memory["s2"]["paragraphs"]] == ["odst-1"]


@pytest.fixture(autouse=True)
def instant_forms(settings):
    settings.KP_CONSULTATION_MIN_FILL_SECONDS = 0


@pytest.fixture
def draft(tree):
    draft = PlanDraftPageFactory(
        parent=tree["plan"], slug="navrh-3", **open_period(),
        body=[section("Úvod", "<p>Plán vznikl v roce 2012.</p>"),
              section("Senioři", f"<p>{A}</p><p>{B}</p><p>{C}</p>")])
    draft.save_revision().publish()
    return PlanDraftPage.objects.get(pk=draft.pk)


@pytest.mark.django_db
def test_edits_through_revisions_keep_the_anchors_on_the_page(client, draft):
    html = BeautifulSoup(client.get(draft.url).content, "html.parser")
    assert [p["id"] for p in html.select("#seniori .draft-paragraph")] == [
        "seniori-odst-1", "seniori-odst-2", "seniori-odst-3"]
    draft.body = [section("Úvod", "<p>Plán vznikl v roce 2012.</p>"),
                  section("Senioři", f"<p>{D}</p><p>{C}</p><p>{A}</p>")]
    draft.save_revision().publish()
    html = BeautifulSoup(client.get(draft.url).content, "html.parser")
    paragraphs = html.select("#seniori .draft-paragraph")
    assert [p["id"] for p in paragraphs] == ["seniori-odst-4", "seniori-odst-3",
                                             "seniori-odst-1"]
    # The printed codes are positions in this draft.
    assert [p.select_one(".draft-paragraph__code").get_text() for p in paragraphs] == [
        "2.1", "2.2", "2.3"]


@pytest.mark.django_db
def test_a_comment_on_a_paragraph_is_stored_and_shown_with_its_paragraph(client, draft):
    draft.comments_premoderated = False
    draft.save_revision().publish()
    page = client.get(draft.url + "?odstavec=odst-2").content.decode()
    html = BeautifulSoup(page, "html.parser")
    # The link opens the section's form with the paragraph chosen (no JavaScript needed).
    assert html.select_one("#seniori details.kpc-disclosure").has_attr("open")
    select = html.select_one("#seniori select[name=paragraph]")
    assert select.find("option", selected=True)["value"] == "odst-2"
    token = html.select_one("#seniori input[name=form_token]")["value"]
    response = client.post(f"/konzultace/{draft.pk}/pripominka/", {
        "form_token": token, "section": "seniori", "origin": "seniori", "paragraph": "odst-2",
        "text": "Odlehčovací služba je nutná.", "role": "public", "website": ""})
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert (comment.section, comment.paragraph) == ("seniori", "odst-2")
    html = BeautifulSoup(client.get(draft.url).content, "html.parser")
    context = html.select_one(f"#pripominka-{comment.pk} .kpc-comment__context")
    assert "K odstavci 2.2" in context.get_text() and B[:40] in context.get_text()
    assert context.a["href"] == "#seniori-odst-2"


@pytest.mark.django_db
def test_a_paragraph_of_another_section_or_an_unknown_one_is_refused(client, draft):
    draft.comments_premoderated = False
    draft.save_revision().publish()
    html = BeautifulSoup(client.get(draft.url).content, "html.parser")
    token = html.select_one("#seniori input[name=form_token]")["value"]
    for section_anchor, paragraph in (("uvod", "odst-3"), ("seniori", "odst-99")):
        response = client.post(f"/konzultace/{draft.pk}/pripominka/", {
            "form_token": token, "section": section_anchor, "origin": section_anchor,
            "paragraph": paragraph, "text": "Text.", "role": "public", "website": ""})
        assert response.status_code == 400
        assert "odstavec" in response.content.decode()
    assert not Comment.objects.exists()


@pytest.mark.django_db
def test_a_new_draft_without_memory_numbers_its_paragraphs(tree):
    draft = PlanDraftPageFactory(parent=tree["plan"], slug="navrh-4", **open_period(),
                                 body=[section("Senioři", f"<p>{A}</p><p>{B}</p>")])
    sections = PlanDraftPage.objects.get(pk=draft.pk).consultation_sections()
    assert [p.code for p in sections[0].paragraphs] == ["1.1", "1.2"]
    assert sections[0].paragraph("odst-2").excerpt.startswith("Chybí")


@pytest.mark.django_db
def test_a_process_parses_each_section_once_and_an_edit_is_parsed_anew(client, draft):
    """Views of the draft and comments sent to it reuse the parsed sections (they were parsed
    again on every request); an edited section is new markup and is parsed again."""
    from kp_plans.paragraphs import parsed_section

    parsed_section.cache_clear()
    for _view in range(3):
        assert client.get(draft.url).status_code == 200
    sections = len(draft.body)
    assert parsed_section.cache_info().misses == sections
    assert parsed_section.cache_info().hits >= 2 * sections
    draft.body = [section("Úvod", "<p>Plán vznikl v roce 2012.</p>"),
                  section("Senioři", f"<p>{D}</p>")]
    draft.save_revision().publish()
    page = BeautifulSoup(client.get(draft.url).content, "html.parser")
    paragraphs = page.select("#seniori .draft-paragraph")
    assert len(paragraphs) == 1 and D in paragraphs[0].get_text(" ", strip=True)
    assert parsed_section.cache_info().misses > sections
