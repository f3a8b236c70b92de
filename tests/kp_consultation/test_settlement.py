"""Settling a consultation: decisions, the mark that survives revisions, notices, exports,
and decisions imported from an edited XLSX."""

import io

import openpyxl
import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command

from kp_consultation.models import Comment, Decision, Settlement, Status
from kp_consultation.settlement import settle, settlement_problems
from tests.factories.consultation import CommentFactory, ConsultedPageFactory, closed_period
from tests.testapp.models import ConsultedPage

from .helpers import page_html

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed(draft):
    for name, value in closed_period().items():
        setattr(draft, name, value)
    draft.save_revision().publish()
    return draft


def decided(page, **kwargs):
    defaults = {"decision": Decision.ACCEPTED, "responsible_group": "PS Senioři"}
    return CommentFactory(page=page, **{**defaults, **kwargs})


def test_settle_page_lists_what_is_missing(admin_client, closed):
    CommentFactory(page=closed, decision="")
    html = admin_client.get(f"/admin/konzultace/{closed.pk}/vyporadat/").content.decode()
    assert "Zveřejněné připomínky bez rozhodnutí: 1." in html
    assert "Označit jako vypořádané" not in html
    admin_client.post(f"/admin/konzultace/{closed.pk}/vyporadat/")
    assert not Settlement.objects.exists()


def test_cannot_settle_while_open(draft):
    decided(draft)
    assert settlement_problems(draft) == ["Připomínkové období ještě neskončilo."]


def test_cannot_settle_with_work_left(closed):
    CommentFactory(page=closed, status=Status.PENDING)
    CommentFactory(page=closed, decision="")
    CommentFactory(page=closed, decision=Decision.REJECTED, decision_reason="")
    problems = settlement_problems(closed)
    assert problems == ["Na schválení stále čeká připomínek: 1.",
                        "Zveřejněné připomínky bez rozhodnutí: 1.",
                        "Rozhodnutí bez zdůvodnění: 1."]
    with pytest.raises(ValidationError):
        settle(closed)
    assert not Settlement.objects.exists()


def test_reason_required_unless_accepted():
    comment = Comment(text="x", decision=Decision.NOTED)
    with pytest.raises(ValidationError) as error:
        comment.clean()
    assert "decision_reason" in error.value.message_dict
    Comment(text="x", decision=Decision.ACCEPTED).clean()


def test_settling_through_the_admin_publishes_the_table(admin_client, client, closed):
    decided(closed, section="financing", text="Více peněz na terénní služby")
    decided(closed, section="priority-seniors", text="Odlehčovací služba",
            decision=Decision.PARTLY_ACCEPTED, decision_reason="Jen v Kelči.",
            next_draft_link="#priority-seniors-v2")
    CommentFactory(page=closed, status=Status.REJECTED, moderation_reason="Spam.",
                   text="Zamítnutá reklama")
    form = admin_client.get(f"/admin/konzultace/{closed.pk}/vyporadat/").content.decode()
    assert "Označit jako vypořádané" in form
    response = admin_client.post(f"/admin/konzultace/{closed.pk}/vyporadat/")
    assert response.status_code == 302
    page = ConsultedPage.objects.get(pk=closed.pk)
    assert page.comments_settled_at == Settlement.objects.get(page=closed).settled_at
    client.logout()
    html = page_html(client, page)
    table = html[html.index('id="vyporadani"'):]
    # Grouped in the document's order: seniors before financing.
    assert table.index("<caption>Priorita 1: Senioři</caption>") < table.index(
        "<caption>Financování</caption>")
    assert "částečně akceptováno" in table and "Jen v Kelči." in table
    assert 'href="#priority-seniors-v2"' in table
    assert "Zamítnutá reklama" not in table
    api = client.get(f"/api/v3/consultations/{closed.pk}/settlement/").json()
    assert [s["anchor"] for s in api["sections"]] == ["priority-seniors", "financing"]
    assert api["sections"][0]["comments"][0]["decision_label"] == "částečně akceptováno"


def test_settlement_survives_later_publications(closed):
    decided(closed)
    old_revision = closed.latest_revision
    settle(closed)
    settled_at = ConsultedPage.objects.get(pk=closed.pk).comments_settled_at
    assert settled_at is not None
    # The editor edits the draft (from the latest revision) and publishes.
    editing = ConsultedPage.objects.get(pk=closed.pk).get_latest_revision_as_object()
    editing.intro = "Upravený úvod po vypořádání."
    editing.save_revision().publish()
    reloaded = ConsultedPage.objects.get(pk=closed.pk)
    assert reloaded.intro == "Upravený úvod po vypořádání."
    assert reloaded.comments_settled_at == settled_at
    # Even republishing a revision from before the settlement keeps it.
    old_revision.publish()
    assert ConsultedPage.objects.get(pk=closed.pk).comments_settled_at == settled_at


