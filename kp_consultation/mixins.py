"""What a page must offer to be open for public comment.

Any Wagtail page type opts in by inheriting ``ConsultationPageMixin`` (before ``Page``) and
naming its sections; ``kp_plans.PlanDraftPage`` is the first. The comment period is stored as
aware datetimes and judged in the site's time zone (Europe/Prague).
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel


class ConsultationState(models.TextChoices):
    NOT_SCHEDULED = "not_scheduled", _("not scheduled")
    UPCOMING = "upcoming", _("upcoming")
    OPEN = "open", _("open for comments")
    CLOSED = "closed", _("closed")
    SETTLED = "settled", _("settled")


@dataclass(frozen=True)
class ConsultationParagraph:
    """A paragraph of a section that a comment can point at.

    ``anchor`` is stable across edits (unique within its section); ``code`` is the printed
    position ("3.2": section 3, paragraph 2) that staff type when entering a paper comment.
    """

    anchor: str
    code: str
    excerpt: str = ""


@dataclass(frozen=True)
class ConsultationSection:
    """A part of the consulted document that comments can attach to.

    ``anchor`` is stable across edits (it is the id of the HTML element and the key stored
    with each comment); ``title`` is what readers see; ``number`` its printed number (0 when
    the page does not number its sections); ``paragraphs`` those a comment may point at.
    """

    anchor: str
    title: str
    number: int = 0
    paragraphs: tuple[ConsultationParagraph, ...] = ()

    def paragraph(self, anchor):
        return next((p for p in self.paragraphs if p.anchor == anchor), None)


class ConsultationPageMixin(models.Model):
    comment_period_start = models.DateTimeField(
        _("comments open"), null=True, blank=True,
        help_text=_("Date and time (Prague time) from which the public can comment."),
    )
    comment_period_end = models.DateTimeField(
        _("comments close"), null=True, blank=True,
        help_text=_("Comments are accepted until this moment, not at it."),
    )
    comments_premoderated = models.BooleanField(
        _("moderate comments before publishing"), default=True,
    )
    comments_allow_anonymous = models.BooleanField(
        _("allow anonymous comments"), default=True,
    )
    comments_settled_at = models.DateTimeField(
        _("settlement published"), null=True, blank=True, editable=False,
    )

    consultation_panels = [
        MultiFieldPanel(
            [
                FieldPanel("comment_period_start"),
                FieldPanel("comment_period_end"),
                FieldPanel("comments_premoderated"),
                FieldPanel("comments_allow_anonymous"),
            ],
            heading=_("Public comment period"),
        )
    ]

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        start, end = self.comment_period_start, self.comment_period_end
        if bool(start) != bool(end):
            raise ValidationError(
                {"comment_period_end": _("Set both the start and the end of the comment period.")}
            )
        if start and end and end <= start:
            raise ValidationError(
                {"comment_period_end": _("The comment period must end after it starts.")}
            )

    def consultation_sections(self) -> list[ConsultationSection]:
        """The sections comments may attach to, in reading order. Pages override this."""
        return []

    def section_comments_url(self, section) -> str:
        """Where all comments of a section (``""`` = the whole document) are listed, page by
        page; empty when the page shows them all itself. Pages with long discussions override it."""
        return ""

    def successor_sections(self) -> list[ConsultationSection]:
        """The sections of the next version of the document, once there is one: the
        settlement links each comment to one of them. Pages with versions override this."""
        return []

    def successor_section_url(self, anchor) -> str:
        """Where a section of the next version is read (empty when there is none)."""
        return ""

    def consultation_manager_emails(self) -> list[str]:
        """Who is told about new comments (e.g. the working group's managers). Pages override."""
        return []

    def consultation_state(self, now=None) -> ConsultationState:
        if self.comments_settled_at:
            return ConsultationState.SETTLED
        start, end = self.comment_period_start, self.comment_period_end
        if not start or not end:
            return ConsultationState.NOT_SCHEDULED
        now = now or timezone.now()
        if now < start:
            return ConsultationState.UPCOMING
        if now < end:
            return ConsultationState.OPEN
        return ConsultationState.CLOSED

    def decisions_public(self) -> bool:
        """Whether comments show their decision. A consultation shows them all at once when it
        is settled; pages that answer each comment as it comes (a working group's ideas)
        override this."""
        return self.consultation_state() == ConsultationState.SETTLED

    def accepts_comments(self, now=None) -> bool:
        return self.consultation_state(now) == ConsultationState.OPEN

    def time_left(self, now=None):
        """Time until the period closes while it is open, else None (for the countdown)."""
        if not self.accepts_comments(now):
            return None
        return self.comment_period_end - (now or timezone.now())
