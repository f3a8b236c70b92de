"""Public pages of following: subscribe, confirm, manage, unsubscribe, and "my comments".

Nothing here tells whether an address is known: subscribing and asking for one's link answer
the same page whatever the address. Pages reached by a signed link are never cached or indexed
and send no referrer, so the token does not leak to other sites.
"""

import hashlib
import time

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.http import Http404
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from kp_consultation import conf
from kp_consultation.follow import topics
from kp_consultation.follow.forms import EmailForm, FrequencyForm, SubscribeForm
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
from kp_consultation.notifications import public_url
from kp_consultation.ratelimit import client_ip, over_limit
from kp_consultation.submission import SubmissionRefused, issue_form_token, read_form_token

# Confirmation e-mails one address may receive per hour, whoever asks: a stranger cannot use
# the form to flood someone's mailbox.
MAILS_PER_ADDRESS = 3
MAIL_WINDOW = 3600
MY_COMMENTS_LIMIT = 500


def private(response):
    """For pages opened by a signed link: never cached, never indexed, no referrer."""
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response


def notice(request, heading, message, status=200, **extra):
    return TemplateResponse(request, "kp_consultation/follow/notice.html", {
        "heading": heading, "message": message, "error": status >= 400, **extra},
        status=status)


def bad_link(request):
    return private(notice(
        request, _("The link is not valid"),
        _("The link is damaged, has expired or was replaced by a newer one. Ask for a new one "
          "on the page you came from."), status=400))


def unsubscribed(request):
    return private(notice(
        request, _("Unsubscribed"),
        _("You will receive no more e-mails about what you followed. Your address has been "
          "deleted.")))


def check_spam(request):
    """The comment form's defences: honeypot, fill time by signed token, rate per address."""
    if request.POST.get("website"):
        raise SubmissionRefused(_("The form could not be sent. Leave the field marked as not "
                                  "to be filled empty."))
    _nonce, rendered_at = read_form_token(request.POST.get("form_token", ""))
    if time.time() - rendered_at < conf.get("KP_CONSULTATION_MIN_FILL_SECONDS"):
        raise SubmissionRefused(_("The form was sent too quickly after it was opened. Check "
                                  "it and send it again."))
    if over_limit("follow", client_ip(request), conf.get("KP_CONSULTATION_RATE_LIMIT"),
                  conf.get("KP_CONSULTATION_RATE_WINDOW")):
        raise SubmissionRefused(_("Too many requests from your address in a short time. "
                                  "Please wait a few minutes and try again."), status=429)


def may_mail(email):
    digest = hashlib.sha256(email.encode()).hexdigest()[:32]
    return not over_limit("follow-mail", digest, MAILS_PER_ADDRESS, MAIL_WINDOW)


def form_page(request, template, context, status=200):
    context = {"form_token": issue_form_token(), **context}
    return TemplateResponse(request, template, context, status=status)


# --- Subscribe and confirm ------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
def subscribe(request):
    topic = topics.parse(request.POST.get("tema") if request.method == "POST"
                         else request.GET.get("tema"))
    if topic is None:
        raise Http404(_("There is nothing to follow at this address."))
    template = "kp_consultation/follow/subscribe.html"
    if request.method != "POST":
        return form_page(request, template, {"topic": topic, "form": SubscribeForm()})
    form = SubscribeForm(request.POST)
    try:
        check_spam(request)
    except SubmissionRefused as refusal:
        return form_page(request, template, {"topic": topic, "form": form,
                                             "refusal": refusal.message}, refusal.status)
    if not form.is_valid():
        return form_page(request, template, {"topic": topic, "form": form}, 400)
    email = form.cleaned_data["email"]
    subscription = store_subscription(email, form.cleaned_data["frequency"], topic)
    if may_mail(email):
        mail_confirmation(subscription, topic)
    return notice(
        request, _("Check your mailbox"),
        _("If the address is valid, we have sent it a link. Following starts once you confirm "
          "it with that link; it works for three days."),
        back_url=topic.url, back_label=_("Back to “%(title)s”") % {"title": topic.title})


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
        "manage_url": public_url(reverse("kp_consultation:follow_manage", args=[
            subscriber_token(subscriber, MANAGE_SALT)])),
    }
    send_mail(_("Confirm following: %(title)s") % {"title": topic.title},
              render_to_string("kp_consultation/email/follow_confirm.txt", context),
              None, [subscriber.email], fail_silently=True)


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, token):
    # A GET only asks: mail scanners open links, and must not confirm for the person.
    # CSRF-exempt like the unsubscribe link: the signed token is the proof, and the person
    # may open the link in a browser that has never seen the site.
    ids = read_confirm_token(token)
    subscription = None
    if ids is not None:
        subscription = (Subscription.objects.filter(pk=ids[0], subscriber_id=ids[1])
                        .select_related("subscriber").first())
    if subscription is None:
        return bad_link(request)
    topic = topics.resolve(subscription.topic_kind, subscription.topic_id)
    done = subscription.confirmed_at is not None
    if request.method == "POST" and not done:
        Subscription.objects.filter(pk=subscription.pk, confirmed_at__isnull=True).update(
            confirmed_at=timezone.now())
        done = True
    manage_url = reverse("kp_consultation:follow_manage", args=[
        subscriber_token(subscription.subscriber, MANAGE_SALT)])
    return private(TemplateResponse(request, "kp_consultation/follow/confirm.html", {
        "topic": topic, "done": done, "manage_url": manage_url}))


