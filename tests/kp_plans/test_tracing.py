"""Comment → change tracing: each section of the new draft beside the accepted comments that
caused its change; unexplained changes and accepted comments without a change; the validated
"section in the next draft"; the API; constant queries."""

import pytest
from bs4 import BeautifulSoup
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kp_consultation.models import Comment, Decision, Status
from kp_consultation.settlement import settle
from kp_plans.models import PlanDraftPage
from kp_plans.tracing import trace
from tests.factories.consultation import CommentFactory

pytestmark = pytest.mark.django_db


def decided(page, section, decision=Decision.ACCEPTED, next_section="", text="Připomínka",
            reason="Důvod."):
    return CommentFactory(page=page, section=section, decision=decision, text=text,
                          decision_reason=reason, next_section=next_section,
                          status=Status.PUBLISHED)


@pytest.fixture
def traced(tree):
    """The old draft (Úvod, Senioři, Zrušený oddíl) settled; the new one changes Úvod, drops
    the last section and adds Rodiny (see tests/kp_plans/conftest.py)."""
    old, new = tree["old_draft"], tree["draft"]
    comments = {
        # Linked by the stable anchor: the same section in the new draft.
        "intro": decided(old, "uvod", text="Uveďte rok 2012."),
        # Linked explicitly to the new section it produced.
        "families": decided(old, "", Decision.PARTLY_ACCEPTED, next_section="rodiny",
                            text="Chybí kapitola o rodinách."),
        # Accepted, but the section did not change.
        "seniors": decided(old, "seniori", text="Odlehčovací služba chybí."),
        # Rejected and noted comments explain nothing.
        "rejected": decided(old, "uvod", Decision.REJECTED, text="Zamítnutá připomínka"),
    }
    settle(PlanDraftPage.objects.get(pk=old.pk))
    return {"old": old, "new": PlanDraftPage.objects.get(pk=new.pk), **comments}


def test_each_change_is_shown_beside_the_comments_that_caused_it(client, traced):
    response = client.get(traced["new"].url + "zmeny-z-pripominek/")
    assert response.status_code == 200
    html = BeautifulSoup(response.content, "html.parser")
    intro = html.find(id="zmena-uvod")
    assert "2012." in intro.select_one("ins").get_text()
    assert "Uveďte rok 2012." in intro.select_one(".trace__comments").get_text()
    assert "Zamítnutá připomínka" not in html.get_text()
    families = html.find(id="zmena-rodiny")
    assert "Chybí kapitola o rodinách." in families.get_text()
    assert "částečně akceptováno" in families.get_text()
    # The removed section is a change no comment explains.
    summary = html.find(id="bez-pripominky").find_next("ul")
    assert [a["href"] for a in summary.select("a")] == ["#zmena-zruseny-oddil"]
    # An accepted comment whose section did not change is listed as such.
    without = html.find(id="bez-zmeny").find_next("ul")
    assert f"#vyporadani-{traced['seniors'].pk}" in str(without)
    assert f"#vyporadani-{traced['intro'].pk}" not in str(without)


def test_one_section_has_its_own_page_and_an_unknown_one_is_404(client, traced):
    page = client.get(traced["new"].url + "zmeny-z-pripominek/rodiny/")
    assert page.status_code == 200
    text = BeautifulSoup(page.content, "html.parser").get_text()
    assert "Chybí kapitola o rodinách." in text and "Uveďte rok 2012." not in text
    assert client.get(traced["new"].url + "zmeny-z-pripominek/neni/").status_code == 404


def test_nothing_is_traced_before_the_settlement_is_published(client, tree):
    decided(tree["old_draft"], "uvod", text="Uveďte rok 2012.")
    response = client.get(tree["draft"].url + "zmeny-z-pripominek/")
    assert response.status_code == 200
    assert "Uveďte rok 2012." not in response.content.decode()
    api = client.get(f"/api/v3/plans/drafts/{tree['draft'].pk}/tracing/")
    assert api.status_code == 404 and "vypořádání" in api.json()["detail"]


def test_api_gives_the_same_tracing(client, traced):
    response = client.get(f"/api/v3/plans/drafts/{traced['new'].pk}/tracing/")
    assert response.status_code == 200
    body = response.json()
    by_anchor = {s["anchor"]: s for s in body["sections"]}
    assert [c["id"] for c in by_anchor["uvod"]["comments"]] == [traced["intro"].pk]
    assert by_anchor["rodiny"]["status"] == "added"
    assert body["unexplained_changes"] == ["zruseny-oddil"]
    assert body["accepted_without_change"] == [traced["seniors"].pk]
    assert "email" not in response.content.decode()
    for comment in Comment.objects.all():
        assert comment.email not in response.content.decode()
    document = client.get("/api/v3/openapi.json").json()
    assert "/api/v3/plans/drafts/{page_id}/tracing/" in document["paths"]
    assert "DraftTraceOut" in document["components"]["schemas"]


