"""Public pages of following: subscribe, confirm, manage, unsubscribe, and "my comments".

Nothing here tells whether an address is known: subscribing and asking for one's link answer
the same page whatever the address. Pages reached by a signed link are never cached or indexed
and send no referrer, so the token does not leak to other sites. What each page does lives in
``services.py``, shared with the JSON API.
"""

import time

from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from kp_consultation import conf
from kp_consultation.follow import services, topics
from kp_consultation.follow.forms import EmailForm, FrequencyForm, SubscribeForm
from kp_consultation.follow.tokens import UNSUBSCRIBE_SALT, read_subscriber_token
from kp_consultation.ratelimit import client_ip
from kp_consultation.submission import SubmissionRefused, issue_form_token, read_form_token


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
    services.check_rate(client_ip(request))


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
    services.request_subscription(form.cleaned_data["email"], form.cleaned_data["frequency"],
                                  topic)
    return notice(
        request, _("Check your mailbox"),
        _("If the address is valid, we have sent it a link. Following starts once you confirm "
          "it with that link; it works for three days."),
        back_url=topic.url, back_label=_("Back to “%(title)s”") % {"title": topic.title})


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, token):
    # A GET only asks: mail scanners open links, and must not confirm for the person.
    # CSRF-exempt like the unsubscribe link: the signed token is the proof, and the person
    # may open the link in a browser that has never seen the site.
    subscription = services.subscription_from_confirm_token(token)
    if subscription is None:
        return bad_link(request)
    topic = topics.resolve(subscription.topic_kind, subscription.topic_id)
    if request.method == "POST":
        services.confirm(subscription)
    return private(TemplateResponse(request, "kp_consultation/follow/confirm.html", {
        "topic": topic, "done": subscription.confirmed_at is not None,
        "manage_url": services.manage_path(subscription.subscriber)}))


# --- Manage and unsubscribe -----------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
def manage(request, token):
    subscriber = services.subscriber_from_manage_token(token)
    if subscriber is None:
        return bad_link(request)
    here = reverse("kp_consultation:follow_manage", args=[token])
    form = FrequencyForm(initial={"frequency": subscriber.frequency})
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "all":
            services.forget(subscriber)
            return unsubscribed(request)
        if action == "remove":
            raw = request.POST.get("subscription", "")
            if not (raw.isdigit() and len(raw) < 19
                    and services.remove_subscription(subscriber, int(raw))):
                return bad_link(request)
            return redirect(here + "?hotovo=1")
        if action == "frequency":
            form = FrequencyForm(request.POST)
            if form.is_valid():
                services.set_frequency(subscriber, form.cleaned_data["frequency"])
                return redirect(here + "?hotovo=1")
        else:
            return bad_link(request)
    rows = services.subscription_rows(subscriber)
    status = 400 if request.method == "POST" else 200
    return private(TemplateResponse(request, "kp_consultation/follow/manage.html", {
        "subscriber": subscriber, "rows": rows, "form": form,
        "saved": request.GET.get("hotovo") == "1"}, status=status))


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    """RFC 8058 one-click: a POST unsubscribes at once (no CSRF token: mail clients send it);
    a GET only shows the button, because link checkers open every link in a message."""
    if request.method == "POST":
        if not services.unsubscribe(token):
            return bad_link(request)
        # Already gone (a second click, a retry by the mail client) answers the same.
        return unsubscribed(request)
    if read_subscriber_token(token, UNSUBSCRIBE_SALT) is None:
        return bad_link(request)
    return private(TemplateResponse(request, "kp_consultation/follow/unsubscribe.html", {}))


# --- My comments ----------------------------------------------------------------------------


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
    # The same answer whether or not the address wrote anything: only its owner learns it.
    services.send_my_comments_link(form.cleaned_data["email"])
    return notice(
        request, _("Check your mailbox"),
        _("If comments were sent with this address, we have e-mailed it the link to them. The "
          "link works for 30 days."))


@require_http_methods(["GET", "HEAD"])
def my_comments(request, token):
    email = services.email_from_my_comments_token(token)
    if email is None:
        return bad_link(request)
    return private(TemplateResponse(request, "kp_consultation/follow/my_comments.html", {
        "rows": services.my_comment_rows(email), "limit": services.MY_COMMENTS_LIMIT}))
