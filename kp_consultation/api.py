"""Public API: the consultation, its comments and its settlement, and posting a comment.

Anonymous by design: ``AllowAnonymous`` replaces any session user, so a logged-in browser
gets exactly what a stranger gets, and there is nothing for CSRF to protect.
"""

import datetime as dt

from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja import Status as Reply
from ninja.decorators import decorate_view
from wagtail.api.v3.auth import AllowAnonymous

from . import caching, cosigning, public
from .api_base import Problem, json_only, json_request
from .exports import settlement_groups
from .links import is_safe_link, site_hosts
from .mixins import ConsultationState
from .models import Channel, Comment, Role, Status
from .ratelimit import client_ip
from .submission import (
    SubmissionRefused,
    consultation_page,
    is_restricted,
    submit,
    success_message,
)

router = Router(tags=["consultations"], auth=AllowAnonymous())


class SectionOut(Schema):
    anchor: str
    title: str
    published_comments: int


class RoleCount(Schema):
    role: str
    label: str
    count: int


class ConsultationOut(Schema):
    id: int
    title: str
    state: str
    state_label: str
    comment_period_start: dt.datetime | None
    comment_period_end: dt.datetime | None
    accepts_comments: bool
    premoderated: bool
    anonymous_allowed: bool
    settled_at: dt.datetime | None
    published_comments: int
    whole_document_comments: int
    sections: list[SectionOut]
    by_role: list[RoleCount]


class CommentOut(Schema):
    id: int
    section: str = Field(description="Section anchor; empty for the whole document.")
    paragraph: str = Field("", description="Paragraph anchor within the section; empty for "
                                           "the whole section.")
    cosignatures: int = Field(0, description="People who joined the comment.")
    status: str = Field(description="published, or rejected (then only the reason is shown)")
    text: str | None
    author: str | None
    organisation: str | None
    role: str | None
    municipality: str | None
    channel: str | None
    created_at: dt.datetime
    moderation_reason: str | None = None


class CommentList(Schema):
    items: list[CommentOut]
    count: int


class CommentIn(Schema):
    text: str = Field(max_length=5000)
    section: str = ""
    paragraph: str = Field("", max_length=40,
                           description="Optional paragraph anchor within the section.")
    author_name: str = ""
    organisation: str = ""
    role: Role = Role.PUBLIC
    municipality: str = ""
    email: str = Field("", description="Optional, never published. With consent, the "
                                       "commenter is e-mailed a receipt and, after the "
                                       "settlement, the decision.")
    notify_on_settlement: bool = Field(
        False, deprecated=True,
        description="Ignored: an e-mail with consent is enough to receive the decision. Kept "
                    "so that older clients are not refused.")
    consent: bool = Field(False, description="Required when author_name or email is given.")
    submission_id: str | None = Field(
        None, max_length=40, pattern=r"^[A-Za-z0-9_-]+$",
        description="Optional idempotency key: a retried POST with the same key stores one "
                    "comment.")


class CommentCreated(Schema):
    id: int
    status: str
    created: bool
    message: str


class SettlementRow(Schema):
    id: int
    text: str
    author: str
    organisation: str
    role: str
    decision: str
    decision_label: str
    decision_reason: str
    responsible_group: str
    cosignatures: int
    next_section: str = Field(description="Anchor of the section in the next draft; empty "
                                          "when none.")
    next_section_url: str = Field(description="Where that section is read; empty when none.")
    next_draft_link: str


class SettlementSection(Schema):
    anchor: str
    title: str
    comments: list[SettlementRow]


class SettlementOut(Schema):
    settled_at: dt.datetime
    sections: list[SettlementSection]


def get_page(page_id):
    page = consultation_page(page_id)
    if page is None or is_restricted(page):
        raise Http404
    return page


def comment_out(comment):
    if comment.status == Status.REJECTED:
        return CommentOut(id=comment.pk, section=comment.section, status=comment.status,
                          text=None, author=None, organisation=None, role=None,
                          municipality=None, channel=None, created_at=comment.created_at,
                          moderation_reason=comment.moderation_reason)
    return CommentOut(id=comment.pk, section=comment.section, status=comment.status,
                      paragraph=comment.paragraph, cosignatures=comment.cosigned,
                      text=comment.text, author=str(comment.display_author),
                      organisation=comment.organisation, role=comment.role,
                      municipality=comment.municipality, channel=comment.channel,
                      created_at=comment.created_at)


@router.get("/{page_id}/", response=ConsultationOut, summary="A consultation's state and counts")
def consultation_detail(request, page_id: int):
    page = get_page(page_id)
    summary = public.summary(page)
    state = page.consultation_state()
    role_counts = dict((str(label), count) for label, count in summary["by_role"])
    return ConsultationOut(
        id=page.pk, title=page.title, state=state.value, state_label=str(state.label),
        comment_period_start=page.comment_period_start,
        comment_period_end=page.comment_period_end,
        accepts_comments=page.accepts_comments(), premoderated=page.comments_premoderated,
        anonymous_allowed=page.comments_allow_anonymous, settled_at=page.comments_settled_at,
        published_comments=summary["published"], whole_document_comments=summary["whole"],
        sections=[SectionOut(anchor=s.anchor, title=s.title, published_comments=n)
                  for s, n in summary["by_section"]],
        by_role=[RoleCount(role=code, label=str(label), count=role_counts[str(label)])
                 for code, label in Role.choices],
    )


