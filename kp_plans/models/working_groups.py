"""Working groups: members, meetings with minutes, documents and SWOT."""


from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
)
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from kp_consultation.mixins import ConsultationPageMixin, ConsultationState
from kp_consultation.models import Comment
from kp_plans import ical
from kp_plans.apifields import (
    MeetingOut,
    SwotOut,
    typed_api_field,
)
from kp_plans.choices import (
    GroupKind,
    TargetGroup,
    TriadRole,
)
from kp_plans.models.mixins import SMALL_TEXT, ICalMixin

# --- Working groups -----------------------------------------------------------------------------


class WorkingGroupIndexPage(ICalMixin, Page):
    intro = RichTextField(_("introduction"), blank=True, features=SMALL_TEXT)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    api_fields = [APIField("intro")]
    parent_page_types = ["kp_plans.PlanningSectionPage"]
    subpage_types = ["kp_plans.WorkingGroupPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("working group index")
        verbose_name_plural = _("working group indexes")

    def groups(self):
        return WorkingGroupPage.objects.live().public().child_of(self).order_by("path")

    def public_meetings(self):
        return Meeting.objects.filter(page__in=self.groups().filter(meetings_public=True))

    def ical_events(self, request):
        meetings = self.public_meetings().select_related("page")
        return [meeting.ical_event(meeting.page.title) for meeting in meetings]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["groups"] = self.groups()
        context["upcoming"] = (self.public_meetings().filter(start__gte=timezone.now())
                               .select_related("page").order_by("start")[:10])
        return context


class WorkingGroupPage(ConsultationPageMixin, ICalMixin, Page):
    """A working group (or team, forum, platform) on the triad principle.

    It takes ideas (podněty) from the public all year through kp_consultation's comments: the
    same form, spam defences, moderation and decision, the decision's reason being the group
    manager's public answer, shown as soon as it is given. The drafts of the plans the group is
    responsible for list the ideas received since the previous draft (``PlanDraftPage``).
    """

    kind = models.CharField(_("kind"), max_length=30, choices=GroupKind.choices,
                            default=GroupKind.WORKING_GROUP)
    target_group = models.CharField(_("target group"), max_length=20,
                                    choices=TargetGroup.choices, blank=True)
    intro = models.TextField(_("summary"), blank=True)
    description = RichTextField(_("description"), blank=True, features=SMALL_TEXT)
    manager_name = models.CharField(_("group manager"), max_length=255, blank=True)
    # Contacts of the manager are private: used for notifications, never rendered.
    manager_email = models.EmailField(_("manager's e-mail (not public)"), blank=True)
    manager_phone = models.CharField(_("manager's phone (not public)"), max_length=40, blank=True)
    strengths = models.TextField(_("strengths"), blank=True, help_text=_("One item per line."))
    weaknesses = models.TextField(_("weaknesses"), blank=True, help_text=_("One item per line."))
    opportunities = models.TextField(_("opportunities"), blank=True,
                                     help_text=_("One item per line."))
    threats = models.TextField(_("threats"), blank=True, help_text=_("One item per line."))
    meetings_public = models.BooleanField(
        _("meetings are public"), default=True,
        help_text=_("Untick for groups whose meetings are not public, e.g. the steering group."),
    )
    ideas_open = models.BooleanField(
        _("takes ideas from the public"), default=False,
        help_text=_("The page shows a form for ideas all year; the group manager answers each "
                    "idea through its decision and reason in the comments' administration."),
    )

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("target_group")]),
        FieldPanel("intro"),
        FieldPanel("description"),
        MultiFieldPanel(
            [FieldPanel("manager_name"), FieldPanel("manager_email"), FieldPanel("manager_phone")],
            heading=_("Manager"),
        ),
        InlinePanel("members", label=_("Members")),
        FieldPanel("meetings_public"),
        InlinePanel("meetings", label=_("Meetings")),
        MultiFieldPanel(
            [FieldPanel("strengths"), FieldPanel("weaknesses"), FieldPanel("opportunities"),
             FieldPanel("threats")],
            heading=_("SWOT analysis"),
        ),
        InlinePanel("documents", label=_("Documents")),
        MultiFieldPanel(
            [FieldPanel("ideas_open"), FieldPanel("comments_premoderated"),
             FieldPanel("comments_allow_anonymous")],
            heading=_("Ideas from the public"),
        ),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro"),
                                          index.SearchField("description")]
    api_fields = [
        APIField("kind"), APIField("target_group"), APIField("intro"), APIField("description"),
        APIField("manager_name"), typed_api_field("swot", SwotOut),
        APIField("members"), APIField("meetings_public"), APIField("ideas_open"),
        typed_api_field("meetings", list[MeetingOut], method="public_meetings_data"),
        APIField("documents"),
    ]
    parent_page_types = ["kp_plans.WorkingGroupIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("working group")
        verbose_name_plural = _("working groups")

    # The seam with kp_consultation: ideas all year, answered one by one -----------------------

    def consultation_state(self, now=None):
        return ConsultationState.OPEN if self.ideas_open else ConsultationState.NOT_SCHEDULED

    def decisions_public(self):
        return True

    def consultation_manager_emails(self):
        """The manager's private e-mail, for notifications of new ideas only."""
        return [self.manager_email] if self.manager_email else []

    @property
    def swot(self):
        def lines(text):
            return [line.strip() for line in (text or "").splitlines() if line.strip()]

        return {"strengths": lines(self.strengths), "weaknesses": lines(self.weaknesses),
                "opportunities": lines(self.opportunities), "threats": lines(self.threats)}

    def public_meetings(self):
        return self.meetings.all() if self.meetings_public else self.meetings.none()

    def public_meetings_data(self):
        fields = ["id", "start", "end", "place", "agenda", "minutes", "attendance"]
        return [{**{f: getattr(m, f) for f in fields}, "minutes_document": m.minutes_document_id}
                for m in self.public_meetings()]

    def ical_events(self, request):
        return [meeting.ical_event(self.title) for meeting in self.public_meetings()]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        now = timezone.now()
        meetings = list(self.public_meetings().select_related("minutes_document"))
        context["upcoming_meetings"] = [m for m in meetings if m.start >= now]
        context["past_meetings"] = sorted((m for m in meetings if m.start < now),
                                          key=lambda m: m.start, reverse=True)
        context["members"] = self.members.all()
        context["documents"] = self.documents.select_related("document")
        context["has_ideas"] = Comment.objects.public().filter(page_id=self.pk).exists()
        return context


class GroupMember(Orderable):
    page = ParentalKey(WorkingGroupPage, related_name="members", on_delete=models.CASCADE)
    name = models.CharField(pgettext_lazy("person", "name"), max_length=255)
    organisation = models.CharField(_("organisation"), max_length=255, blank=True)
    triad_role = models.CharField(_("role in the triad"), max_length=20,
                                  choices=TriadRole.choices)
    # Private contacts: kept for the manager, never public.
    email = models.EmailField(_("e-mail (not public)"), blank=True)
    phone = models.CharField(_("phone (not public)"), max_length=40, blank=True)

    panels = [FieldPanel("name"), FieldPanel("organisation"), FieldPanel("triad_role"),
              FieldPanel("email"), FieldPanel("phone")]
    api_fields = [APIField("name"), APIField("organisation"), APIField("triad_role")]

    class Meta(Orderable.Meta):
        verbose_name = _("member")
        verbose_name_plural = _("members")


class Meeting(models.Model):
    page = ParentalKey(WorkingGroupPage, related_name="meetings", on_delete=models.CASCADE)
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=255)
    agenda = models.TextField(_("agenda"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    minutes_document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("minutes (document)"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    attendance = models.PositiveSmallIntegerField(_("number present"), null=True, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("start"), FieldPanel("end")]), FieldPanel("place"),
        FieldPanel("agenda"), FieldPanel("minutes"), FieldPanel("minutes_document"),
        FieldPanel("attendance"),
    ]
    api_fields = [
        APIField("start"), APIField("end"), APIField("place"), APIField("agenda"),
        APIField("minutes"), APIField("minutes_document"), APIField("attendance"),
    ]

    class Meta:
        ordering = ["start"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self):
        return f"{self.page.title if self.page_id else ''} {self.start:%Y-%m-%d}".strip()

    def clean(self):
        super().clean()
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("The meeting cannot end before it starts.")})

    def ical_event(self, group_title):
        return ical.Event(
            uid=f"kp-meeting-{self.pk}", start=self.start, end=self.end,
            summary=str(_("Meeting: %(group)s") % {"group": group_title}),
            location=self.place, description=self.agenda,
        )


class GroupDocument(Orderable):
    page = ParentalKey(WorkingGroupPage, related_name="documents", on_delete=models.CASCADE)
    document = models.ForeignKey("wagtaildocs.Document", verbose_name=_("document"),
                                 on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("link text"), max_length=255, blank=True)

    panels = [FieldPanel("document"), FieldPanel("title")]
    api_fields = [APIField("document"), APIField("title")]

    class Meta(Orderable.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")
