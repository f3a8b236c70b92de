"""The pages of the planning cycle.

Tree (parent_page_types / subpage_types enforce it)::

    PlanningSectionPage "Komunitní plánování"
    ├── CommunityPlanPage            medium-term plan, priorities → measures
    │   ├── PlanDraftPage            versions open for public comment
    │   └── ActionPlanPage           annual action plans
    ├── WorkingGroupIndexPage
    │   └── WorkingGroupPage
    ├── EventIndexPage
    │   ├── EventPage
    │   └── ConferencePage
    ├── ConferencePage               registration through the form builder
    └── NeedsSurveyPage              questionnaire through the form builder
"""

import math

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, transaction
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
)
from wagtail.api import APIField
from wagtail.contrib.forms.models import AbstractEmailForm, AbstractFormField
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail.url_routing import RouteResult

from kp_consultation.mixins import (
    ConsultationPageMixin,
    ConsultationSection,
    ConsultationState,
)
from kp_consultation.ratelimit import client_ip, over_limit

from . import ical
from .anchors import assign_missing_anchors, duplicate_anchor_indexes
from .apifields import (
    ConsultationOut,
    DraftSectionOut,
    FulfilmentOut,
    MeetingOut,
    PriorityOut,
    ProgrammeSlotOut,
    SwotOut,
    typed_api_field,
)
from .blocks import (
    DraftSectionsBlock,
    MaterialsBlock,
    PrioritiesBlock,
    ProgrammeBlock,
    TextBlock,
)
from .choices import (
    EventKind,
    GroupKind,
    ItemStatus,
    PlanStatus,
    PriorityKind,
    TargetGroup,
    TriadRole,
)
from .diff import diff_sections
from .forms import ActionPlanForm, PlanDraftForm

# Wagtail serves only paths of slug-like segments ending in "/", hence no ".ics" suffix.
ICAL_SLUG = "kalendar"
SMALL_TEXT = ["bold", "italic", "link", "ol", "ul"]


def choice(choices, value):
    return {"value": value or "", "label": str(dict(choices.choices).get(value, value or ""))}


class ICalMixin:
    """Serves ``<page url>kalendar/`` as an iCalendar feed of ``ical_events()``."""

    def route(self, request, path_components):
        if path_components == [ICAL_SLUG]:
            if not self.live:
                raise Http404
            return RouteResult(self, kwargs={"as_ical": True})
        return super().route(request, path_components)

    def serve(self, request, *args, as_ical=False, **kwargs):
        if as_ical:
            body = ical.calendar(self.title, self.ical_events(request), request.get_host())
            response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
            response["Content-Disposition"] = 'inline; filename="kalendar.ics"'
            return response
        return super().serve(request, *args, **kwargs)

    @property
    def ical_url(self):
        return (self.url or "") + ICAL_SLUG + "/"

    def ical_events(self, request):
        return []


# --- Planning section ---------------------------------------------------------------------------


