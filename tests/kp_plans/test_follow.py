"""Following a plan, a working group or a municipality's catalogue by e-mail, end to end:
double opt-in, no enumeration, the cron command (idempotent, crash-safe, dry run), one-click
unsubscribe (RFC 8058), the manage page, and the decision on one's own comment."""

import datetime as dt
import re
from unittest import mock

import pytest
from django.core import mail, signing
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import timezone

from kp_catalogue.models import Municipality, ServiceStatus
from kp_consultation.follow import sending, tokens
from kp_consultation.follow.models import Delivery, Event, Frequency, Subscriber, Subscription
from kp_consultation.models import Decision
from kp_consultation.settlement import settle
from tests.factories.catalogue import CatalogueIndexPageFactory, ServiceFactory
from tests.factories.consultation import CommentFactory
from tests.factories.plans import MeetingFactory, PlanDraftPageFactory, section

SUBSCRIBE = "/konzultace/odber/"


@pytest.fixture(autouse=True)
def instant_forms(settings):
    settings.KP_CONSULTATION_MIN_FILL_SECONDS = 0


def form_token(client, topic):
    page = client.get(SUBSCRIBE, {"tema": topic})
    assert page.status_code == 200
    return re.search(r'name="form_token" value="([^"]+)"', page.content.decode()).group(1)


def subscribe(client, topic, email, frequency="instant", **extra):
    data = {"tema": topic, "email": email, "frequency": frequency,
            "form_token": form_token(client, topic), "website": ""}
    data.update(extra)
    return client.post(SUBSCRIBE, data)


def link_in(message, name):
    return re.search(rf"(http://testserver/konzultace/odber/{name}/[^/\s]+/)", message.body).group(1)


def confirmed(client, topic, email, frequency="instant"):
    mail.outbox.clear()
    subscribe(client, topic, email, frequency)
    url = link_in(mail.outbox[-1], "potvrdit")
    assert client.post(url).status_code == 200
    mail.outbox.clear()
    return Subscriber.objects.get(email=email)


def test_double_opt_in(client, tree):
    topic = f"plan:{tree['plan'].pk}"
    response = subscribe(client, topic, "Jana@Example.cz")
    assert response.status_code == 200
    assert "Zkontrolujte svou schránku" in response.content.decode()
    subscription = Subscription.objects.get()
    assert subscription.confirmed_at is None
    assert subscription.subscriber.email == "jana@example.cz"
    url = link_in(mail.outbox[0], "potvrdit")
    # Opening the link (a mail scanner does) only asks.
    assert client.get(url).status_code == 200
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None
    response = client.post(url)
    assert response.status_code == 200
    assert response["Referrer-Policy"] == "no-referrer"
    subscription.refresh_from_db()
    assert subscription.confirmed_at is not None


def test_confirmation_link_expires_and_cannot_be_forged(client, tree):
    subscribe(client, f"plan:{tree['plan'].pk}", "jana@example.cz")
    url = link_in(mail.outbox[0], "potvrdit")
    assert client.post(url.replace("/potvrdit/", "/potvrdit/x")).status_code == 400
    token = url.rstrip("/").rsplit("/", 1)[1]
    # Another purpose's token (the unsubscribe one) does not confirm.
    other = signing.dumps(signing.loads(token, salt=tokens.CONFIRM_SALT),
                          salt=tokens.UNSUBSCRIBE_SALT)
    assert client.post(f"/konzultace/odber/potvrdit/{other}/").status_code == 400
    later = timezone.now() + dt.timedelta(seconds=tokens.CONFIRM_MAX_AGE + 60)
    with mock.patch("django.core.signing.time.time", return_value=later.timestamp()):
        assert client.post(url).status_code == 400
    assert Subscription.objects.get().confirmed_at is None


def test_the_same_answer_for_a_known_and_an_unknown_address(client, tree):
    topic = f"plan:{tree['plan'].pk}"
    confirmed(client, topic, "znama@example.cz")
    known = subscribe(client, topic, "znama@example.cz")
    unknown = subscribe(client, topic, "neznama@example.cz")
    assert known.status_code == unknown.status_code == 200
    assert known.content == unknown.content
    # The owner of the known address is told so privately, not the visitor.
    assert {m.to[0] for m in mail.outbox} == {"znama@example.cz", "neznama@example.cz"}
    assert "znama@example.cz" not in known.content.decode()


