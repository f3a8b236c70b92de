"""What following does, once: the HTML pages (``views.py``) and the JSON API (``api.py``) are
two ways in to these functions.

None of them tells whether an address is known: asking to subscribe or for one's link does
the same visible thing whatever the address, and only its owner's mailbox learns more.
"""

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kp_consultation import conf
from kp_consultation.follow import topics
from kp_consultation.follow.models import Delivery, Subscriber, Subscription
from kp_consultation.follow.tokens import (
    MANAGE_MAX_AGE,
    MANAGE_SALT,
    UNSUBSCRIBE_SALT,
    confirm_token,
    my_comments_token,
    read_confirm_token,
    read_my_comments_token,
    read_subscriber_token,
    subscriber_token,
)
from kp_consultation.models import Comment, Status
from kp_consultation.notifications import address_may_receive, public_url
from kp_consultation.ratelimit import over_limit
from kp_consultation.submission import SubmissionRefused

# Confirmation e-mails one address may receive per hour, whoever asks: a stranger cannot use
# the form to flood someone's mailbox.
MAILS_PER_ADDRESS = 3
MAIL_WINDOW = 3600
MY_COMMENTS_LIMIT = 500


def check_rate(ip):
    """The per-address limit shared by every way in (form and API) to following."""
    if over_limit("follow", ip, conf.get("KP_CONSULTATION_RATE_LIMIT"),
                  conf.get("KP_CONSULTATION_RATE_WINDOW")):
        raise SubmissionRefused(_("Too many requests from your address in a short time. "
                                  "Please wait a few minutes and try again."), status=429)


def may_mail(email):
    # The receipts' counter, in its own scope: also counts "Jana@…" and "jana@…" as one address.
    return address_may_receive(email, "follow-mail", MAILS_PER_ADDRESS, MAIL_WINDOW)


def manage_path(subscriber):
    return reverse("kp_consultation:follow_manage",
                   args=[subscriber_token(subscriber, MANAGE_SALT)])


# --- Subscribe and confirm ------------------------------------------------------------------


def store_subscription(email, frequency, topic):
    try:
        with transaction.atomic():
            subscriber, created = Subscriber.objects.get_or_create(
                email=email, defaults={"frequency": frequency})
    except IntegrityError:  # the same address raced itself
        subscriber = Subscriber.objects.get(email=email)
    try:
        with transaction.atomic():
            subscription, _created = Subscription.objects.get_or_create(
                subscriber=subscriber, topic_kind=topic.kind, topic_id=topic.object_id)
    except IntegrityError:
        subscription = Subscription.objects.get(
            subscriber=subscriber, topic_kind=topic.kind, topic_id=topic.object_id)
    return subscription


def mail_confirmation(subscription, topic):
    """Ask the owner of the address to confirm; if already confirmed, send the manage link."""
    subscriber = subscription.subscriber
    context = {
        "topic": topic, "confirmed": subscription.confirmed_at is not None,
        "confirm_url": public_url(reverse("kp_consultation:follow_confirm",
                                          args=[confirm_token(subscription)])),
        "manage_url": public_url(manage_path(subscriber)),
    }
    send_mail(_("Confirm following: %(title)s") % {"title": topic.title},
              render_to_string("kp_consultation/email/follow_confirm.txt", context),
              None, [subscriber.email], fail_silently=True)


def request_subscription(email, frequency, topic):
    """Store an unconfirmed subscription and mail its link (within the per-address limit).
    Returns nothing a caller could show: known and new addresses must look the same."""
    subscription = store_subscription(email, frequency, topic)
    if may_mail(email):
        mail_confirmation(subscription, topic)


def subscription_from_confirm_token(token):
    ids = read_confirm_token(token)
    if ids is None:
        return None
    return (Subscription.objects.filter(pk=ids[0], subscriber_id=ids[1])
            .select_related("subscriber").first())


def confirm(subscription):
    """Confirm once; confirming again changes nothing."""
    if subscription.confirmed_at is None:
        Subscription.objects.filter(pk=subscription.pk, confirmed_at__isnull=True).update(
            confirmed_at=timezone.now())
        subscription.refresh_from_db(fields=["confirmed_at"])


# --- Manage and unsubscribe -----------------------------------------------------------------


def subscriber_from(token, salt, max_age=None):
    ids = read_subscriber_token(token, salt, max_age)
    if ids is None:
        return None
    return Subscriber.objects.filter(pk=ids[0], token_version=ids[1]).first()


def subscriber_from_manage_token(token):
    return subscriber_from(token, MANAGE_SALT, MANAGE_MAX_AGE)


def forget(subscriber):
    """Unsubscribe from everything: the address itself is deleted, with what waited for it."""
    Subscriber.objects.filter(pk=subscriber.pk).delete()


def unsubscribe(token):
    """RFC 8058 one-click. False for a forged token; True also when already gone (a second
    click, a mail client's retry)."""
    ids = read_subscriber_token(token, UNSUBSCRIBE_SALT)
    if ids is None:
        return False
    subscriber = Subscriber.objects.filter(pk=ids[0], token_version=ids[1]).first()
    if subscriber is not None:
        forget(subscriber)
    return True


def remove_subscription(subscriber, subscription_id):
    """Stop following one topic, with what still waited to be sent about it. False when the
    subscriber has no such subscription (another subscriber's id included)."""
    removed = subscriber.subscriptions.filter(pk=subscription_id).first()
    if removed is None:
        return False
    Delivery.objects.filter(subscriber=subscriber, sent_at__isnull=True,
                            event__topic_kind=removed.topic_kind,
                            event__topic_id=removed.topic_id).delete()
    removed.delete()
    return True


def set_frequency(subscriber, frequency):
    Subscriber.objects.filter(pk=subscriber.pk).update(frequency=frequency)
    subscriber.frequency = frequency


def subscription_rows(subscriber):
    return [{"subscription": subscription,
             "topic": topics.resolve(subscription.topic_kind, subscription.topic_id),
             "kind": topics.kind_label(subscription.topic_kind)}
            for subscription in subscriber.subscriptions.order_by("created_at", "pk")]


# --- My comments ----------------------------------------------------------------------------


def commenter_has_comments(email):
    return Comment.objects.filter(email__iexact=email, consent=True).exists()


def send_my_comments_link(email):
    """Mail the link to one's comments if the address wrote any (the caller answers the same
    either way)."""
    if commenter_has_comments(email) and may_mail(email):
        url = public_url(reverse("kp_consultation:my_comments", args=[my_comments_token(email)]))
        send_mail(_("Your comments"),
                  render_to_string("kp_consultation/email/my_comments.txt", {"url": url}),
                  None, [email], fail_silently=True)


def email_from_my_comments_token(token):
    return read_my_comments_token(token)


def my_comment_rows(email):
    """The newest comments sent with this address and consent (spam left out), each with its
    page, section title and whether the page's decisions are out."""
    comments = list(Comment.objects.filter(email__iexact=email, consent=True)
                    .exclude(status=Status.SPAM)
                    .select_related("page").order_by("-created_at", "-pk")[:MY_COMMENTS_LIMIT])
    pages = {}
    rows = []
    for comment in comments:
        if comment.page_id not in pages:
            page = comment.page.specific
            pages[comment.page_id] = (page, page.consultation_sections()
                                      if hasattr(page, "consultation_sections") else [])
        page, sections = pages[comment.page_id]
        rows.append({"comment": comment, "page": page,
                     "section": comment.section_title(sections),
                     "settled": bool(getattr(page, "comments_settled_at", None))})
    return rows