def test_a_revision_cannot_invent_a_settlement(closed):
    from django.utils import timezone

    forged = ConsultedPage.objects.get(pk=closed.pk)
    forged.comments_settled_at = timezone.now()
    forged.save_revision().publish()
    assert ConsultedPage.objects.get(pk=closed.pk).comments_settled_at is None


def test_editors_without_publish_permission_cannot_settle(client, django_user_model, closed):
    decided(closed)
    editor = django_user_model.objects.create_user("editor2", "e@example.cz", "x")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    client.post(f"/admin/konzultace/{closed.pk}/vyporadat/")
    assert not Settlement.objects.exists()


def test_commenters_with_an_email_and_consent_are_told_the_decision_once(closed):
    # No box to tick: an address left with consent is enough.
    decided(closed, email="chce@example.cz", consent=True, text="Chci vědět")
    decided(closed, email="Chce@Example.cz", consent=True, text="Druhá moje")
    decided(closed, email="bez.souhlasu@example.cz", author_name="", consent=False)
    decided(closed, email="", author_name="", consent=False, text="Anonymní")
    CommentFactory(page=closed, status=Status.REJECTED, moderation_reason="x",
                   email="zamitnuty@example.cz")
    assert settle(closed, table_url="http://testserver/navrh/#vyporadani") == 1
    assert [m.to for m in mail.outbox] == [["chce@example.cz"]]
    body = mail.outbox[0].body
    assert "Chci vědět" in body and "Druhá moje" in body and "akceptováno" in body
    assert "http://testserver/navrh/#vyporadani" in body
    # Idempotent: the outbox run afterwards tells nobody again.
    call_command("send_notifications")
    assert len(mail.outbox) == 1
    assert not Comment.objects.filter(consent=True, settlement_notified_at__isnull=True,
                                      status=Status.PUBLISHED).exists()


def test_the_comment_form_says_the_decision_is_emailed_and_has_no_extra_box(client, draft):
    html = page_html(client, draft)
    assert 'name="notify_on_settlement"' not in html
    assert "po vypořádání rozhodnutí" in html


# Transactional: SQLite alters tables only outside a transaction.
@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_old_settlements_quiet(settings):
    # Commenters on a consultation settled before the checkbox went away, who had not ticked
    # it, are marked as told (they never asked); a ticked box and open consultations stay
    # to be told by the next run.
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor
    from django.utils.translation import get_supported_language_variant
    from wagtail.models import Locale, Page

    # An earlier transactional test may have flushed what Wagtail's migrations made.
    Locale.objects.get_or_create(
        language_code=get_supported_language_variant(settings.LANGUAGE_CODE))
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
    settled_page = ConsultedPageFactory(parent=root, slug="stary")
    open_page = ConsultedPageFactory(parent=root, slug="otevreny")
    before = [("kp_consultation", "0004_paragraphs_cosignatures_next_section")]
    after = [("kp_consultation", "0005_decision_mail_without_checkbox")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    OldComment = old.get_model("kp_consultation", "Comment")
    old.get_model("kp_consultation", "Settlement").objects.create(page_id=settled_page.pk)
    ids = {name: OldComment.objects.create(page_id=page.pk, text=name, email=f"{name}@x.cz",
                                           consent=True, notify_on_settlement=flag).pk
           for name, page, flag in [("unticked", settled_page, False),
                                    ("ticked", settled_page, True),
                                    ("open", open_page, False)]}
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)
    told = {name: Comment.objects.get(pk=pk).settlement_notified_at is not None
            for name, pk in ids.items()}
    assert told == {"unticked": True, "ticked": False, "open": False}


