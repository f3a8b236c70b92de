"""Comment → change tracing: which accepted comments on the previous draft explain each change.

Once the consultation of a draft is settled and a newer draft names it as its previous one,
every section of the newer draft is shown with its word-level diff (kp_plans.diff) beside the
accepted and partly accepted comments the settlement linked to it. A comment is linked by the
settlement's "section in the next draft" (``Comment.next_section``, validated against the
newer draft's anchors); when that is empty, by its own section, since anchors are stable
across drafts. What is left over is listed too: changes no comment explains, and accepted
comments after which the linked section did not change. One query for the comments, however
many sections.
"""

from dataclasses import dataclass, field

from kp_consultation.mixins import ConsultationState
from kp_consultation.models import Comment, Decision
from kp_plans.diff import REMOVED, UNCHANGED, SectionChange, diff_sections

EXPLAINING = [Decision.ACCEPTED, Decision.PARTLY_ACCEPTED]


@dataclass
class TracedComment:
    id: int
    section: str
    paragraph: str
    text: str
    author: str
    decision: str
    decision_label: str
    decision_reason: str
    target: str  # the anchor in the newer draft it is linked to ("" = none)
    next_section: str = ""  # as the settlement set it ("" = linked by its own anchor)
    cosignatures: int = 0


@dataclass
class SectionTrace:
    change: SectionChange
    comments: list[TracedComment] = field(default_factory=list)

    @property
    def changed(self):
        return self.change.status != UNCHANGED

    @property
    def explained(self):
        return bool(self.comments)


@dataclass
class DraftTrace:
    previous: object  # the settled PlanDraftPage
    sections: list[SectionTrace]
    unexplained: list[SectionTrace]
    without_change: list[TracedComment]


def previous_settled(draft):
    """The live previous draft when its settlement is published, else None."""
    if not draft.previous_draft_id:
        return None
    previous = type(draft).objects.live().filter(pk=draft.previous_draft_id).first()
    if previous is None or previous.consultation_state() != ConsultationState.SETTLED:
        return None
    return previous


def traced_comments(previous, new_anchors):
    rows = (Comment.objects.for_settlement().filter(page_id=previous.pk, decision__in=EXPLAINING)
            .order_by("created_at", "pk"))
    traced = []
    for comment in rows.annotate_cosignatures():
        target = comment.next_section or (comment.section if comment.section in new_anchors
                                          else "")
        traced.append(TracedComment(
            id=comment.pk, section=comment.section, paragraph=comment.paragraph,
            text=comment.text, author=str(comment.display_author), decision=comment.decision,
            decision_label=str(comment.get_decision_display()),
            decision_reason=comment.decision_reason, target=target,
            next_section=comment.next_section,
            cosignatures=comment.cosigned))
    return traced


def trace(draft):
    """The DraftTrace of ``draft`` against its settled previous draft, or None."""
    previous = previous_settled(draft)
    if previous is None:
        return None
    changes = diff_sections(previous.sections, draft.sections)
    new_anchors = {s["anchor"] for s in draft.sections}
    comments = traced_comments(previous, new_anchors)
    sections = [SectionTrace(change) for change in changes]
    by_anchor = {s.change.anchor: s for s in sections if s.change.status != REMOVED}
    removed = {s.change.anchor: s for s in sections if s.change.status == REMOVED}
    without_change = []
    for comment in comments:
        section = by_anchor.get(comment.target) or (
            removed.get(comment.section) if not comment.next_section else None)
        if section is None:
            without_change.append(comment)
            continue
        section.comments.append(comment)
        if not section.changed:
            without_change.append(comment)
    unexplained = [s for s in sections if s.changed and not s.explained]
    return DraftTrace(previous=previous, sections=sections, unexplained=unexplained,
                      without_change=without_change)


