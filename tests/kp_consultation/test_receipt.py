"""The receipt: a commenter who left an e-mail with consent is told the comment arrived, with
the link to their own comments; a mail failure never costs the comment."""

import logging
import re

import pytest
from django.core import mail

from kp_consultation.models import Comment, Status

from .helpers import post_api, post_form

pytestmark = pytest.mark.django_db

LINK = re.compile(r"http://\S+/konzultace/moje-pripominky/(\S+)/")


def receipts(address):
    return [m for m in mail.outbox if [to.lower() for to in m.to] == [address]]


def test_a_web_comment_with_email_and_consent_gets_a_receipt(
        client, draft, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = post_form(client, draft, text="Chybí denní stacionář v Kelči.",
                             email="Jana@Example.cz", consent="on", author_name="Jana")
    assert response.status_code == 302
    [receipt] = receipts("jana@example.cz")
    assert draft.title in receipt.subject
    assert "Chybí denní stacionář v Kelči." in receipt.body
    comment = Comment.objects.get()
    expected = ("zveřejněna" if comment.status == Status.PUBLISHED else "čeká na moderaci")
    assert expected in receipt.body
    assert "rozhodnutí" in receipt.body
    token = LINK.search(receipt.body).group(1)
    mine = client.get(f"/konzultace/moje-pripominky/{token}/")
    assert mine.status_code == 200
    assert "Chybí denní stacionář v Kelči." in mine.content.decode()


def test_a_premoderated_comment_is_said_to_await_moderation(
        client, draft, django_capture_on_commit_callbacks):
    draft.comments_premoderated = True
    draft.save_revision().publish()
    with django_capture_on_commit_callbacks(execute=True):
        post_api(client, draft, email="petr@example.cz", consent=True)
    [receipt] = receipts("petr@example.cz")
    assert "čeká na moderaci" in receipt.body


def test_no_receipt_without_an_address_and_none_for_a_retry(
        client, draft, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert post_api(client, draft).status_code == 201
        for _attempt in range(2):
            post_api(client, draft, email="eva@example.cz", consent=True,
                     submission_id="klic-1")
    assert Comment.objects.count() == 2
    assert [m.to for m in mail.outbox if m.to != ["manazer@example.cz"]] == [
        ["eva@example.cz"]]


def test_one_address_gets_a_bounded_number_of_receipts(
        client, draft, settings, django_capture_on_commit_callbacks):
    settings.KP_CONSULTATION_RATE_LIMIT = 100
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(8):
            assert post_api(client, draft, text=f"Připomínka {number}",
                            email="obet@example.cz", consent=True).status_code == 201
    assert Comment.objects.count() == 8
    assert len(receipts("obet@example.cz")) == 5


def test_a_broken_mail_server_does_not_cost_the_comment(
        client, draft, settings, caplog, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "tests.kp_consultation.broken_mail.BrokenBackend"
    settings.KP_CONSULTATION_MANAGER_NOTIFICATIONS = "digest"
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        response = post_api(client, draft, email="jana@example.cz", consent=True)
    assert response.status_code == 201
    assert Comment.objects.filter(email="jana@example.cz").exists()
    assert "Receipt e-mail for comment" in caplog.text
    assert "jana@example.cz" not in caplog.text


def test_a_mail_server_that_never_answers_delays_the_comment_by_the_timeout_only(
        client, draft, settings, caplog, django_capture_on_commit_callbacks):
    """An SMTP server that accepts the connection and then says nothing: the comment is stored
    and answered once the (production-set) timeout runs out, instead of holding the worker."""
    import socket
    import time

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)  # accepts connections into its backlog and never greets them
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", listener.getsockname()[1]
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 0.5
    try:
        started = time.monotonic()
        with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
            response = post_api(client, draft, email="jana@example.cz", consent=True)
        elapsed = time.monotonic() - started
    finally:
        listener.close()
    assert response.status_code == 201
    assert Comment.objects.filter(email="jana@example.cz").exists()
    # Two messages wait for the server (the receipt and the managers' notice), 0.5 s each;
    # without a timeout the request would not end at all.
    assert elapsed < 5, elapsed
    assert "Receipt e-mail for comment" in caplog.text


def test_a_failed_notice_to_the_managers_waits_for_the_digest(
        client, draft, settings, caplog, django_capture_on_commit_callbacks):
    from kp_consultation.notifications import send_digest

    settings.EMAIL_BACKEND = "tests.kp_consultation.broken_mail.BrokenBackend"
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        response = post_api(client, draft)
    assert response.status_code == 201
    comment = Comment.objects.get()
    assert comment.managers_notified_at is None
    assert f"Notice of comment {comment.pk} to the managers failed" in caplog.text
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_digest() == 1
    comment.refresh_from_db()
    assert comment.managers_notified_at is not None
    assert comment.text in mail.outbox[-1].body