class PlanningSectionPage(Page):
    """"Komunitní plánování": the entry to the cycle, listing what lies below it."""

    intro = RichTextField(_("introduction"), blank=True, features=SMALL_TEXT)
    body = StreamField(TextBlock(), verbose_name=_("body"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    api_fields = [APIField("intro"), APIField("body")]
    # The plugin does not know the site's page types; a site may pin the section's place,
    # e.g. KP_PLANS_SECTION_PARENT_PAGE_TYPES = ["home.HomePage"]. Default: anywhere.
    parent_page_types = getattr(settings, "KP_PLANS_SECTION_PARENT_PAGE_TYPES", None)
    subpage_types = [
        "kp_plans.CommunityPlanPage", "kp_plans.WorkingGroupIndexPage", "kp_plans.EventIndexPage",
        "kp_plans.ConferencePage", "kp_plans.NeedsSurveyPage",
    ]

    class Meta:
        verbose_name = _("planning section")
        verbose_name_plural = _("planning sections")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sections"] = self.get_children().live().public().specific()
        return context


# --- Community plan -----------------------------------------------------------------------------


class CommunityPlanPage(Page):
    """The medium-term plan: period, status, approval, chapters, priorities and measures."""

    period_start = models.PositiveSmallIntegerField(_("from year"))
    period_end = models.PositiveSmallIntegerField(_("to year"))
    status = models.CharField(
        _("status"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.PREPARATION
    )
    approved_by = models.CharField(
        _("approved by"), max_length=255, blank=True,
        help_text=_("E.g. the general assembly of the association of municipalities."),
    )
    approval_date = models.DateField(_("approval date"), null=True, blank=True)
    resolution_number = models.CharField(_("resolution number"), max_length=64, blank=True)
    regional_plan_title = models.CharField(_("regional plan"), max_length=255, blank=True)
    regional_plan_url = models.URLField(_("link to the regional plan"), blank=True)
    intro = models.TextField(_("summary"), blank=True)
    analysis = StreamField(
        TextBlock(), verbose_name=_("analysis of resources and needs"), blank=True
    )
    strategy = StreamField(TextBlock(), verbose_name=_("strategy"), blank=True)
    priorities = StreamField(PrioritiesBlock(), verbose_name=_("priorities and measures"), blank=True)
    working_groups = ParentalManyToManyField(
        "kp_plans.WorkingGroupPage", verbose_name=_("responsible working groups"), blank=True,
        related_name="plans",
        help_text=_("Their managers are notified of comments on the drafts of this plan."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("period_start"), FieldPanel("period_end")]),
             FieldPanel("status")],
            heading=_("Period and status"),
        ),
        MultiFieldPanel(
            [FieldPanel("approved_by"), FieldPanel("approval_date"),
             FieldPanel("resolution_number")],
            heading=_("Approval"),
        ),
        MultiFieldPanel(
            [FieldPanel("regional_plan_title"), FieldPanel("regional_plan_url")],
            heading=_("Regional plan"),
        ),
        FieldPanel("working_groups"),
        FieldPanel("analysis"),
        FieldPanel("strategy"),
        FieldPanel("priorities"),
        InlinePanel("attachments", label=_("Attachments")),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("intro"), index.SearchField("analysis"),
        index.SearchField("strategy"), index.SearchField("priorities"),
    ]
    api_fields = [
        APIField("period_start"), APIField("period_end"), APIField("status"),
        APIField("approved_by"), APIField("approval_date"), APIField("resolution_number"),
        APIField("regional_plan_title"), APIField("regional_plan_url"), APIField("intro"),
        APIField("analysis"), APIField("strategy"),
        typed_api_field("priority_list", list[PriorityOut]),
        APIField("working_groups"), APIField("attachments"),
    ]
    parent_page_types = ["kp_plans.PlanningSectionPage"]
    subpage_types = ["kp_plans.PlanDraftPage", "kp_plans.ActionPlanPage"]

    class Meta:
        verbose_name = _("community plan")
        verbose_name_plural = _("community plans")

    def clean(self):
        super().clean()
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("The plan cannot end before it starts.")})

    @cached_property
    def priority_list(self):
        """Priorities with their measures as plain data, each measure with its code "2.3"."""
        priorities = []
        for child in self.priorities:
            priority = child.value
            measures = [
                {
                    "code": f"{priority['number']}.{measure['number']}",
                    "anchor": f"opatreni-{priority['number']}-{measure['number']}",
                    "number": measure["number"],
                    "title": measure["title"],
                    "description": measure["description"],
                    "target_groups": [choice(TargetGroup, v) for v in measure["target_groups"]],
                    "responsible": measure["responsible"],
                    "partners": measure["partners"],
                    "funding_sources": measure["funding_sources"],
                    "estimated_cost": measure["estimated_cost"],
                    "indicators": list(measure["indicators"]),
                    "start_year": measure["start_year"],
                    "end_year": measure["end_year"],
                    # Only published services; drafts and deleted ones drop out silently.
                    "related_services": [
                        service for service in measure.get("related_services") or []
                        if service is not None and service.live
                    ],
                }
                for measure in priority["measures"]
            ]
            priorities.append({
                "number": priority["number"],
                "kind": choice(PriorityKind, priority["kind"]),
                "title": priority["title"],
                "description": priority["description"],
                "measures": measures,
            })
        return priorities

    @cached_property
    def catalogue_page(self):
        """The live catalogue page that service links point into (None without one)."""
        from kp_catalogue.pages import CatalogueIndexPage

        return CatalogueIndexPage.objects.live().public().first()

    def related_service_links(self, measure):
        """(service, url or None) for the measure's related services."""
        catalogue = self.catalogue_page
        return [(service, catalogue.service_url(service) if catalogue else None)
                for service in measure["related_services"]]

    @cached_property
    def measures_by_code(self):
        return {m["code"]: m for p in self.priority_list for m in p["measures"]}

    def measure_choices(self):
        return [(code, f"{code} {m['title']}") for code, m in self.measures_by_code.items()]

    @property
    def total_estimated_cost(self):
        costs = [m["estimated_cost"] for m in self.measures_by_code.values() if m["estimated_cost"]]
        return sum(costs) if costs else None

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        children = self.get_children().live().public()
        context["attachments"] = list(self.attachments.select_related("document"))
        context["drafts"] = PlanDraftPage.objects.filter(pk__in=children.values("pk")).order_by("-path")
        context["action_plans"] = ActionPlanPage.objects.filter(
            pk__in=children.values("pk")).order_by("year")
        return context