def test_next_section_must_be_a_section_of_the_next_draft(tree):
    comment = decided(tree["old_draft"], "uvod", next_section="rodiny")
    comment.full_clean()
    comment.next_section = "neexistuje"
    with pytest.raises(ValidationError) as error:
        comment.full_clean()
    assert "next_section" in error.value.message_dict
    # The newest draft has no successor yet: nothing to link to.
    on_new = decided(tree["draft"], "uvod", next_section="uvod")
    with pytest.raises(ValidationError) as error:
        on_new.full_clean()
    assert "Další návrh zatím neexistuje." in error.value.message_dict["next_section"][0]


def test_settlement_table_links_the_next_section(client, traced):
    html = BeautifulSoup(client.get(traced["old"].url).content, "html.parser")
    row = html.find(id=f"vyporadani-{traced['families'].pk}")
    link = row.find("a", href=traced["new"].url + "#rodiny")
    assert link is not None and link.get_text() == "Rodiny"
    api = client.get(f"/api/v3/consultations/{traced['old'].pk}/settlement/").json()
    rows = {r["id"]: r for s in api["sections"] for r in s["comments"]}
    assert rows[traced["families"].pk]["next_section"] == "rodiny"
    assert rows[traced["families"].pk]["next_section_url"] == traced["new"].url + "#rodiny"


def test_existing_free_text_links_keep_their_text_and_give_their_anchor(tree):
    migration = __import__(
        "kp_consultation.migrations.0004_paragraphs_cosignatures_next_section",
        fromlist=["copy_anchors"])
    kept = decided(tree["old_draft"], "uvod")
    Comment.objects.filter(pk=kept.pk).update(next_draft_link="/plan/navrh-2/#rodiny")
    other = decided(tree["old_draft"], "uvod")
    Comment.objects.filter(pk=other.pk).update(next_draft_link="viz kapitola 3")
    migration.copy_anchors(apps, None)
    kept.refresh_from_db()
    other.refresh_from_db()
    assert (kept.next_section, kept.next_draft_link) == ("rodiny", "/plan/navrh-2/#rodiny")
    assert (other.next_section, other.next_draft_link) == ("", "viz kapitola 3")


@pytest.mark.parametrize("path", ["zmeny-z-pripominek/", "api"])
def test_queries_do_not_grow_with_the_comments(client, tree, path):
    old = tree["old_draft"]

    def queries(extra):
        for _ in range(extra):
            decided(old, "uvod", text="Další připomínka")
        url = (f"/api/v3/plans/drafts/{tree['draft'].pk}/tracing/" if path == "api"
               else tree["draft"].url + path)
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context.captured_queries)

    decided(old, "seniori")
    settle(PlanDraftPage.objects.get(pk=old.pk))
    queries(0)  # the first request fills per-process caches (site, content types)
    assert queries(4) == queries(45)


def test_demo_second_draft_shows_each_change_beside_its_comments(client, demo_db):
    draft = PlanDraftPage.objects.get(slug="navrh-verze-2")
    traced = trace(draft)
    by_anchor = {s.change.anchor: s for s in traced.sections}
    for anchor in ("analyza-zdroju-a-potreb", "seniori", "financovani"):
        assert by_anchor[anchor].changed and by_anchor[anchor].comments, anchor
    assert "612" in by_anchor["analyza-zdroju-a-potreb"].comments[0].text
    # The introduction's new dates are the one change no comment asked for.
    assert [s.change.anchor for s in traced.unexplained] == ["uvod"]
    html = BeautifulSoup(client.get(draft.url + "zmeny-z-pripominek/").content, "html.parser")
    financing = html.find(id="zmena-financovani")
    assert "kolik která služba stojí" in financing.select_one(".trace__comments").get_text()
    # The demo shows a paragraph comment and co-signatures on the open draft too.
    assert Comment.objects.filter(page=draft).exclude(paragraph="").exists()
    assert "připojil" in client.get(draft.url).content.decode()


def test_admin_offers_the_next_drafts_sections(admin_client, traced):
    comment = traced["intro"]
    url = f"/admin/kp_consultation/comment/edit/{comment.pk}/"
    html = BeautifulSoup(admin_client.get(url).content, "html.parser")
    select = html.find("select", attrs={"name": "next_section"})
    assert [o["value"] for o in select.find_all("option")] == ["", "uvod", "seniori", "rodiny"]
