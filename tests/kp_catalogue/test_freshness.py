"""Freshness: "data verified on", the one-click confirmation, stale flags and reminders."""

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from kp_catalogue.admin.provider_views import CONFIRM_ACTION
from kp_catalogue.freshness import months_before, stale_cutoff
from kp_catalogue.models import Service, StaleReminder
from tests.factories.catalogue import ProviderFactory, ServiceFactory

pytestmark = pytest.mark.django_db


def long_ago():
    return stale_cutoff() - dt.timedelta(days=1)


def test_months_before_handles_month_ends_and_years():
    assert months_before(dt.date(2026, 8, 31), 6) == dt.date(2026, 2, 28)
    assert months_before(dt.date(2026, 3, 15), 6) == dt.date(2025, 9, 15)


def test_confirm_updates_only_the_date_and_keeps_the_draft_pending(client, org_a):
    service = org_a.service
    Service.objects.filter(pk=service.pk).update(assured_date=long_ago())
    client.force_login(org_a.user)
    response = client.post(reverse("kp_catalogue_confirm_service", args=[service.pk]),
                           {"next": "https://evil.example/"})
    assert response["Location"] == "/admin/"
    service.refresh_from_db()
    assert service.assured_date == timezone.localdate()
    assert org_a.draft_marker not in service.description  # the pending draft stays a draft
    assert service.has_unpublished_changes
    assert ModelLogEntry.objects.filter(action=CONFIRM_ACTION, object_id=str(service.pk),
                                        user=org_a.user).exists()


def test_confirm_needs_post(client, org_a):
    client.force_login(org_a.user)
    response = client.get(reverse("kp_catalogue_confirm_service", args=[org_a.service.pk]))
    assert response.status_code == 405


def test_publishing_an_older_draft_keeps_the_newer_confirmation(org_a, editor):
    service = org_a.service
    Service.objects.filter(pk=service.pk).update(assured_date=timezone.localdate())
    service.refresh_from_db()
    service.latest_revision.publish(user=editor)
    service.refresh_from_db()
    assert service.assured_date == timezone.localdate()


def test_public_detail_shows_date_and_stale_flag(client, catalogue):
    fresh = ServiceFactory(name="Čerstvá", assured_date=timezone.localdate())
    stale = ServiceFactory(name="Zastaralá", assured_date=long_ago())
    fresh_html = client.get(catalogue.service_url(fresh)).content.decode()
    stale_html = client.get(catalogue.service_url(stale)).content.decode()
    assert "Údaje ověřeny" in fresh_html and "mohou být zastaralé" not in fresh_html
    assert "mohou být zastaralé" in stale_html


def test_setting_changes_the_threshold(client, catalogue, settings):
    service = ServiceFactory(assured_date=timezone.localdate() - dt.timedelta(days=45))
    settings.KP_CATALOGUE_STALE_AFTER_MONTHS = 6
    assert "mohou být zastaralé" not in client.get(catalogue.service_url(service)).content.decode()
    settings.KP_CATALOGUE_STALE_AFTER_MONTHS = 1
    assert "mohou být zastaralé" in client.get(catalogue.service_url(service)).content.decode()


def test_remind_dry_run_sends_nothing(org_a):
    Service.objects.filter(pk=org_a.service.pk).update(assured_date=long_ago())
    mail.outbox.clear()
    call_command("remind_stale_services", "--dry-run")
    assert mail.outbox == [] and not StaleReminder.objects.exists()


def test_remind_emails_provider_and_members_once(org_a, org_b):
    Service.objects.filter(pk=org_a.service.pk).update(assured_date=long_ago())
    Service.objects.filter(pk=org_b.service.pk).update(assured_date=timezone.localdate())
    mail.outbox.clear()
    call_command("remind_stale_services")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert set(message.to) == {org_a.provider.email, org_a.user.email}
    assert org_a.marker in message.body and org_b.marker not in message.body
    call_command("remind_stale_services")
    assert len(mail.outbox) == 1  # not again within the reminder interval


def test_a_failing_mailbox_costs_no_other_provider_its_reminder(org_a, org_b, monkeypatch):
    from kp_catalogue.management.commands import remind_stale_services as command

    Service.objects.filter(pk__in=[org_a.service.pk, org_b.service.pk]).update(
        assured_date=long_ago())
    real_send = command.send_mail
    refused = {org_a.provider.email}
    attempts = []

    def send_mail(**kwargs):
        attempts.append(set(kwargs["recipient_list"]))
        if refused & set(kwargs["recipient_list"]):
            raise OSError("Connection refused")
        return real_send(**kwargs)

    monkeypatch.setattr(command, "send_mail", send_mail)
    mail.outbox.clear()
    with pytest.raises(CommandError, match="příštím spuštění.*" + org_a.provider.name):
        call_command("remind_stale_services")
    assert len(attempts) == 2  # the second provider was still tried, whatever the order
    assert [set(m.to) for m in mail.outbox] == [{org_b.provider.email, org_b.user.email}]
    # Only the delivered reminder is recorded, so the next run tries the failed one again.
    assert list(StaleReminder.objects.values_list("provider_id", flat=True)) == [org_b.provider.pk]
    refused.clear()
    call_command("remind_stale_services")
    assert [set(m.to) for m in mail.outbox][1] == {org_a.provider.email, org_a.user.email}
    assert StaleReminder.objects.count() == 2


def test_remind_skips_unpublished_and_ended(db):
    provider = ProviderFactory()
    ServiceFactory(provider=provider, live=False, assured_date=None)
    ServiceFactory(provider=provider, status="defunct", assured_date=None)
    mail.outbox.clear()
    call_command("remind_stale_services")
    assert mail.outbox == []
