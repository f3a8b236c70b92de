"""The outbox: record events, fan them out to subscribers, send e-mails in bounded batches.

Run from cron by ``manage.py send_notifications``. Every step can run twice or stop midway:
events are unique by key, deliveries unique per subscriber and event, and a delivery is marked
sent right after its e-mail left. Rows are claimed before sending, so two runs at once do not
both send them; a claim left by a run that died is taken over after ``CLAIM_TIMEOUT``. A mail
failure is logged and counted on the rows, which the next run retries (up to ``MAX_ATTEMPTS``).
"""

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kp_consultation.follow import topics
from kp_consultation.follow.models import Delivery, Event, Frequency, Subscriber, Subscription
from kp_consultation.follow.tokens import (
    CONFIRM_MAX_AGE,
    MANAGE_SALT,
    UNSUBSCRIBE_SALT,
    subscriber_token,
)
from kp_consultation.models import Comment, Settlement, Status
from kp_consultation.notifications import notify_commenters_of_settlement, public_url

logger = logging.getLogger(__name__)

CLAIM_TIMEOUT = dt.timedelta(hours=1)
MAX_ATTEMPTS = 5
WEEK = dt.timedelta(days=7)
DEFAULT_BATCH = 200
MAX_BATCH = 1000


@dataclass
class Report:
    new_events: int = 0
    deliveries: int = 0
    sent: int = 0
    failed: int = 0
    decisions: int = 0
    lines: list = field(default_factory=list)


def found_events(now):
    """What the registered sources report now, each key once."""
    found = {}
    for source in topics.sources():
        for item in source(now):
            found.setdefault(item.key, item)
    return list(found.values())


def record_events(now):
    """Store the events the registered sources report; known keys are left alone."""
    found = {item.key: item for item in found_events(now)}
    if not found:
        return 0
    known = set(Event.objects.filter(key__in=list(found)).values_list("key", flat=True))
    new = [Event(key=e.key, topic_kind=e.kind, topic_id=e.object_id, kind=e.event_kind,
                 title=e.title[:300], url=e.url[:500], created_at=now)
           for key, e in found.items() if key not in known]
    Event.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


def expand_events():
    """A delivery row for every subscriber who had confirmed the topic when the event came."""
    created = 0
    for event in Event.objects.filter(expanded_at__isnull=True):
        subscriber_ids = Subscription.objects.filter(
            topic_kind=event.topic_kind, topic_id=event.topic_id,
            confirmed_at__isnull=False, confirmed_at__lte=event.created_at,
        ).values_list("subscriber_id", flat=True)
        rows = [Delivery(subscriber_id=pk, event=event) for pk in subscriber_ids]
        with transaction.atomic():
            Delivery.objects.bulk_create(rows, ignore_conflicts=True)
            Event.objects.filter(pk=event.pk).update(expanded_at=timezone.now())
        created += len(rows)
    return created


def purge_unconfirmed(now):
    """Forget what was never confirmed once its link has expired, and addresses that follow
    nothing: an address typed by a stranger is not kept."""
    stale = Subscription.objects.filter(
        confirmed_at__isnull=True, created_at__lt=now - dt.timedelta(seconds=CONFIRM_MAX_AGE))
    removed, _detail = stale.delete()
    orphans, _detail = Subscriber.objects.filter(subscriptions__isnull=True).delete()
    return removed, orphans


def pending(now):
    """Unsent deliveries that may be sent now (not claimed by a live run, not given up)."""
    return Delivery.objects.filter(
        Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - CLAIM_TIMEOUT),
        sent_at__isnull=True, attempts__lt=MAX_ATTEMPTS,
    )


def due_subscribers(now, limit):
    """Subscribers with something to send: at once, or weekly when their week is over."""
    ids = pending(now).values_list("subscriber_id", flat=True).distinct()
    return list(
        Subscriber.objects.filter(pk__in=ids)
        .filter(Q(frequency=Frequency.INSTANT) | Q(last_digest_at__isnull=True)
                | Q(last_digest_at__lte=now - WEEK))
        .order_by("pk")[:limit])


def links(subscriber):
    return {
        "manage_url": public_url(reverse("kp_consultation:follow_manage", args=[
            subscriber_token(subscriber, MANAGE_SALT)])),
        "unsubscribe_url": public_url(reverse("kp_consultation:follow_unsubscribe", args=[
            subscriber_token(subscriber, UNSUBSCRIBE_SALT)])),
    }


