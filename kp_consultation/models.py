"""Comments on consulted pages, their moderation and their settlement.

A comment belongs to a Wagtail page whose class inherits ``ConsultationPageMixin``; the
foreign key points at ``wagtailcore.Page`` so the app never needs to know the page types
that opt in. Settlement decisions live on the comment itself: the settlement table has
exactly one row per comment.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .links import is_safe_link
from .mixins import ConsultationPageMixin

TEXT_MAX_LENGTH = 5000


class Role(models.TextChoices):
    SERVICE_USER = "service_user", _("service user")
    PROVIDER = "provider", _("provider")
    COMMISSIONER = "commissioner", _("commissioner")
    PUBLIC = "public", _("public")


class Channel(models.TextChoices):
    WEB = "web", _("web form")
    API = "api", _("API")
    PAPER = "paper", _("paper")
    EMAIL = "email", _("e-mail")
    MEETING = "meeting", pgettext_lazy("comment channel", "meeting")


# Channels staff enter by hand on behalf of someone.
STAFF_CHANNELS = [Channel.PAPER, Channel.EMAIL, Channel.MEETING]


class Status(models.TextChoices):
    PENDING = "pending", _("awaiting moderation")
    PUBLISHED = "published", _("published")
    REJECTED = "rejected", _("rejected")
    SPAM = "spam", _("spam")


class Decision(models.TextChoices):
    ACCEPTED = "accepted", _("accepted")
    PARTLY_ACCEPTED = "partly_accepted", _("partly accepted")
    REJECTED = "rejected", _("rejected")
    NOTED = "noted", _("noted")
    OUT_OF_SCOPE = "out_of_scope", _("out of scope")


def consultation_page_models():
    from wagtail.models import get_page_models

    return [model for model in get_page_models() if issubclass(model, ConsultationPageMixin)]


def consultation_content_types():
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_models(*consultation_page_models()).values()


def consultation_pages_q():
    return models.Q(content_type__in=list(consultation_content_types()))


class CommentQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED)

    def public(self):
        """What the public sees: published comments and the placeholders of rejected ones."""
        return self.filter(status__in=[Status.PUBLISHED, Status.REJECTED])

    def for_settlement(self):
        return self.published()

    def annotate_cosignatures(self):
        """Each comment's number of co-signatures as ``cosigned`` (in the same query).

        Django drops ``Meta.ordering`` from a query with GROUP BY, and PostgreSQL then returns
        the rows in any order, so the model's order is asked for explicitly unless the caller
        chose one."""
        annotated = self.annotate(cosigned=models.Count("cosignatures"))
        if self.query.order_by:
            return annotated
        return annotated.order_by(*self.model._meta.ordering)


class Comment(models.Model):
    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="consultation_comments",
        verbose_name=_("consulted page"), limit_choices_to=consultation_pages_q,
    )
    section = models.CharField(
        _("section"), max_length=100, blank=True,
        help_text=_("Anchor of the section; empty for the whole document."),
    )
    paragraph = models.CharField(
        _("paragraph"), max_length=40, blank=True,
        help_text=_("Anchor of the paragraph within the section; empty for the whole section."),
    )
    text = models.TextField(_("comment"), max_length=TEXT_MAX_LENGTH)
    author_name = models.CharField(pgettext_lazy("person", "name"), max_length=200, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    role = models.CharField(pgettext_lazy("commenter", "role"), max_length=20, choices=Role.choices, default=Role.PUBLIC)
    municipality = models.CharField(_("municipality"), max_length=100, blank=True)
    email = models.EmailField(
        _("e-mail"), blank=True, help_text=_("Never published; used only for notifications."),
    )
    consent = models.BooleanField(_("consent to processing personal data"), default=False)
    channel = models.CharField(
        _("channel"), max_length=10, choices=Channel.choices, default=Channel.WEB,
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True,
    )
    moderation_reason = models.TextField(_("moderation reason"), blank=True)
    moderated_at = models.DateTimeField(_("moderated"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("moderated by"),
    )
    # One token per rendered form (or an API client's idempotency key): a double-click
    # arrives twice with the same token and the unique constraint keeps one row.
    submission_token = models.CharField(max_length=64, unique=True, null=True, blank=True,
                                        editable=False)
    created_at = models.DateTimeField(_("received"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(pgettext_lazy("comment", "updated"), auto_now=True)
    managers_notified_at = models.DateTimeField(null=True, blank=True, editable=False)

    decision = models.CharField(
        _("decision"), max_length=20, choices=Decision.choices, blank=True,
    )
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    responsible_group = models.CharField(_("responsible group"), max_length=200, blank=True)
    next_section = models.CharField(
        _("section in the next draft"), max_length=100, blank=True,
        help_text=_("Anchor of the section of the next draft that answers the comment; "
                    "offered once the next draft exists."),
    )
    next_draft_link = models.CharField(
        _("link to the next draft"), max_length=500, blank=True,
        help_text=_("Optional free text or address (or #anchor), for a document outside this "
                    "site; a section of the next draft is chosen above."),
    )
    settlement_notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True, editable=False)

    objects = CommentQuerySet.as_manager()

    # Wagtail would index every comment as a "usage" of its page: thousands of rows in the
    # page's usage report, and two more queries in every comment POST.
    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["page", "status", "section"])]

    def __str__(self):
        return f"#{self.pk} {self.text[:60]}"

    @classmethod
    def from_db(cls, db, field_names, values):
        comment = super().from_db(db, field_names, values)
        # The status as read: a comment returned to moderation must still drop the lists it
        # was shown in, one that always awaited moderation only the count (caching.py).
        comment.loaded_status = comment.__dict__.get("status")
        return comment

    def clean(self):
        super().clean()
        errors = {}
        if (self.author_name or self.email) and not self.consent:
            errors["consent"] = _(
                "Consent to processing personal data is required when you give a name or "
                "an e-mail address."
            )
        if self.decision and self.decision != Decision.ACCEPTED and not self.decision_reason.strip():
            errors["decision_reason"] = _("Give a reason unless the comment is accepted.")
        if self.next_draft_link and not is_safe_link(self.next_draft_link):
            errors["next_draft_link"] = _(
                "Enter a path on this site (starting with / or #) or an address on this site "
                "starting with https://.")
        if self.status == Status.REJECTED and not self.moderation_reason.strip():
            errors["moderation_reason"] = _("Give a reason for rejecting the comment.")
        page = self.page.specific if self.page_id else None
        if not isinstance(page, ConsultationPageMixin):
            page = None
        if self.section and page is not None:
            section = next((s for s in page.consultation_sections()
                            if s.anchor == self.section), None)
            if section is None:
                errors["section"] = _("This page has no such section.")
            elif self.paragraph and section.paragraph(self.paragraph) is None:
                errors["paragraph"] = _("This section has no such paragraph.")
        elif self.paragraph:
            errors["paragraph"] = _("Choose the section of the paragraph.")
        if self.next_section and page is not None:
            successors = page.successor_sections()
            if not successors:
                errors["next_section"] = _("The next draft does not exist yet.")
            elif self.next_section not in {s.anchor for s in successors}:
                errors["next_section"] = _("The next draft has no such section.")
        if errors:
            raise ValidationError(errors)

    @property
    def display_author(self):
        return self.author_name or _("Anonymous")

    def section_title(self, sections=None):
        if not self.section:
            return _("Whole document")
        for section in sections if sections is not None else self.page.specific.consultation_sections():
            if section.anchor == self.section:
                return section.title
        return self.section


class CoSignature(models.Model):
    """Someone joined a published comment ("Připojit se") instead of writing it again.

    ``signer`` is a keyed hash of a random identifier kept in the person's browser (a signed
    cookie), never an address or a name: one co-signature per browser and comment. See
    docs/consultation.md for why that and not an e-mail.
    """

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="cosignatures",
                                verbose_name=_("comment"))
    signer = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(_("received"), default=timezone.now)

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("co-signature")
        verbose_name_plural = _("co-signatures")
        constraints = [models.UniqueConstraint(fields=["comment", "signer"],
                                               name="kpc_one_cosignature_per_signer")]

    def __str__(self):
        return f"#{self.comment_id} +1"


class Settlement(models.Model):
    """The consultation's settlement, ours to keep whatever happens to the page's revisions.

    ``ConsultationPageMixin.comments_settled_at`` is a copy for the page templates; this
    row is the record, and it is restored onto the page when a revision is published.
    """

    page = models.OneToOneField(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="consultation_settlement",
    )
    settled_at = models.DateTimeField(_("settled"), default=timezone.now)
    settled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    commenters_notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("settlement")
        verbose_name_plural = _("settlements")

    def __str__(self):
        return f"{self.page} ({self.settled_at:%Y-%m-%d})"


# Following without an account lives in its own folder; Django finds its models through here.
from kp_consultation.follow.models import (  # noqa: E402, F401 - re-exported
    Delivery,
    Event,
    Frequency,
    Subscriber,
    Subscription,
)

