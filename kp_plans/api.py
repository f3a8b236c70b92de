"""Public API of the plans beyond Wagtail's pages API: the comment → change tracing of a draft.

Anonymous and read-only, like the consultation's router; joined to the site's NinjaAPI in
``apps.ready`` so that it is in the same OpenAPI document.
"""

from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja import Status as Reply
from wagtail.api.v3.auth import AllowAnonymous

from kp_consultation.api import Problem
from kp_consultation.submission import is_restricted
from kp_plans.models.drafts import PlanDraftPage
from kp_plans.tracing import trace

router = Router(tags=["plans"], auth=AllowAnonymous())


class Fragment(Schema):
    operation: str = Field(description="equal, insert or delete")
    text: str


class TracedCommentOut(Schema):
    id: int = Field(description="The comment on the previous draft.")
    section: str = Field(description="Its section in the previous draft ('' = whole draft).")
    paragraph: str
    text: str
    author: str
    decision: str
    decision_label: str
    decision_reason: str
    cosignatures: int


class TracedSectionOut(Schema):
    anchor: str
    title: str
    old_title: str
    status: str = Field(description="added, removed, changed or unchanged")
    fragments: list[Fragment]
    comments: list[TracedCommentOut] = Field(
        description="Accepted and partly accepted comments linked to this section.")


class DraftTraceOut(Schema):
    draft: int
    previous_draft: int
    sections: list[TracedSectionOut]
    unexplained_changes: list[str] = Field(
        description="Anchors of changed sections that no comment explains.")
    accepted_without_change: list[int] = Field(
        description="Ids of accepted comments whose linked section did not change.")


def comment_out(comment):
    return TracedCommentOut(
        id=comment.id, section=comment.section, paragraph=comment.paragraph, text=comment.text,
        author=comment.author, decision=comment.decision, decision_label=comment.decision_label,
        decision_reason=comment.decision_reason, cosignatures=comment.cosignatures)


@router.get("/drafts/{page_id}/tracing/", response={200: DraftTraceOut, 404: Problem},
            summary="Which comments on the previous draft caused each change",
            description="Available once the previous draft's settlement is published.")
def draft_tracing(request, page_id: int):
    draft = PlanDraftPage.objects.live().filter(pk=page_id).first()
    if draft is None or is_restricted(draft):
        return Reply(404, Problem(detail=_("No such plan draft.")))
    traced = trace(draft)
    if traced is None:
        return Reply(404, Problem(detail=_(
            "The previous draft has no published settlement to trace the changes to.")))
    return DraftTraceOut(
        draft=draft.pk, previous_draft=traced.previous.pk,
        sections=[TracedSectionOut(
            anchor=s.change.anchor, title=s.change.title, old_title=s.change.old_title,
            status=s.change.status,
            fragments=[Fragment(operation=op, text=text) for op, text in s.change.fragments],
            comments=[comment_out(c) for c in s.comments]) for s in traced.sections],
        unexplained_changes=[s.change.anchor for s in traced.unexplained],
        accepted_without_change=[c.id for c in traced.without_change],
    )


def register(api):
    if getattr(api, "_kp_plans_registered", False):
        return
    api.add_router("/plans/", router)
    api._kp_plans_registered = True