def test_spam_defences_and_bad_input(client, tree, settings):
    topic = f"plan:{tree['plan'].pk}"
    assert subscribe(client, topic, "a@example.cz", website="http://spam").status_code == 400
    assert subscribe(client, topic, "a@example.cz", form_token="forged").status_code == 400
    assert subscribe(client, topic, "neni-adresa").status_code == 400
    assert subscribe(client, topic, "a@example.cz", frequency="hourly").status_code == 400
    assert client.get(SUBSCRIBE, {"tema": "plan:999999"}).status_code == 404
    assert client.get(SUBSCRIBE, {"tema": "nic:1"}).status_code == 404
    assert client.get(SUBSCRIBE, {"tema": "plan:" + "9" * 40}).status_code == 404
    assert not Subscriber.objects.exists()
    settings.KP_CONSULTATION_MIN_FILL_SECONDS = 60
    response = subscribe(client, topic, "a@example.cz")
    assert response.status_code == 400
    settings.KP_CONSULTATION_MIN_FILL_SECONDS = 0
    settings.KP_CONSULTATION_RATE_LIMIT = 2
    statuses = [subscribe(client, topic, f"r{n}@example.cz").status_code for n in range(4)]
    assert statuses[-1] == 429
    assert "Příliš mnoho" in subscribe(client, topic, "x@example.cz").content.decode()


def test_an_address_gets_few_confirmation_mails_whoever_asks(client, tree):
    topic = f"plan:{tree['plan'].pk}"
    for _n in range(6):
        assert subscribe(client, topic, "obet@example.cz").status_code == 200
    assert len(mail.outbox) == 3


def test_new_draft_reaches_confirmed_subscribers_once_with_one_click_unsubscribe(client, tree):
    topic = f"plan:{tree['plan'].pk}"
    confirmed(client, topic, "jana@example.cz")
    subscribe(client, topic, "nepotvrdila@example.cz")
    mail.outbox.clear()
    call_command("send_notifications")
    assert [m.to for m in mail.outbox] == [["jana@example.cz"]]
    message = mail.outbox[0]
    assert "Nový návrh k připomínkám" in message.subject + message.body
    assert tree["draft"].title in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe_url = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert unsubscribe_url.startswith("http://testserver/konzultace/odber/odhlasit/")
    mail.outbox.clear()
    call_command("send_notifications")
    assert mail.outbox == []


def test_dry_run_changes_and_sends_nothing(client, tree, capsys):
    confirmed(client, f"plan:{tree['plan'].pk}", "jana@example.cz")
    call_command("send_notifications", "--dry-run")
    out = capsys.readouterr().out
    assert "Zkušební běh" in out
    assert mail.outbox == []
    assert not Event.objects.exists()
    call_command("send_notifications")
    assert len(mail.outbox) == 1


def test_batch_size_is_bounded(client, tree):
    with pytest.raises(CommandError):
        call_command("send_notifications", "--batch-size", "0")
    with pytest.raises(CommandError):
        call_command("send_notifications", "--batch-size", "100000")
    topic = f"plan:{tree['plan'].pk}"
    for n in range(3):
        confirmed(client, topic, f"s{n}@example.cz")
    call_command("send_notifications", "--batch-size", "2")
    assert len(mail.outbox) == 2
    call_command("send_notifications", "--batch-size", "2")
    assert len(mail.outbox) == 3


def test_a_mail_failure_is_retried_next_run_and_nobody_gets_two(client, tree):
    topic = f"plan:{tree['plan'].pk}"
    for n in range(3):
        confirmed(client, topic, f"s{n}@example.cz")
    real_send = mail.EmailMessage.send

    def flaky(message, *args, **kwargs):
        if message.to == ["s1@example.cz"]:
            raise OSError("SMTP down")
        return real_send(message, *args, **kwargs)

    with mock.patch.object(mail.EmailMessage, "send", flaky):
        call_command("send_notifications")
    assert sorted(m.to[0] for m in mail.outbox) == ["s0@example.cz", "s2@example.cz"]
    failed = Delivery.objects.get(subscriber__email="s1@example.cz")
    assert failed.attempts == 1 and "SMTP down" in failed.last_error and not failed.sent_at
    call_command("send_notifications")
    assert sorted(m.to[0] for m in mail.outbox) == ["s0@example.cz", "s1@example.cz",
                                                     "s2@example.cz"]


