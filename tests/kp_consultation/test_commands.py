"""Personal data: anonymising after the settlement, and one person's export or erasure."""

import datetime as dt
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from kp_consultation.management.commands.anonymise_comments import months_ago
from kp_consultation.models import Comment, Settlement
from tests.factories.consultation import CommentFactory, ConsultedPageFactory

pytestmark = pytest.mark.django_db


def settled_page(home_page, months_ago_settled):
    page = ConsultedPageFactory(parent=home_page)
    Settlement.objects.create(
        page=page, settled_at=timezone.now() - dt.timedelta(days=31 * months_ago_settled))
    return page


def test_months_ago_handles_month_ends():
    march_31 = dt.datetime(2026, 3, 31, 12, tzinfo=dt.UTC)
    assert months_ago(march_31, 1) == dt.datetime(2026, 2, 28, 12, tzinfo=dt.UTC)
    assert months_ago(march_31, 12) == dt.datetime(2025, 3, 31, 12, tzinfo=dt.UTC)
    assert months_ago(march_31, 25).year == 2024


def test_anonymise_after_the_configured_months(home_page, capsys):
    old = CommentFactory(page=settled_page(home_page, 13), text="Stará připomínka")
    recent = CommentFactory(page=settled_page(home_page, 2))
    unsettled = CommentFactory(page=ConsultedPageFactory(parent=home_page))
    call_command("anonymise_comments", "--dry-run")
    assert "1" in capsys.readouterr().out
    assert Comment.objects.get(pk=old.pk).email == old.email  # dry run changed nothing
    call_command("anonymise_comments")
    old.refresh_from_db()
    assert (old.author_name, old.email, old.organisation, old.municipality) == ("", "", "", "")
    assert old.anonymised_at is not None and old.text == "Stará připomínka"
    for kept in (recent, unsettled):
        assert Comment.objects.get(pk=kept.pk).email == kept.email
    call_command("anonymise_comments", "--months", "1")
    assert Comment.objects.get(pk=recent.pk).email == ""
    assert Comment.objects.get(pk=unsettled.pk).email == unsettled.email


def test_export_erase_and_delete_one_persons_comments(draft, capsys):
    mine = CommentFactory.create_batch(2, page=draft, email="Jana@Example.cz")
    other = CommentFactory(page=draft, email="petr@example.cz")
    call_command("comments_by_email", "jana@example.cz", "--export")
    exported = json.loads(capsys.readouterr().out)
    assert sorted(row["id"] for row in exported) == sorted(c.pk for c in mine)
    assert all(row["email"] == "Jana@Example.cz" for row in exported)
    call_command("comments_by_email", "jana@example.cz", "--erase")
    assert set(Comment.objects.filter(pk__in=[c.pk for c in mine])
               .values_list("email", "author_name")) == {("", "")}
    assert Comment.objects.get(pk=other.pk).email == "petr@example.cz"
    call_command("comments_by_email", "petr@example.cz", "--delete")
    assert not Comment.objects.filter(pk=other.pk).exists()
    with pytest.raises(CommandError):
        call_command("comments_by_email", "not-an-address", "--export")