def export_rows(client, page):
    response = client.get(f"/konzultace/{page.pk}/vyporadani.xlsx")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.getvalue())).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_xlsx_export_reads_back_with_escaped_formulas(client, closed):
    decided(closed, text="=HYPERLINK(\"http://evil.example\",\"klikni\")", section="financing")
    decided(closed, text="Běžná připomínka", author_name="", consent=False,
            decision=Decision.NOTED, decision_reason="@SUM(A1)")
    settle(closed)
    rows = export_rows(client, closed)
    assert rows[0] == ["Číslo", "Oddíl", "Připomínka", "Autor", "Organizace", "Role",
                       "Způsob podání", "Přijato", "Připojilo se", "Rozhodnutí", "Zdůvodnění",
                       "Odpovědná skupina", "Oddíl v další verzi návrhu",
                       "Odkaz na další verzi návrhu"]
    by_text = {row[2]: row for row in rows[1:]}
    assert "'=HYPERLINK(\"http://evil.example\",\"klikni\")" in by_text
    plain = by_text["Běžná připomínka"]
    assert plain[3] == "Anonymní" and plain[9] == "vzato na vědomí" and plain[10] == "'@SUM(A1)"
    assert rows[1][1] == "Priorita 1: Senioři"  # in the document's order


def test_csv_export_has_a_bom_and_escapes(client, closed):
    decided(closed, text="+420 123 456 789 volejte")
    settle(closed)
    response = client.get(f"/konzultace/{closed.pk}/vyporadani.csv")
    text = response.getvalue().decode("utf-8")
    assert text.startswith("\ufeffČíslo,")
    assert "'+420 123 456 789 volejte" in text
    assert 'filename="vyporadani-' in response["Content-Disposition"]


def edited_export(client, page, edits):
    response = client.get(f"/konzultace/{page.pk}/vyporadani.xlsx")
    workbook = openpyxl.load_workbook(io.BytesIO(response.getvalue()))
    sheet = workbook.active
    header = [cell.value for cell in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        number = int(row[0].value)
        for column, value in edits.get(number, {}).items():
            row[header.index(column)].value = value
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = "vyporadani.xlsx"
    return buffer


def test_import_decisions_with_a_dry_run_preview(admin_client, closed):
    first = CommentFactory(page=closed, decision="")
    second = CommentFactory(page=closed, decision="")
    upload = edited_export(admin_client, closed, {
        first.pk: {"Rozhodnutí": "akceptováno", "Odpovědná skupina": "PS Senioři"},
        second.pk: {"Rozhodnutí": "neakceptováno", "Zdůvodnění": "'-5 % rozpočtu nestačí",
                    "Připomínka": "Změněný text se neimportuje"},
    })
    url = f"/admin/konzultace/{closed.pk}/import/"
    assert "Náhled importu" in admin_client.get(url).content.decode()
    preview = admin_client.post(url, {"file": upload})
    assert preview.status_code == 200
    assert "Potvrdit import" in preview.content.decode()
    assert set(Comment.objects.values_list("decision", flat=True)) == {""}
    confirmed = admin_client.post(url, {"confirm": "1"})
    assert confirmed.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.decision, first.responsible_group) == (Decision.ACCEPTED, "PS Senioři")
    assert (second.decision, second.decision_reason) == (Decision.REJECTED,
                                                         "-5 % rozpočtu nestačí")
    assert second.text != "Změněný text se neimportuje"
    assert settlement_problems(closed) == []


@pytest.mark.parametrize("edit", [
    {"Rozhodnutí": "neakceptováno", "Zdůvodnění": ""},
    {"Rozhodnutí": "možná"},
])
def test_import_with_errors_changes_nothing(admin_client, closed, edit):
    comment = CommentFactory(page=closed, decision="")
    upload = edited_export(admin_client, closed, {comment.pk: edit})
    preview = admin_client.post(f"/admin/konzultace/{closed.pk}/import/", {"file": upload})
    html = preview.content.decode()
    assert "Potvrdit import" not in html
    assert admin_client.post(f"/admin/konzultace/{closed.pk}/import/",
                             {"confirm": "1"}).status_code == 302
    comment.refresh_from_db()
    assert comment.decision == ""


def test_import_cannot_touch_comments_of_another_page(admin_client, closed, home_page):
    from tests.factories.consultation import ConsultedPageFactory

    other = CommentFactory(page=ConsultedPageFactory(parent=home_page), decision="")
    mine = CommentFactory(page=closed, decision="")
    upload = edited_export(admin_client, closed, {mine.pk: {"Rozhodnutí": "akceptováno"}})
    workbook = openpyxl.load_workbook(upload)
    workbook.active.append([other.pk, "", "", "", "", "", "", "", "akceptováno", "", "", ""])
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = "x.xlsx"
    preview = admin_client.post(f"/admin/konzultace/{closed.pk}/import/", {"file": buffer})
    assert "Potvrdit import" not in preview.content.decode()
    other.refresh_from_db()
    assert other.decision == ""