def test_a_run_that_died_after_claiming_is_taken_over_later(client, tree):
    confirmed(client, f"plan:{tree['plan'].pk}", "jana@example.cz")
    sending.record_events(timezone.now())
    sending.expand_events()
    # A run claimed the rows and died before sending.
    Delivery.objects.update(claimed_at=timezone.now())
    call_command("send_notifications")
    assert mail.outbox == []
    later = timezone.now() + sending.CLAIM_TIMEOUT + dt.timedelta(minutes=1)
    sending.run(now=later)
    assert len(mail.outbox) == 1
    sending.run(now=later)
    assert len(mail.outbox) == 1


def test_weekly_digest_waits_for_its_week(client, tree):
    topic = f"plan:{tree['plan'].pk}"
    weekly = confirmed(client, topic, "tydne@example.cz", frequency="weekly")
    confirmed(client, topic, "hned@example.cz", frequency="instant")
    Subscriber.objects.filter(pk=weekly.pk).update(
        last_digest_at=timezone.now() - dt.timedelta(days=2))
    call_command("send_notifications")
    assert [m.to for m in mail.outbox] == [["hned@example.cz"]]
    sending.run(now=timezone.now() + dt.timedelta(days=6))
    assert [m.to[0] for m in mail.outbox][-1] == "tydne@example.cz"


def test_new_draft_opened_later_and_closing_soon(client, tree):
    confirmed(client, f"plan:{tree['plan'].pk}", "jana@example.cz")
    call_command("send_notifications")
    mail.outbox.clear()
    now = timezone.now()
    PlanDraftPageFactory(parent=tree["plan"], slug="navrh-3", title="Návrh 3.0",
                         version_label="3.0", comment_period_start=now - dt.timedelta(hours=1),
                         comment_period_end=now + dt.timedelta(days=2),
                         body=[section("Úvod")])
    call_command("send_notifications")
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "Nový návrh k připomínkám" in body and "Návrh 3.0" in body
    assert "se uzavírají" in body


def test_working_group_meetings_and_minutes(client, tree):
    group = tree["group"]
    confirmed(client, f"group:{group.pk}", "clen@example.cz")
    MeetingFactory(page=group, start=timezone.now() - dt.timedelta(days=3),
                   minutes="Zápis: dohodli jsme se.")
    call_command("send_notifications")
    body = mail.outbox[0].body
    assert "Schůzka skupiny Senioři" in body
    assert "Zápis ze schůzky skupiny Senioři" in body


def test_unsubscribe_is_one_click_post_without_csrf(client, tree):
    confirmed(client, f"plan:{tree['plan'].pk}", "jana@example.cz")
    call_command("send_notifications")
    url = mail.outbox[0].extra_headers["List-Unsubscribe"].strip("<>")
    path = url.removeprefix("http://testserver")
    strict = Client(enforce_csrf_checks=True)
    # A link checker's GET unsubscribes nobody.
    response = strict.get(path)
    assert response.status_code == 200 and Subscriber.objects.exists()
    response = strict.post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not Subscriber.objects.exists() and not Delivery.objects.exists()
    # The mail client's retry answers the same.
    assert strict.post(path).status_code == 200
    assert strict.post(path[:-3] + "xx/").status_code == 400


def test_manage_page_by_signed_link(client, tree):
    plan, group = tree["plan"], tree["group"]
    confirmed(client, f"plan:{plan.pk}", "jana@example.cz")
    subscriber = confirmed(client, f"group:{group.pk}", "jana@example.cz")
    other = confirmed(client, f"plan:{plan.pk}", "petr@example.cz")
    token = tokens.subscriber_token(subscriber, tokens.MANAGE_SALT)
    url = f"/konzultace/odber/sprava/{token}/"
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert plan.title in html and group.title in html
    assert response["Cache-Control"].startswith("max-age=0")
    # Someone else's subscription cannot be removed through my link.
    foreign = other.subscriptions.get()
    assert client.post(url, {"action": "remove", "subscription": foreign.pk}).status_code == 400
    assert Subscription.objects.filter(pk=foreign.pk).exists()
    mine = subscriber.subscriptions.get(topic_kind="group")
    assert client.post(url, {"action": "remove", "subscription": mine.pk}).status_code == 302
    assert not Subscription.objects.filter(pk=mine.pk).exists()
    assert client.post(url, {"action": "frequency", "frequency": "weekly"}).status_code == 302
    assert Subscriber.objects.get(pk=subscriber.pk).frequency == Frequency.WEEKLY
    assert client.post(url, {"action": "frequency", "frequency": "x"}).status_code == 400
    assert client.get(url.replace(token, token[:-2] + "zz")).status_code == 400
    # An unsubscribe token is not a manage token.
    wrong = tokens.subscriber_token(subscriber, tokens.UNSUBSCRIBE_SALT)
    assert client.get(f"/konzultace/odber/sprava/{wrong}/").status_code == 400
    assert client.post(url, {"action": "all"}).status_code == 200
    assert not Subscriber.objects.filter(pk=subscriber.pk).exists()
    assert client.get(url).status_code == 400


