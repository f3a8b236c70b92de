"""Staff moderation (wagtail-modeladmin area), comments entered by staff, manager notices."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.management import call_command

from kp_consultation.models import Channel, Comment, Status
from tests.factories.consultation import CommentFactory

from .helpers import page_html, post_api

pytestmark = pytest.mark.django_db

INDEX = "/admin/kp_consultation/comment/"
BULK = "/admin/konzultace/hromadne/"


@pytest.fixture
def moderator(django_user_model):
    user = django_user_model.objects.create_user("moderator", "mod@example.cz", "x")
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


@pytest.fixture
def outsider(django_user_model):
    """Has the admin but no comment permissions."""
    user = django_user_model.objects.create_user("outsider", "out@example.cz", "x")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


def test_moderators_see_the_comments_with_filters(client, moderator, draft):
    CommentFactory(page=draft, status=Status.PENDING, text="Čekající na moderaci")
    CommentFactory(page=draft, status=Status.PUBLISHED, text="Už zveřejněná",
                   channel=Channel.PAPER)
    client.force_login(moderator)
    everything = client.get(INDEX).content.decode()
    assert "Čekající na moderaci" in everything and "Už zveřejněná" in everything
    pending = client.get(INDEX, {"status": "pending"}).content.decode()
    assert "Čekající na moderaci" in pending and "Už zveřejněná" not in pending
    paper = client.get(INDEX, {"channel": "paper"}).content.decode()
    assert "Už zveřejněná" in paper and "Čekající na moderaci" not in paper
    by_page = client.get(INDEX, {"page": draft.pk, "section": "priority-seniors"})
    assert "Už zveřejněná" in by_page.content.decode()


def test_anonymous_and_users_without_permission_get_nothing(client, outsider, draft):
    CommentFactory(page=draft, status=Status.PENDING, text="Tajný obsah")
    response = client.get(INDEX)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    client.force_login(outsider)
    assert "Tajný obsah" not in client.get(INDEX, follow=True).content.decode()
    comment = Comment.objects.get()
    client.post(BULK, {"ids": [comment.pk], "action": "publish"})
    comment.refresh_from_db()
    assert comment.status == Status.PENDING


def test_bulk_publish(client, moderator, draft):
    comments = CommentFactory.create_batch(3, page=draft, status=Status.PENDING)
    client.force_login(moderator)
    response = client.post(BULK, {"ids": [c.pk for c in comments[:2]], "action": "publish"})
    assert response.status_code == 302
    statuses = dict(Comment.objects.values_list("pk", "status"))
    assert [statuses[c.pk] for c in comments] == [Status.PUBLISHED, Status.PUBLISHED,
                                                 Status.PENDING]
    assert Comment.objects.get(pk=comments[0].pk).moderated_by == moderator


def test_bulk_reject_needs_a_reason_and_leaves_a_placeholder(client, moderator, draft):
    comment = CommentFactory(page=draft, status=Status.PUBLISHED, text="Nevhodný text")
    client.force_login(moderator)
    client.post(BULK, {"ids": [comment.pk], "action": "reject", "reason": "  "})
    comment.refresh_from_db()
    assert comment.status == Status.PUBLISHED
    client.post(BULK, {"ids": [comment.pk], "action": "reject", "reason": "Urážky."})
    comment.refresh_from_db()
    assert comment.status == Status.REJECTED and comment.moderation_reason == "Urážky."
    client.logout()
    html = page_html(client, draft)
    assert "Nevhodný text" not in html
    assert "Připomínka byla odstraněna moderátorem: Urážky." in html


def test_bulk_redirect_stays_inside_the_admin(client, moderator, draft):
    comment = CommentFactory(page=draft, status=Status.PENDING)
    client.force_login(moderator)
    response = client.post(BULK, {"ids": [comment.pk], "action": "publish",
                                  "next": "https://evil.example/"})
    assert response["Location"] == INDEX


def test_staff_enter_a_paper_comment(client, moderator, draft):
    client.force_login(moderator)
    form = client.get(INDEX + "create/")
    assert form.status_code == 200
    response = client.post(INDEX + "create/", {
        "page": draft.pk, "section": "financing", "text": "Dopis starosty obce Branky.",
        "channel": "paper", "author_name": "Starosta obce", "organisation": "Obec Branky",
        "role": "commissioner", "municipality": "Branky", "email": "", "consent": "on",
        "status": "published", "moderation_reason": "", "decision": "",
        "decision_reason": "", "responsible_group": "", "next_draft_link": "",
    })
    assert response.status_code == 302, response.content.decode()[:3000]
    comment = Comment.objects.get()
    assert (comment.channel, comment.status, comment.section) == (
        Channel.PAPER, Status.PUBLISHED, "financing")
    client.logout()
    assert "podáno písemně" in page_html(client, draft)


def test_staff_form_refuses_an_unknown_section(client, moderator, draft):
    client.force_login(moderator)
    client.post(INDEX + "create/", {
        "page": draft.pk, "section": "nic", "text": "X", "channel": "paper",
        "role": "public", "status": "published"})
    assert not Comment.objects.exists()


def test_managers_are_notified_at_once(client, draft, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        post_api(client, draft, text="Nová připomínka k seniorům")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["manazer@example.cz"]
    assert "Nová připomínka k seniorům" in message.body
    assert f"/admin/kp_consultation/comment/?page={draft.pk}" in message.body
    assert Comment.objects.get().managers_notified_at is not None


def test_daily_digest(client, draft, settings, django_capture_on_commit_callbacks):
    settings.KP_CONSULTATION_MANAGER_NOTIFICATIONS = "digest"
    with django_capture_on_commit_callbacks(execute=True):
        post_api(client, draft, text="První")
        post_api(client, draft, text="Druhá")
    assert mail.outbox == []
    call_command("send_comment_digest")
    assert len(mail.outbox) == 1
    assert "První" in mail.outbox[0].body and "Druhá" in mail.outbox[0].body
    call_command("send_comment_digest")
    assert len(mail.outbox) == 1


def test_overview_lists_consultations_for_staff_only(client, moderator, outsider, draft):
    CommentFactory(page=draft, status=Status.PENDING)
    client.force_login(outsider)
    assert draft.title not in client.get("/admin/konzultace/", follow=True).content.decode()
    assert client.get(f"/admin/konzultace/{draft.pk}/import/").status_code in (302, 403)
    client.force_login(moderator)
    html = client.get("/admin/konzultace/").content.decode()
    assert draft.title in html
    assert f"/admin/konzultace/{draft.pk}/vyporadat/" in html


def test_the_mixin_names_no_managers_by_default():
    from kp_consultation.mixins import ConsultationPageMixin

    assert ConsultationPageMixin.consultation_manager_emails(object()) == []


def test_editing_a_comment_records_the_moderator_and_checks_the_decision(client, moderator,
                                                                       draft):
    comment = CommentFactory(page=draft, status=Status.PENDING, section="financing")
    client.force_login(moderator)
    data = {
        "page": draft.pk, "section": "financing", "text": comment.text, "channel": "web",
        "author_name": comment.author_name, "organisation": "", "role": "provider",
        "municipality": "", "email": comment.email, "consent": "on", "status": "published",
        "moderation_reason": "", "decision": "rejected", "decision_reason": "",
        "responsible_group": "", "next_draft_link": "",
    }
    url = f"{INDEX}edit/{comment.pk}/"
    refused = client.post(url, data)
    assert refused.status_code == 200  # the form again, with the missing reason marked
    comment.refresh_from_db()
    assert comment.status == Status.PENDING and comment.decision == ""
    data["decision_reason"] = "Nespadá do plánu."
    assert client.post(url, data).status_code == 302
    comment.refresh_from_db()
    assert (comment.status, comment.decision, comment.moderated_by) == (
        Status.PUBLISHED, "rejected", moderator)