def build_message(subscriber, events):
    context = {"events": events, **links(subscriber)}
    if len(events) == 1:
        subject = events[0].title
    else:
        subject = ngettext("%(count)s news from community planning",
                           "%(count)s news from community planning",
                           len(events)) % {"count": len(events)}
    message = EmailMessage(
        subject, render_to_string("kp_consultation/email/follow_digest.txt", context),
        None, [subscriber.email],
        headers={
            # RFC 8058: mail clients offer one-click unsubscribe and POST to this address.
            "List-Unsubscribe": f"<{context['unsubscribe_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    return message


def send_to(subscriber, now):
    """Claim, send and mark one subscriber's pending deliveries. True if sent."""
    ids = list(pending(now).filter(subscriber=subscriber).values_list("pk", flat=True))
    claimed = Delivery.objects.filter(
        Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - CLAIM_TIMEOUT),
        pk__in=ids, sent_at__isnull=True,
    ).update(claimed_at=now)
    if not claimed:
        return None
    rows = list(Delivery.objects.filter(pk__in=ids, claimed_at=now, sent_at__isnull=True)
                .select_related("event").order_by("event__created_at", "event__pk"))
    if not rows:
        return None
    try:
        build_message(subscriber, [row.event for row in rows]).send()
    except Exception as error:  # noqa: BLE001 - any mail failure: logged, retried next run
        logger.exception("Notification to subscriber %s failed", subscriber.pk)
        for row in rows:
            Delivery.objects.filter(pk=row.pk).update(
                claimed_at=None, attempts=row.attempts + 1, last_error=str(error)[:300])
        return False
    Delivery.objects.filter(pk__in=[row.pk for row in rows]).update(sent_at=timezone.now())
    Subscriber.objects.filter(pk=subscriber.pk).update(last_digest_at=now)
    return True


def settled_pages_with_untold_commenters():
    page_ids = (Comment.objects.filter(
        status=Status.PUBLISHED, consent=True,
        settlement_notified_at__isnull=True, page__consultation_settlement__isnull=False)
        .exclude(email="").values_list("page_id", flat=True).distinct())
    return [record.page.specific for record in
            Settlement.objects.filter(page_id__in=list(page_ids)).select_related("page")]


def run(now=None, batch_size=DEFAULT_BATCH, dry_run=False, say=None):
    """One pass of the outbox. ``say`` gets a line of progress at each step."""
    now = now or timezone.now()
    batch_size = max(1, min(batch_size, MAX_BATCH))
    say = say or (lambda line: None)
    report = Report()
    if dry_run:
        found = found_events(now)
        events = {item.key for item in found}
        known = set(Event.objects.filter(key__in=list(events)).values_list("key", flat=True))
        new_keys = set(events) - known
        report.new_events = len(new_keys)
        # What is queued for subscribers due now, plus what the new events would queue.
        queued = list(pending(now).filter(subscriber__in=due_subscribers(now, batch_size))
                      .values_list("subscriber_id", flat=True))
        fresh = [subscriber_id for item in found if item.key in new_keys
                 for subscriber_id in Subscription.objects.filter(
                     topic_kind=item.kind, topic_id=item.object_id,
                     confirmed_at__isnull=False).values_list("subscriber_id", flat=True)]
        subscribers = set(queued) | set(fresh)
        report.deliveries = len(queued) + len(fresh)
        say(_("Dry run: %(events)s new events; %(subscribers)s subscribers would get "
              "%(deliveries)s notices.") % {
            "events": report.new_events, "subscribers": len(subscribers),
            "deliveries": report.deliveries})
        pages = settled_pages_with_untold_commenters()
        say(_("Dry run: settlements with commenters still to tell: %(count)s.") % {
            "count": len(pages)})
        return report

    removed, orphans = purge_unconfirmed(now)
    if removed or orphans:
        say(_("Unconfirmed subscriptions forgotten: %(count)s") % {"count": removed})
    report.new_events = record_events(now)
    say(_("New events: %(count)s") % {"count": report.new_events})
    report.deliveries = expand_events()
    say(_("New deliveries: %(count)s") % {"count": report.deliveries})
    subscribers = due_subscribers(now, batch_size)
    for number, subscriber in enumerate(subscribers, start=1):
        outcome = send_to(subscriber, now)
        if outcome:
            report.sent += 1
        elif outcome is False:
            report.failed += 1
        if number % 50 == 0 or number == len(subscribers):
            say(_("Subscribers done: %(done)s of %(total)s (failed %(failed)s)") % {
                "done": number, "total": len(subscribers), "failed": report.failed})
    for page in settled_pages_with_untold_commenters():
        table_url = f"{page.full_url or ''}#vyporadani"
        report.decisions += notify_commenters_of_settlement(page, table_url)
    say(_("Decisions sent to commenters: %(count)s") % {"count": report.decisions})
    return report