def test_subscribers_never_appear_in_public_pages_or_the_api(client, tree):
    confirmed(client, f"plan:{tree['plan'].pk}", "tajny.odberatel@example.cz")
    for path in [tree["plan"].url, tree["draft"].url, "/api/v3/openapi.json",
                 f"/api/v3/pages/{tree['plan'].pk}/"]:
        response = client.get(path)
        assert b"tajny.odberatel" not in response.content, path


def test_the_commenter_gets_the_decision_even_when_mail_failed_at_settlement(tree):
    draft = tree["old_draft"]
    CommentFactory(page=draft, section="", email="pisatelka@example.cz",
                   decision=Decision.ACCEPTED)
    with mock.patch("kp_consultation.notifications.send_mail", side_effect=OSError("down")):
        assert settle(draft, table_url="http://testserver/x") == 0
    assert mail.outbox == []
    call_command("send_notifications")
    assert [m.to for m in mail.outbox] == [["pisatelka@example.cz"]]
    assert "/konzultace/moje-pripominky/" in mail.outbox[0].body
    call_command("send_notifications")
    assert len(mail.outbox) == 1


def test_plan_subscribers_hear_of_the_settlement(client, tree):
    confirmed(client, f"plan:{tree['plan'].pk}", "jana@example.cz")
    call_command("send_notifications")
    mail.outbox.clear()
    settle(tree["old_draft"])
    call_command("send_notifications")
    assert "vypořádány" in mail.outbox[0].body


def test_the_catalogue_of_one_municipality(client, home_page):
    catalogue = CatalogueIndexPageFactory(parent=home_page)
    town = Municipality.objects.get(code="valasske-mezirici")
    elsewhere = Municipality.objects.exclude(pk=town.pk).first()
    response = client.get(SUBSCRIBE, {"tema": f"obec:{town.pk}"})
    assert response.status_code == 200 and town.name in response.content.decode()
    confirmed(client, f"obec:{town.pk}", "obec@example.cz")
    new = ServiceFactory(name="Odlehčovací služba Zašová", first_published_at=timezone.now())
    ServiceFactory(name="Služba jinde", service_areas=[elsewhere],
                   first_published_at=timezone.now())
    call_command("send_notifications")
    body = mail.outbox[0].body
    assert "Nová služba v katalogu: Odlehčovací služba Zašová" in body
    assert f"{catalogue.url}sluzba/{new.pk}-" in body and "Služba jinde" not in body
    mail.outbox.clear()
    new.status = ServiceStatus.DEFUNCT
    new.save()
    call_command("send_notifications")
    assert "Služba byla uzavřena: Odlehčovací služba Zašová" in mail.outbox[0].body


def test_an_address_never_confirmed_is_forgotten_when_its_link_expires(client, tree, capsys):
    topic = f"plan:{tree['plan'].pk}"
    subscribe(client, topic, "cizi.adresa@example.cz")
    confirmed(client, topic, "jana@example.cz")
    call_command("send_notifications", "--dry-run")
    assert "odběratelů, kteří by dostali e-mail: 1 (oznámení: 1)" in capsys.readouterr().out
    sending.run(now=timezone.now() + dt.timedelta(days=2))
    assert Subscriber.objects.filter(email="cizi.adresa@example.cz").exists()
    sending.run(now=timezone.now() + dt.timedelta(days=4))
    assert list(Subscriber.objects.values_list("email", flat=True)) == ["jana@example.cz"]


@pytest.mark.django_db
def test_the_confirmation_limit_counts_an_address_in_any_case():
    """The mailbox limit is per address, not per spelling: "Jana@…" and "jana@…" are one."""
    from kp_consultation.follow.services import MAILS_PER_ADDRESS, may_mail

    spellings = ["Jana@Example.cz", "jana@example.cz", "JANA@EXAMPLE.CZ", " jana@example.cz"]
    allowed = [may_mail(spellings[n % len(spellings)]) for n in range(MAILS_PER_ADDRESS + 2)]
    assert allowed == [True] * MAILS_PER_ADDRESS + [False, False]
