"""Ideas (podněty) for a working group all year: kp_consultation's comment machinery on the
group page, answered one by one, and counted into the next draft of the group's plan."""

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from kp_consultation.models import Comment, Decision, Status
from tests.factories.consultation import CommentFactory
from tests.factories.plans import PlanDraftPageFactory, WorkingGroupPageFactory, section
from tests.kp_consultation.helpers import form_token


@pytest.fixture(autouse=True)
def instant_forms(settings):
    settings.KP_CONSULTATION_MIN_FILL_SECONDS = 0


@pytest.fixture
def group(tree):
    group = tree["group"]
    group.ideas_open = True
    group.save_revision().publish()
    return group


def send_idea(client, page, **fields):
    data = {"form_token": form_token(client, page), "section": "", "origin": "",
            "text": "Chybí svoz seniorů k lékaři z malých obcí.", "role": "service_user",
            "website": ""}
    data.update(fields)
    return client.post(f"/konzultace/{page.pk}/pripominka/", data, REMOTE_ADDR="10.0.0.9")


def test_a_group_takes_ideas_all_year_and_tells_its_manager(
        client, group, django_capture_on_commit_callbacks):
    html = client.get(group.url).content.decode()
    assert "Podněty pro skupinu" in html and 'name="form_token"' in html
    with django_capture_on_commit_callbacks(execute=True):
        response = send_idea(client, group)
    assert response.status_code == 302
    idea = Comment.objects.get(page=group)
    assert idea.status == Status.PENDING  # moderated like comments
    assert [m.to for m in mail.outbox] == [["manazerka.tajna@example.cz"]]
    assert "manazerka.tajna" not in client.get(group.url).content.decode()


def test_the_ideas_form_speaks_of_podnety_not_comments(client, group, tree):
    """The group's form is worded for ideas; a plan draft's form still asks for comments."""
    html = client.get(group.url).content.decode()
    assert "Podat podnět" in html and "Odeslat podnět" in html
    assert "Odeslat připomínku" not in html and "Podat připomínku" not in html


def test_a_group_that_takes_no_ideas_refuses_them(client, tree):
    group = tree["group"]
    html = client.get(group.url).content.decode()
    assert "Podněty pro skupinu" not in html
    token = form_token(client, tree["draft"])  # any valid form token
    response = client.post(f"/konzultace/{group.pk}/pripominka/", {
        "form_token": token, "text": "Podnět", "role": "public", "website": ""})
    assert response.status_code == 403
    assert not Comment.objects.filter(page=group).exists()


def test_the_managers_answer_is_public_at_once(client, group):
    CommentFactory(page=group, section="", text="Chybí svoz k lékaři.",
                   decision=Decision.ACCEPTED, decision_reason="Zařadíme do návrhu 3.0.")
    CommentFactory(page=group, section="", text="Čeká na odpověď.")
    html = client.get(group.url).content.decode()
    assert "Chybí svoz k lékaři." in html and "Zařadíme do návrhu 3.0." in html
    assert "Rozhodnutí: akceptováno" in html.replace("</strong>", "").replace("<strong>", "")


def test_ideas_between_drafts_are_listed_on_the_next_draft(client, tree, group):
    now = timezone.now()
    old = tree["draft"]  # its period ends in 23 days
    other_group = WorkingGroupPageFactory(parent=tree["groups_index"], slug="jina",
                                          ideas_open=True)
    between = CommentFactory(page=group, section="", text="Podnět mezi návrhy")
    Comment.objects.filter(pk=between.pk).update(created_at=now + dt.timedelta(days=30))
    early = CommentFactory(page=group, section="", text="Podnět z doby připomínek")
    Comment.objects.filter(pk=early.pk).update(created_at=now + dt.timedelta(days=1))
    CommentFactory(page=group, section="", text="Neschválený podnět", status=Status.PENDING)
    foreign = CommentFactory(page=other_group, section="", text="Podnět jiné skupiny")
    Comment.objects.filter(pk=foreign.pk).update(created_at=now + dt.timedelta(days=30))
    nxt = PlanDraftPageFactory(parent=tree["plan"], slug="navrh-3", version_label="3.0",
                               previous_draft=old,
                               comment_period_start=now + dt.timedelta(days=40),
                               comment_period_end=now + dt.timedelta(days=70),
                               body=[section("Úvod")])
    assert [idea.text for idea in nxt.group_ideas()] == ["Podnět mezi návrhy"]
    html = client.get(nxt.url).content.decode()
    assert "Podněty pracovních skupin zapracované do tohoto návrhu (1)" in html
    assert "Podnět mezi návrhy" in html and "Podnět jiné skupiny" not in html
    assert "Podnět z doby připomínek" not in html


def test_answered_ideas_are_anonymised_after_the_retention_period(group):
    old = CommentFactory(page=group, section="", author_name="Jana Stará",
                         email="stara@example.cz", decision=Decision.NOTED,
                         decision_reason="Projednáme.")
    unanswered = CommentFactory(page=group, section="", author_name="Petr Čeká",
                                email="ceka@example.cz")
    recent = CommentFactory(page=group, section="", author_name="Eva Nová",
                            email="nova@example.cz", decision=Decision.ACCEPTED)
    long_ago = timezone.now() - dt.timedelta(days=800)
    Comment.objects.filter(pk__in=[old.pk, unanswered.pk]).update(updated_at=long_ago)
    call_command("anonymise_comments")
    old.refresh_from_db()
    unanswered.refresh_from_db()
    recent.refresh_from_db()
    assert old.email == "" and old.author_name == "" and old.anonymised_at
    assert unanswered.email == "ceka@example.cz"
    assert recent.email == "nova@example.cz"


def test_the_receipt_of_an_idea_promises_an_answer_on_the_page_not_a_settlement(
        client, group, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        send_idea(client, group, email="obcan@example.cz", consent="on")
    [receipt] = [m for m in mail.outbox if m.to == ["obcan@example.cz"]]
    assert "Odpověď se zobrazí na stránce" in receipt.body
    assert "Po vypořádání" not in receipt.body


def test_many_ideas_are_counted_and_only_the_newest_twenty_listed(client, tree, group):
    now = timezone.now()
    for number in range(25):
        idea = CommentFactory(page=group, section="", text=f"Podnět číslo {number:02d}")
        Comment.objects.filter(pk=idea.pk).update(
            created_at=now + dt.timedelta(days=30, minutes=number))
    nxt = PlanDraftPageFactory(parent=tree["plan"], slug="navrh-3", version_label="3.0",
                               previous_draft=tree["draft"],
                               comment_period_start=now + dt.timedelta(days=40),
                               comment_period_end=now + dt.timedelta(days=70),
                               body=[section("Úvod")])
    html = client.get(nxt.url).content.decode()
    assert "Podněty pracovních skupin zapracované do tohoto návrhu (25)" in html
    assert "Podnět číslo 24" in html and "Podnět číslo 05" in html
    assert "Podnět číslo 04" not in html
    # The link to compare drafts shows while there is another draft.
    assert "Porovnat s jiným návrhem" in html