class PlanAttachment(Orderable):
    page = ParentalKey(CommunityPlanPage, related_name="attachments", on_delete=models.CASCADE)
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("document"), on_delete=models.CASCADE,
        related_name="+",
    )
    title = models.CharField(_("link text"), max_length=255, blank=True)

    panels = [FieldPanel("document"), FieldPanel("title")]
    api_fields = [APIField("document"), APIField("title")]

    class Meta(Orderable.Meta):
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")


# --- Plan draft -----------------------------------------------------------------------------------


class PlanDraftPage(ConsultationPageMixin, RoutablePageMixin, Page):
    """A version of the plan published for public comment, section by section."""

    version_label = models.CharField(_("version"), max_length=64, help_text=_("E.g. 2.0"))
    previous_draft = models.ForeignKey(
        "kp_plans.PlanDraftPage", verbose_name=_("previous draft"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
        help_text=_("A draft of the same plan; the changelog and the comparison refer to it."),
    )
    changelog = RichTextField(_("changes against the previous draft"), blank=True,
                              features=SMALL_TEXT)
    intro = models.TextField(_("summary"), blank=True)
    body = StreamField(DraftSectionsBlock(), verbose_name=_("sections"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("version_label"),
        FieldPanel("intro"),
        PageChooserPanel("previous_draft", "kp_plans.PlanDraftPage"),
        FieldPanel("changelog"),
        FieldPanel("body"),
        *ConsultationPageMixin.consultation_panels,
        InlinePanel("comment_places", label=_("Where to comment offline")),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    api_fields = [
        APIField("version_label"), APIField("previous_draft"), APIField("changelog"),
        APIField("intro"), APIField("body"),
        typed_api_field("sections", list[DraftSectionOut]),
        APIField("comment_period_start"), APIField("comment_period_end"),
        APIField("comments_premoderated"), APIField("comments_allow_anonymous"),
        APIField("comments_settled_at"),
        typed_api_field("consultation", ConsultationOut),
        APIField("comment_places"),
    ]
    parent_page_types = ["kp_plans.CommunityPlanPage"]
    subpage_types = []
    base_form_class = PlanDraftForm

    class Meta:
        verbose_name = _("plan draft")
        verbose_name_plural = _("plan drafts")

    def clean(self):
        super().clean()
        # save_revision() cleans before it serialises, so revisions carry the anchors too.
        assign_missing_anchors(self.body)
        anchors = [child.value.get("anchor") for child in self.body]
        if duplicate_anchor_indexes(anchors):
            raise ValidationError({"body": _("Two sections of the draft share an anchor.")})
        if self.previous_draft_id:
            if self.previous_draft_id == self.pk:
                raise ValidationError({"previous_draft": _("A draft cannot precede itself.")})
            parent = self.get_parent() if self.path else None
            if parent and not self.previous_draft.is_child_of(parent):
                raise ValidationError(
                    {"previous_draft": _("Choose a draft of the same plan.")}
                )

    def save(self, *args, **kwargs):
        # Drafts made in code (demo, API, tests) get their anchors like those made in the admin.
        assign_missing_anchors(self.body)
        return super().save(*args, **kwargs)

    # The seam with kp_consultation -------------------------------------------------------------

    def consultation_sections(self):
        return [ConsultationSection(anchor=s["anchor"], title=s["title"]) for s in self.sections]

    def consultation_manager_emails(self) -> list[str]:
        """E-mails of the managers of the plan's working groups, for notifications only.

        Private: never rendered or served by the API.
        """
        # The plan is the parent: match it by path rather than loading it first.
        emails = (
            WorkingGroupPage.objects.filter(plans__path=self.path[:-self.steplen])
            .exclude(manager_email="")
            .values_list("manager_email", flat=True)
        )
        return sorted(set(emails))

    # Data for templates and the API ---------------------------------------------------------------

    @cached_property
    def sections(self):
        return [
            {"anchor": child.value["anchor"], "title": child.value["title"],
             "body": str(child.value["body"]), "block_id": child.id}
            for child in self.body
        ]

    @property
    def consultation(self):
        state = self.consultation_state()
        return {
            "state": state.value,
            "state_label": str(state.label),
            "start": self.comment_period_start.isoformat() if self.comment_period_start else None,
            "end": self.comment_period_end.isoformat() if self.comment_period_end else None,
        }

    def countdown(self, now=None) -> str:
        """"zbývá 5 dní" while open, "začíná za 3 dny" before; empty otherwise."""
        now = now or timezone.now()
        state = self.consultation_state(now)
        if state == ConsultationState.OPEN:
            return remaining_text(self.comment_period_end - now, left=True)
        if state == ConsultationState.UPCOMING:
            return remaining_text(self.comment_period_start - now, left=False)
        return ""

    def other_drafts(self):
        return (PlanDraftPage.objects.live().public().sibling_of(self, inclusive=False)
                .order_by("path"))

    @path("")
    def draft_view(self, request):
        return self.render(request)

    @path("porovnani/", name="compare")
    def compare_view(self, request):
        others = list(self.other_drafts())
        chosen = request.GET.get("s")
        other = None
        if chosen:
            other = next((d for d in others if str(d.pk) == chosen), None)
            if other is None:
                raise Http404
        elif self.previous_draft_id:
            other = next((d for d in others if d.pk == self.previous_draft_id), None)
        elif others:
            other = others[0]
        changes = diff_sections(other.sections, self.sections) if other else []
        return self.render(
            request, template="kp_plans/plan_draft_compare.html",
            context_overrides={"other": other, "others": others, "changes": changes},
        )


def remaining_text(delta, left):
    seconds = max(delta.total_seconds(), 0)
    days = math.floor(seconds / 86400)
    if days >= 1:
        if left:
            return ngettext("%(n)s day left", "%(n)s days left", days) % {"n": days}
        return ngettext("opens in %(n)s day", "opens in %(n)s days", days) % {"n": days}
    hours = max(math.floor(seconds / 3600), 1) if seconds >= 3600 else 0
    if hours:
        if left:
            return ngettext("%(n)s hour left", "%(n)s hours left", hours) % {"n": hours}
        return ngettext("opens in %(n)s hour", "opens in %(n)s hours", hours) % {"n": hours}
    minutes = max(math.ceil(seconds / 60), 1)
    if left:
        return ngettext("%(n)s minute left", "%(n)s minutes left", minutes) % {"n": minutes}
    return ngettext("opens in %(n)s minute", "opens in %(n)s minutes", minutes) % {"n": minutes}


class CommentPlace(Orderable):
    """Where the printed draft lies and paper comments are accepted (town halls etc.)."""

    page = ParentalKey(PlanDraftPage, related_name="comment_places", on_delete=models.CASCADE)
    name = models.CharField(_("place"), max_length=255)
    address = models.CharField(_("address"), max_length=255)
    opening_hours = models.TextField(_("opening hours"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("address"), FieldPanel("opening_hours")]
    api_fields = [APIField("name"), APIField("address"), APIField("opening_hours")]

    class Meta(Orderable.Meta):
        verbose_name = _("place to comment")
        verbose_name_plural = _("places to comment")


# --- Action plan ------------------------------------------------------------------------------------


class ActionPlanPage(Page):
    """What the plan's measures mean for one year, and how far they got."""

    year = models.PositiveSmallIntegerField(_("year"))
    intro = models.TextField(_("summary"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("year"), FieldPanel("intro"), InlinePanel("items", label=_("Items")),
    ]
    api_fields = [
        APIField("year"), APIField("intro"), APIField("items"),
        typed_api_field("fulfilment", FulfilmentOut),
    ]
    parent_page_types = ["kp_plans.CommunityPlanPage"]
    subpage_types = []
    base_form_class = ActionPlanForm

    class Meta:
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")

    def clean(self):
        super().clean()
        plan = self.get_parent().specific if self.path else None
        if plan is None:
            return
        if not plan.period_start <= (self.year or 0) <= plan.period_end:
            raise ValidationError({"year": _("The year must lie within the plan's period.")})
        unknown = sorted({item.measure_code for item in self.items.all()}
                         - set(plan.measures_by_code))
        if unknown:
            raise ValidationError(
                _("These measures are not in the plan: %(codes)s") % {"codes": ", ".join(unknown)}
            )

    @cached_property
    def plan(self):
        return self.get_parent().specific

    @property
    def fulfilment(self):
        items = list(self.items.all())
        counts = {status: 0 for status in ItemStatus.values}
        for item in items:
            counts[item.status] = counts.get(item.status, 0) + 1
        total = len(items)
        done = counts[ItemStatus.DONE]
        return {
            "total": total,
            "done": done,
            "done_percent": round(100 * done / total) if total else 0,
            "by_status": [
                {"status": choice(ItemStatus, status), "count": count}
                for status, count in counts.items()
            ],
        }

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        measures = self.plan.measures_by_code
        context["items"] = [(item, measures.get(item.measure_code)) for item in self.items.all()]
        fulfilment = self.fulfilment
        biggest = max([row["count"] for row in fulfilment["by_status"]] + [1])
        context["fulfilment"] = fulfilment
        context["chart_rows"] = [
            {**row, "y": 10 + index * 36, "width": round(300 * row["count"] / biggest)}
            for index, row in enumerate(fulfilment["by_status"])
        ]
        context["chart_height"] = 20 + 36 * len(fulfilment["by_status"])
        return context


class ActionPlanItem(Orderable):
    page = ParentalKey(ActionPlanPage, related_name="items", on_delete=models.CASCADE)
    measure_code = models.CharField(
        _("measure"), max_length=16, help_text=_("Code of a measure of the plan, e.g. 2.3."),
    )
    activities = models.TextField(_("planned activities"))
    responsible = models.CharField(_("responsible"), max_length=255, blank=True)
    budget = models.DecimalField(
        _("budget (CZK)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ItemStatus.choices, default=ItemStatus.NOT_STARTED
    )
    evaluation = models.TextField(_("evaluation note"), blank=True)

    panels = [
        FieldPanel("measure_code"), FieldPanel("activities"), FieldPanel("responsible"),
        FieldPanel("budget"), FieldPanel("status"), FieldPanel("evaluation"),
    ]
    api_fields = [
        APIField("measure_code"), APIField("activities"), APIField("responsible"),
        APIField("budget"), APIField("status"), APIField("evaluation"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("action plan item")
        verbose_name_plural = _("action plan items")


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


class WorkingGroupPage(ICalMixin, Page):
    """A working group (or team, forum, platform) on the triad principle."""

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
    ]
    search_fields = Page.search_fields + [index.SearchField("intro"),
                                          index.SearchField("description")]
    api_fields = [
        APIField("kind"), APIField("target_group"), APIField("intro"), APIField("description"),
        APIField("manager_name"), typed_api_field("swot", SwotOut),
        APIField("members"), APIField("meetings_public"),
        typed_api_field("meetings", list[MeetingOut], method="public_meetings_data"),
        APIField("documents"),
    ]
    parent_page_types = ["kp_plans.WorkingGroupIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("working group")
        verbose_name_plural = _("working groups")

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
        return context


class GroupMember(Orderable):
    page = ParentalKey(WorkingGroupPage, related_name="members", on_delete=models.CASCADE)
    name = models.CharField(_("name"), max_length=255)
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


# --- Events -------------------------------------------------------------------------------------------


class EventIndexPage(ICalMixin, Page):
    intro = RichTextField(_("introduction"), blank=True, features=SMALL_TEXT)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    api_fields = [APIField("intro")]
    parent_page_types = ["kp_plans.PlanningSectionPage"]
    subpage_types = ["kp_plans.EventPage", "kp_plans.ConferencePage"]

    class Meta:
        verbose_name = _("event index")
        verbose_name_plural = _("event indexes")

    def events(self):
        return EventPage.objects.live().public().child_of(self)

    def ical_events(self, request):
        return [event.ical_event() for event in self.events()]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        now = timezone.now()
        context["upcoming"] = self.events().filter(start__gte=now).order_by("start")
        context["past"] = self.events().filter(start__lt=now).order_by("-start")
        context["conferences"] = ConferencePage.objects.live().public().child_of(self)
        return context


class EventPage(ICalMixin, Page):
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices,
                            default=EventKind.SERVICES_DAY)
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=255)
    address = models.CharField(_("address"), max_length=255, blank=True)
    intro = models.TextField(_("summary"), blank=True)
    body = StreamField(TextBlock(), verbose_name=_("body"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("kind"), FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
        FieldPanel("place"), FieldPanel("address"), FieldPanel("intro"), FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    api_fields = [APIField("kind"), APIField("start"), APIField("end"), APIField("place"),
                  APIField("address"), APIField("intro"), APIField("body")]
    parent_page_types = ["kp_plans.EventIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def clean(self):
        super().clean()
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("The event cannot end before it starts.")})

    def ical_event(self):
        location = ", ".join(part for part in [self.place, self.address] if part)
        return ical.Event(uid=f"kp-event-{self.pk}", start=self.start, end=self.end,
                          summary=self.title, location=location, description=self.intro)

    def ical_events(self, request):
        return [self.ical_event()]


# --- Conference ----------------------------------------------------------------------------------


def flooding_reason(request, scope):
    """A Czech refusal when one address sends a public form too often, else None. Counts the
    attempt. The conference mails a confirmation to the address typed in, so without a limit
    the form could be used to flood someone's mailbox."""
    limit = getattr(settings, "KP_PLANS_FORM_RATE_LIMIT", 20)
    window = getattr(settings, "KP_PLANS_FORM_RATE_WINDOW", 3600)
    if over_limit(f"kp_plans.{scope}", client_ip(request), limit, window):
        return _("Too many submissions from your address. Please try again later.")
    return None


class ConferenceFormField(AbstractFormField):
    page = ParentalKey("kp_plans.ConferencePage", related_name="form_fields",
                       on_delete=models.CASCADE)
    api_fields = [APIField("clean_name"), APIField("label"), APIField("field_type"),
                  APIField("required"), APIField("choices"), APIField("help_text")]


class RegistrationClosed(Exception):
    pass


class ConferencePage(ICalMixin, AbstractEmailForm):
    """A conference with a programme and registration (Wagtail's form builder)."""

    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    venue = models.CharField(_("venue"), max_length=255)
    address = models.CharField(_("address"), max_length=255, blank=True)
    intro = RichTextField(_("introduction"), blank=True, features=SMALL_TEXT)
    programme = StreamField(ProgrammeBlock(), verbose_name=_("programme"), blank=True)
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Leave empty for no limit."),
    )
    registration_closes = models.DateTimeField(_("registration closes"), null=True, blank=True)
    confirmation_subject = models.CharField(
        _("confirmation e-mail subject"), max_length=255, blank=True,
    )
    confirmation_text = models.TextField(
        _("confirmation e-mail text"), blank=True,
        help_text=_("Sent to the address from the form's e-mail field."),
    )
    thank_you_text = RichTextField(_("thank-you text"), blank=True, features=SMALL_TEXT)
    materials = StreamField(MaterialsBlock(), verbose_name=_("materials after the event"),
                            blank=True)

    content_panels = AbstractEmailForm.content_panels + [
        FormSubmissionsPanel(),
        FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
        FieldPanel("venue"), FieldPanel("address"), FieldPanel("intro"),
        FieldPanel("programme"),
        MultiFieldPanel(
            [FieldPanel("capacity"), FieldPanel("registration_closes"),
             InlinePanel("form_fields", label=_("Registration form fields")),
             FieldPanel("thank_you_text")],
            heading=_("Registration"),
        ),
        MultiFieldPanel(
            [FieldPanel("confirmation_subject"), FieldPanel("confirmation_text"),
             FieldPanel("to_address"), FieldPanel("from_address"), FieldPanel("subject")],
            heading=_("E-mails"),
        ),
        FieldPanel("materials"),
    ]
    api_fields = [
        APIField("start"), APIField("end"), APIField("venue"), APIField("address"),
        APIField("intro"), APIField("programme"),
        typed_api_field("programme_slots", list[ProgrammeSlotOut]),
        APIField("capacity"), APIField("registration_closes"),
        typed_api_field("places_left", int | None),
        typed_api_field("registration_open", bool),
        APIField("materials"), APIField("form_fields"),
    ]
    parent_page_types = ["kp_plans.PlanningSectionPage", "kp_plans.EventIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("conference")
        verbose_name_plural = _("conferences")

    def clean(self):
        super().clean()
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("The conference cannot end before it starts.")})

    @property
    def programme_slots(self):
        return [
            {"start": slot.value["start"], "end": slot.value["end"], "title": slot.value["title"],
             "talks": [dict(talk) for talk in slot.value["talks"]]}
            for slot in self.programme
        ]

    @property
    def places_left(self):
        if self.capacity is None:
            return None
        return max(self.capacity - self.get_submissions().count(), 0)

    @property
    def registration_open(self):
        return self.closed_reason() is None

    def closed_reason(self, now=None):
        now = now or timezone.now()
        if self.registration_closes and now >= self.registration_closes:
            return _("Registration closed on %(date)s.") % {
                "date": timezone.localtime(self.registration_closes).strftime("%-d. %-m. %Y %H:%M")
            }
        if now >= self.end:
            return _("The conference is over.")
        if self.capacity is not None and self.places_left == 0:
            return _("The conference is full; registration is closed.")
        return None

    def register(self, form):
        """Store the registration unless the conference is full or closed.

        Counting and inserting happen in one transaction that holds a lock on the page row
        (SELECT … FOR UPDATE on PostgreSQL; SQLite's IMMEDIATE transactions take the write
        lock at BEGIN), so concurrent registrations cannot overfill the capacity.
        """
        with transaction.atomic():
            locked = ConferencePage.objects.select_for_update().get(pk=self.pk)
            reason = locked.closed_reason()
            if reason:
                raise RegistrationClosed(reason)
            submission = self.process_form_submission(form)
        self.send_confirmation(form)
        return submission

    def registrant_email(self, form):
        for field in self.get_form_fields():
            if field.field_type == "email":
                return form.cleaned_data.get(field.clean_name) or None
        return None

    def send_confirmation(self, form):
        address = self.registrant_email(form)
        if not address:
            return
        from django.core.mail import send_mail

        subject = self.confirmation_subject or str(
            _("Registration for %(title)s") % {"title": self.title})
        text = self.confirmation_text or str(
            _("Thank you for registering for %(title)s.") % {"title": self.title})
        send_mail(subject, text, self.from_address or None, [address])

    def serve(self, request, *args, **kwargs):
        if kwargs.get("as_ical"):
            return super().serve(request, *args, **kwargs)
        if request.method == "POST":
            form = self.get_form(request.POST, request.FILES, page=self, user=request.user)
            closed = self.closed_reason() or flooding_reason(request, "conference")
            if closed:
                form.is_valid()
                form.errors[NON_FIELD_ERRORS] = form.error_class([closed])
            elif form.is_valid():
                try:
                    submission = self.register(form)
                except RegistrationClosed as closed:
                    form.add_error(None, str(closed))
                else:
                    return self.render_landing_page(request, submission, *args, **kwargs)
            context = self.get_context(request)
            context["form"] = form
            from django.template.response import TemplateResponse

            return TemplateResponse(request, self.get_template(request), context, status=200)
        return super().serve(request, *args, **kwargs)

    def ical_events(self, request):
        location = ", ".join(part for part in [self.venue, self.address] if part)
        return [ical.Event(uid=f"kp-conference-{self.pk}", start=self.start, end=self.end,
                           summary=self.title, location=location,
                           description=strip_tags(self.intro))]


# --- Needs survey ---------------------------------------------------------------------------------


class SurveyFormField(AbstractFormField):
    page = ParentalKey("kp_plans.NeedsSurveyPage", related_name="form_fields",
                       on_delete=models.CASCADE)
    api_fields = [APIField("clean_name"), APIField("label"), APIField("field_type"),
                  APIField("required"), APIField("choices"), APIField("help_text")]


class NeedsSurveyPage(AbstractEmailForm):
    """A questionnaire on the needs of service users; answers are exported for staff."""

    intro = RichTextField(_("introduction"), blank=True, features=SMALL_TEXT)
    target_group = models.CharField(_("target group"), max_length=20,
                                    choices=TargetGroup.choices, blank=True)
    closes_at = models.DateTimeField(_("survey closes"), null=True, blank=True)
    thank_you_text = RichTextField(_("thank-you text"), blank=True, features=SMALL_TEXT)

    content_panels = AbstractEmailForm.content_panels + [
        FormSubmissionsPanel(),
        FieldPanel("intro"), FieldPanel("target_group"), FieldPanel("closes_at"),
        InlinePanel("form_fields", label=_("Questions")),
        FieldPanel("thank_you_text"),
        MultiFieldPanel(
            [FieldPanel("to_address"), FieldPanel("from_address"), FieldPanel("subject")],
            heading=_("E-mail to staff"),
        ),
    ]
    api_fields = [APIField("intro"), APIField("target_group"), APIField("closes_at"),
                  typed_api_field("is_open", bool), APIField("form_fields")]
    parent_page_types = ["kp_plans.PlanningSectionPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("needs survey")
        verbose_name_plural = _("needs surveys")

    @property
    def is_open(self):
        return not self.closes_at or timezone.now() < self.closes_at

    def serve(self, request, *args, **kwargs):
        refusal = None
        if request.method == "POST":
            refusal = (_("The survey is closed.") if not self.is_open
                       else flooding_reason(request, "survey"))
        if refusal:
            form = self.get_form(request.POST, request.FILES, page=self, user=request.user)
            form.is_valid()
            form.errors[NON_FIELD_ERRORS] = form.error_class([refusal])
            context = self.get_context(request)
            context["form"] = form
            from django.template.response import TemplateResponse

            return TemplateResponse(request, self.get_template(request), context)
        return super().serve(request, *args, **kwargs)

