"""Following through the JSON API, at /api/v3/consultations/follow/: the same functions as the
HTML pages (``services.py``), the same limits, the same silence about addresses.

Anonymous and cookie-less like the rest of the consultation API. Bodies must be JSON (a web
page cannot make a browser send that cross-site without asking). The HTML forms' robot checks
(the hidden field, the signed render time) have no meaning for a client that renders no form;
the per-address rate limit and the per-mailbox limit on e-mails are the same as the forms'.

What the answers show: topics and frequencies, never an e-mail address. Not even the manage
token's owner gets their own address back (the HTML page does not show it either): a token
may end up in a log or another program, the address has no reason to.
"""

import datetime as dt
from typing import Literal

from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from ninja import Field, Router, Schema
from ninja import Status as Reply
from ninja.decorators import decorate_view
from wagtail.api.v3.auth import AllowAnonymous

from kp_consultation.api_base import Problem, json_request
from kp_consultation.follow import services, topics
from kp_consultation.follow.forms import EmailForm, SubscribeForm
from kp_consultation.follow.tokens import subscriber_token
from kp_consultation.models import Status
from kp_consultation.ratelimit import client_ip
from kp_consultation.submission import SubmissionRefused

router = Router(tags=["following"], auth=AllowAnonymous())

# Signed tokens are about 60–110 characters; anything far longer is not one of ours.
TOKEN_MAX = 300
TOPICS_LIMIT = 2000
FrequencyCode = Literal["instant", "weekly"]
# The shape Django's e-mail validator accepts (a dot-atom, labels of letters, digits and
# inner hyphens, a TLD of two or more letters), so that what the document calls valid is.
EMAIL_PATTERN = (r"^[-!#$%&'*+/=?^_`{}|~0-9A-Za-z]+(\.[-!#$%&'*+/=?^_`{}|~0-9A-Za-z]+)*"
                 r"@[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                 r"(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.[A-Za-z]{2,63}$")


class FollowTopic(Schema):
    topic: str = Field(description="What to send as `topic` when subscribing: kind:id.")
    kind: str
    kind_label: str
    title: str
    url: str


class FollowTopicList(Schema):
    items: list[FollowTopic]
    count: int


class FollowSubscribeIn(Schema):
    email: str = Field(max_length=254, pattern=EMAIL_PATTERN,
                       description="Never published, never in any answer.")
    topic: str = Field(max_length=40, pattern=r"^[a-z]{1,20}:[0-9]{1,18}$",
                       description="A topic from GET /follow/topics/.")
    frequency: FrequencyCode = "weekly"
    consent: Literal[True] = Field(
        description="Must be true: the person agreed to be e-mailed about the topic. Following "
                    "starts only after they confirm the link sent to the address.")


class FollowAccepted(Schema):
    detail: str


class FollowTokenIn(Schema):
    token: str = Field(min_length=1, max_length=TOKEN_MAX,
                       description="The token of the link sent by e-mail (its last path "
                                   "segment).")


class FollowConfirmed(Schema):
    confirmed: bool
    topic: FollowTopic | None = Field(description="Null when the topic is no longer public.")
    manage_token: str = Field(description="For GET/PATCH/DELETE /follow/manage/{token}/.")


class FollowSubscription(Schema):
    id: int
    topic: str
    kind_label: str
    title: str | None = Field(description="Null when the topic is no longer public.")
    url: str | None
    confirmed: bool


class FollowManageOut(Schema):
    frequency: FrequencyCode
    subscriptions: list[FollowSubscription]


class FollowManagePatch(Schema):
    frequency: FrequencyCode | None = None
    remove: list[int] = Field([], max_length=100,
                              description="Ids of the subscriptions to stop.")


class MyCommentsRequestIn(Schema):
    email: str = Field(max_length=254, pattern=EMAIL_PATTERN)


class MyComment(Schema):
    id: int
    consultation_id: int
    consultation_title: str
    consultation_url: str
    section: str = Field(description="The section's title.")
    text: str
    status: str
    status_label: str
    moderation_reason: str = Field(description="Why it was rejected; empty otherwise.")
    decision: str = Field(description="Empty until the consultation is settled.")
    decision_label: str
    decision_reason: str
    created_at: dt.datetime


class MyCommentList(Schema):
    items: list[MyComment]
    count: int
    limit: int = Field(description="At most this many, the newest, are listed.")


def bad_token():
    # 404: for the API a link that is forged, expired, revoked or meant for something else
    # names nothing, whatever is wrong with it.
    return Reply(404, Problem(detail=_(
        "The link is damaged, has expired or was replaced by a newer one. Ask for a new one "
        "on the page you came from.")))


def refused(refusal):
    return Reply(refusal.status, Problem(detail=refusal.message, errors=refusal.errors))


def form_errors(form):
    return Reply(400, Problem(
        detail=_("The request was not accepted. Correct the marked fields."),
        errors={field: [str(error) for error in errors] for field, errors in form.errors.items()}))


def topic_out(topic):
    return FollowTopic(topic=topic.key, kind=topic.kind, kind_label=str(topics.kind_label(
        topic.kind)), title=str(topic.title), url=topic.url)


def manage_out(subscriber):
    return FollowManageOut(frequency=subscriber.frequency, subscriptions=[
        FollowSubscription(
            id=row["subscription"].pk, topic=str(row["subscription"]),
            kind_label=str(row["kind"]),
            title=str(row["topic"].title) if row["topic"] else None,
            url=row["topic"].url if row["topic"] else None,
            confirmed=row["subscription"].confirmed_at is not None)
        for row in services.subscription_rows(subscriber)])


@router.get("/topics/", response=FollowTopicList, summary="What can be followed by e-mail")
def list_topics(request):
    found = [topic_out(topic) for topic in topics.listed(TOPICS_LIMIT)]
    return FollowTopicList(items=found, count=len(found))


@router.post("/subscribe/", response={202: FollowAccepted, 400: Problem, 404: Problem,
                                      415: Problem, 429: Problem},
             summary="Ask to follow a topic by e-mail",
             description="Answers 202 with the same text whether or not the address already "
                         "follows anything: a confirmation link goes to the address (at most 3 "
                         "an hour per address). Rate-limited per IP address like the HTML form.")
@decorate_view(json_request)
def subscribe(request, payload: FollowSubscribeIn):
    try:
        services.check_rate(client_ip(request))
    except SubmissionRefused as refusal:
        return refused(refusal)
    form = SubscribeForm({"email": payload.email, "frequency": payload.frequency})
    if not form.is_valid():
        return form_errors(form)
    topic = topics.parse(payload.topic)
    if topic is None:
        return Reply(404, Problem(detail=_("No such topic can be followed.")))
    services.request_subscription(form.cleaned_data["email"], form.cleaned_data["frequency"],
                                  topic)
    return Reply(202, FollowAccepted(detail=_(
        "If the address is valid, we have sent it a link. Following starts once you confirm "
        "it with that link; it works for three days.")))


@router.post("/confirm/", response={200: FollowConfirmed, 404: Problem, 415: Problem},
             summary="Confirm a subscription with the token from its e-mail")
@decorate_view(json_request)
@decorate_view(never_cache)
def confirm(request, payload: FollowTokenIn):
    subscription = services.subscription_from_confirm_token(payload.token)
    if subscription is None:
        return bad_token()
    services.confirm(subscription)
    topic = topics.resolve(subscription.topic_kind, subscription.topic_id)
    return FollowConfirmed(
        confirmed=True, topic=topic_out(topic) if topic else None,
        manage_token=subscriber_token(subscription.subscriber, services.MANAGE_SALT))


@router.post("/unsubscribe/", response={200: FollowAccepted, 404: Problem, 415: Problem},
             summary="Unsubscribe from everything with the token of an e-mail's link",
             description="The address and all its subscriptions are deleted. Repeating it "
                         "answers the same.")
@decorate_view(json_request)
def unsubscribe(request, payload: FollowTokenIn):
    if not services.unsubscribe(payload.token):
        return bad_token()
    return FollowAccepted(detail=_(
        "You will receive no more e-mails about what you followed. Your address has been "
        "deleted."))


@router.get("/manage/{token}/", response={200: FollowManageOut, 404: Problem},
            summary="What the manage token's subscriber follows (never the address)")
@decorate_view(never_cache)
def manage(request, token: str):
    subscriber = len(token) <= TOKEN_MAX and services.subscriber_from_manage_token(token)
    if not subscriber:
        return bad_token()
    return manage_out(subscriber)


@router.patch("/manage/{token}/",
              response={200: FollowManageOut, 404: Problem, 415: Problem},
              summary="Change the frequency or stop following some topics",
              description="Nothing changes unless every id in `remove` is one of this "
                          "subscriber's subscriptions (404 otherwise, as for a bad token).")
@decorate_view(json_request)
@decorate_view(never_cache)
def manage_change(request, token: str, payload: FollowManagePatch):
    subscriber = len(token) <= TOKEN_MAX and services.subscriber_from_manage_token(token)
    if not subscriber:
        return bad_token()
    own = set(subscriber.subscriptions.values_list("pk", flat=True))
    if not set(payload.remove) <= own:
        return Reply(404, Problem(detail=_("You do not follow this.")))
    for subscription_id in payload.remove:
        services.remove_subscription(subscriber, subscription_id)
    if payload.frequency is not None:
        services.set_frequency(subscriber, payload.frequency)
    return manage_out(subscriber)


@router.delete("/manage/{token}/", response={204: None, 404: Problem},
               summary="Unsubscribe from everything and delete the address")
@decorate_view(never_cache)
def manage_forget(request, token: str):
    subscriber = len(token) <= TOKEN_MAX and services.subscriber_from_manage_token(token)
    if not subscriber:
        return bad_token()
    services.forget(subscriber)
    return Reply(204, None)


@router.post("/my-comments/", response={202: FollowAccepted, 400: Problem, 415: Problem,
                                        429: Problem},
             summary="Ask for the link to one's own comments",
             description="Answers 202 with the same text whether or not comments were sent "
                         "with the address; only the address's mailbox learns it.")
@decorate_view(json_request)
def my_comments_request(request, payload: MyCommentsRequestIn):
    try:
        services.check_rate(client_ip(request))
    except SubmissionRefused as refusal:
        return refused(refusal)
    form = EmailForm({"email": payload.email})
    if not form.is_valid():
        return form_errors(form)
    services.send_my_comments_link(form.cleaned_data["email"])
    return Reply(202, FollowAccepted(detail=_(
        "If comments were sent with this address, we have e-mailed it the link to them. The "
        "link works for 30 days.")))


@router.get("/my-comments/{token}/", response={200: MyCommentList, 404: Problem},
            summary="One's own comments, their state and decisions, by the e-mailed token")
@decorate_view(never_cache)
def my_comments(request, token: str):
    email = len(token) <= TOKEN_MAX and services.email_from_my_comments_token(token)
    if not email:
        return bad_token()
    items = []
    for row in services.my_comment_rows(email):
        comment, page = row["comment"], row["page"]
        decided = row["settled"] and bool(comment.decision)
        items.append(MyComment(
            id=comment.pk, consultation_id=page.pk, consultation_title=page.title,
            consultation_url=page.full_url or page.url or "", section=str(row["section"]),
            text=comment.text, status=comment.status,
            status_label=str(comment.get_status_display()),
            moderation_reason=comment.moderation_reason if comment.status == Status.REJECTED else "",
            decision=comment.decision if decided else "",
            decision_label=str(comment.get_decision_display()) if decided else "",
            decision_reason=comment.decision_reason if decided else "",
            created_at=comment.created_at))
    return MyCommentList(items=items, count=len(items), limit=services.MY_COMMENTS_LIMIT)