@router.get("/{page_id}/comments/", response=CommentList,
            summary="Published comments (and placeholders of rejected ones)")
def list_comments(request, page_id: int, section: str | None = None):
    page = get_page(page_id)

    def build():
        comments = public.public_comments(page)
        if section is not None:
            comments = [c for c in comments if c.section == section]
        return CommentList(items=[comment_out(c) for c in comments],
                           count=len(comments)).model_dump_json()

    # Serialising thousands of comments costs more than the rest of the request: the JSON is
    # kept until a comment of the page changes.
    body = caching.fetch(page, f"api:{section is not None}:{section or ''}", build)
    return HttpResponse(body, content_type="application/json; charset=utf-8")


@router.post("/{page_id}/comments/",
             response={201: CommentCreated, 200: CommentCreated, 400: Problem, 403: Problem,
                       404: Problem, 415: Problem, 429: Problem},
             summary="Send a comment",
             description="Accepted only while the comment period is open (Europe/Prague). "
                         "Rate-limited per IP address. The body must be sent as "
                         "`application/json`; any other Content-Type answers 415. Errors "
                         "carry a Czech message in `detail`.")
@decorate_view(json_only)
def create_comment(request, page_id: int, payload: CommentIn):
    page = consultation_page(page_id)
    if page is None or is_restricted(page):
        return Reply(404, Problem(detail=_("No such page takes comments.")))
    data = payload.dict()
    data["role"] = payload.role.value
    data.pop("notify_on_settlement")
    # The form reads checkboxes as present-or-absent.
    if not data["consent"]:
        data.pop("consent")
    try:
        comment, created = submit(page, data, channel=Channel.API, ip=client_ip(request),
                                  token=payload.submission_id)
    except SubmissionRefused as refusal:
        return Reply(refusal.status, Problem(detail=refusal.message, errors=refusal.errors))
    return Reply(201 if created else 200, CommentCreated(
        id=comment.pk, status=comment.status, created=created,
        message=str(success_message(comment))))


@router.get("/{page_id}/settlement/", response={200: SettlementOut, 404: Problem},
            summary="The settlement table, once published")
def settlement(request, page_id: int):
    page = get_page(page_id)
    if page.consultation_state() != ConsultationState.SETTLED:
        return Reply(404, Problem(detail=_("The settlement has not been published yet.")))
    published = [c for c in public.public_comments(page) if c.status == Status.PUBLISHED]
    hosts = site_hosts()
    successors = {s.anchor for s in page.successor_sections()}
    return SettlementOut(settled_at=page.comments_settled_at, sections=[
        SettlementSection(anchor=anchor, title=str(title), comments=[
            SettlementRow(id=c.pk, text=c.text, author=str(c.display_author),
                          organisation=c.organisation, role=c.role, decision=c.decision,
                          decision_label=str(c.get_decision_display()),
                          decision_reason=c.decision_reason,
                          responsible_group=c.responsible_group, cosignatures=c.cosigned,
                          next_section=c.next_section if c.next_section in successors else "",
                          next_section_url=page.successor_section_url(c.next_section)
                          if c.next_section in successors else "",
                          # Only links a reader may safely follow; older rows may hold others.
                          next_draft_link=c.next_draft_link if is_safe_link(
                              c.next_draft_link, hosts) else "")
            for c in comments])
        for title, anchor, comments in settlement_groups(page, published)])


class CosignIn(Schema):
    client_id: str = Field(
        min_length=16, max_length=64, pattern=r"^[A-Za-z0-9_-]+$",
        description="A random identifier the client generates once and keeps (16–64 letters, "
                    "digits, - or _), the API's counterpart of the browser cookie: one "
                    "co-signature per identifier and comment. Never an e-mail or a name.")


class CosignOut(Schema):
    cosignatures: int = Field(description="People who joined the comment, this one included.")
    created: bool = Field(description="False when this client had already joined it.")


@router.post("/{page_id}/comments/{comment_id}/cosign/",
             response={200: CosignOut, 400: Problem, 403: Problem, 404: Problem, 415: Problem,
                       429: Problem},
             summary="Join a published comment (co-sign it)",
             description="One co-signature per `client_id` and comment; the same per-address "
                         "rate limit as the page's \"Připojit se\" button. Only published "
                         "comments of the consultation named in the path can be joined "
                         "(404 otherwise), only while comments are accepted (403 otherwise).")
@decorate_view(json_request)
def cosign_comment(request, page_id: int, comment_id: int, payload: CosignIn):
    page = consultation_page(page_id)
    comment = None
    if page is not None and not is_restricted(page):
        comment = Comment.objects.filter(pk=comment_id, page_id=page.pk,
                                         status=Status.PUBLISHED).first()
    if comment is None:
        return Reply(404, Problem(detail=_("No such published comment on this page.")))
    try:
        created = cosigning.cosign(page, comment, signer=cosigning.api_signer_key(
            payload.client_id), ip=client_ip(request), web=False)
    except SubmissionRefused as refusal:
        return Reply(refusal.status, Problem(detail=refusal.message, errors=refusal.errors))
    return CosignOut(cosignatures=comment.cosignatures.count(), created=created)


def register(api):
    if getattr(api, "_kp_consultation_registered", False):
        return
    from .follow.api import router as follow_router

    api.add_router("/consultations/", router)
    api.add_router("/consultations/follow/", follow_router)
    api._kp_consultation_registered = True