# --- Manage and unsubscribe -----------------------------------------------------------------


def subscriber_from(token, salt, max_age=None):
    ids = read_subscriber_token(token, salt, max_age)
    if ids is None:
        return None
    return Subscriber.objects.filter(pk=ids[0], token_version=ids[1]).first()


def forget(subscriber):
    """Unsubscribe from everything: the address itself is deleted, with what waited for it."""
    Subscriber.objects.filter(pk=subscriber.pk).delete()


@require_http_methods(["GET", "HEAD", "POST"])
def manage(request, token):
    subscriber = subscriber_from(token, MANAGE_SALT, MANAGE_MAX_AGE)
    if subscriber is None:
        return bad_link(request)
    here = reverse("kp_consultation:follow_manage", args=[token])
    form = FrequencyForm(initial={"frequency": subscriber.frequency})
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "all":
            forget(subscriber)
            return unsubscribed(request)
        if action == "remove":
            raw = request.POST.get("subscription", "")
            removed = raw.isdigit() and len(raw) < 19 and subscriber.subscriptions.filter(
                pk=int(raw)).first()
            if not removed:
                return bad_link(request)
            Delivery.objects.filter(subscriber=subscriber, sent_at__isnull=True,
                                    event__topic_kind=removed.topic_kind,
                                    event__topic_id=removed.topic_id).delete()
            removed.delete()
            return redirect(here + "?hotovo=1")
        if action == "frequency":
            form = FrequencyForm(request.POST)
            if form.is_valid():
                Subscriber.objects.filter(pk=subscriber.pk).update(
                    frequency=form.cleaned_data["frequency"])
                return redirect(here + "?hotovo=1")
        else:
            return bad_link(request)
    rows = []
    for subscription in subscriber.subscriptions.order_by("created_at", "pk"):
        rows.append({"subscription": subscription,
                     "topic": topics.resolve(subscription.topic_kind, subscription.topic_id),
                     "kind": topics.kind_label(subscription.topic_kind)})
    status = 400 if request.method == "POST" else 200
    return private(TemplateResponse(request, "kp_consultation/follow/manage.html", {
        "subscriber": subscriber, "rows": rows, "form": form,
        "saved": request.GET.get("hotovo") == "1"}, status=status))


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    """RFC 8058 one-click: a POST unsubscribes at once (no CSRF token: mail clients send it);
    a GET only shows the button, because link checkers open every link in a message."""
    ids = read_subscriber_token(token, UNSUBSCRIBE_SALT)
    if ids is None:
        return bad_link(request)
    if request.method == "POST":
        subscriber = Subscriber.objects.filter(pk=ids[0], token_version=ids[1]).first()
        if subscriber is not None:
            forget(subscriber)
        # Already gone (a second click, a retry by the mail client) answers the same.
        return unsubscribed(request)
    return private(TemplateResponse(request, "kp_consultation/follow/unsubscribe.html", {}))


# --- My comments ----------------------------------------------------------------------------


def commenter_has_comments(email):
    return Comment.objects.filter(email__iexact=email, consent=True).exists()


@require_http_methods(["GET", "HEAD", "POST"])
def my_comments_request(request):
    template = "kp_consultation/follow/my_comments_request.html"
    if request.method != "POST":
        return form_page(request, template, {"form": EmailForm()})
    form = EmailForm(request.POST)
    try:
        check_spam(request)
    except SubmissionRefused as refusal:
        return form_page(request, template, {"form": form, "refusal": refusal.message},
                         refusal.status)
    if not form.is_valid():
        return form_page(request, template, {"form": form}, 400)
    email = form.cleaned_data["email"]
    # The same answer whether or not the address wrote anything: only its owner learns it.
    if commenter_has_comments(email) and may_mail(email):
        url = public_url(reverse("kp_consultation:my_comments", args=[my_comments_token(email)]))
        send_mail(_("Your comments"),
                  render_to_string("kp_consultation/email/my_comments.txt", {"url": url}),
                  None, [email], fail_silently=True)
    return notice(
        request, _("Check your mailbox"),
        _("If comments were sent with this address, we have e-mailed it the link to them. The "
          "link works for 30 days."))


@require_http_methods(["GET", "HEAD"])
def my_comments(request, token):
    email = read_my_comments_token(token)
    if email is None:
        return bad_link(request)
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
    return private(TemplateResponse(request, "kp_consultation/follow/my_comments.html", {
        "rows": rows, "limit": MY_COMMENTS_LIMIT}))
