"""The planning section and the medium-term community plan with its priorities and measures."""


from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
)
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from kp_catalogue.models import CatalogueIndexPage
from kp_plans.anchors import measure_path
from kp_plans.apifields import (
    MeasureProgressOut,
    PriorityOut,
    PriorityProgressOut,
    typed_api_field,
)
from kp_plans.blocks import (
    PrioritiesBlock,
    TextBlock,
)
from kp_plans.choices import (
    PlanStatus,
    PriorityKind,
    TargetGroup,
)
from kp_plans.models.action_plans import ActionPlanPage
from kp_plans.models.drafts import PlanDraftPage
from kp_plans.models.mixins import SMALL_TEXT, choice
from kp_plans.progress import PlanProgress, dashboard_chart

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
        "kp_plans.ConferencePage", "kp_plans.NeedsSurveyPage", "kp_plans.CoveragePage",
        "kp_plans.ProcessEvaluationPage",
    ]

    class Meta:
        verbose_name = _("planning section")
        verbose_name_plural = _("planning sections")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sections"] = self.get_children().live().public().specific()
        return context


# --- Community plan -----------------------------------------------------------------------------


class CommunityPlanPage(RoutablePageMixin, Page):
    """The medium-term plan: period, status, approval, chapters, priorities and measures.

    Sub-pages: ``opatreni/<priority>-<measure>/`` (a measure's timeline across the action
    plans and its indicators) and ``prehled/`` (the dashboard of fulfilment per priority).
    """

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
        typed_api_field("measure_progress", list[MeasureProgressOut]),
        typed_api_field("dashboard", list[PriorityProgressOut]),
        APIField("working_groups"), APIField("attachments"),
    ]
    parent_page_types = ["kp_plans.PlanningSectionPage"]
    subpage_types = ["kp_plans.PlanDraftPage", "kp_plans.ActionPlanPage",
                     "kp_plans.ServiceNetworkPage"]

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
                    "municipalities": [
                        m for m in measure.get("municipalities") or [] if m is not None
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

    @cached_property
    def progress(self):
        return PlanProgress(self)

    @property
    def measure_progress(self):
        """Every measure with its timeline and indicators (the API's view of the pages)."""
        base = self.url or ""
        rows = []
        for code in self.measures_by_code:
            data = self.progress.measure(code)
            rows.append({
                "code": code, "title": data["title"], "url": base + measure_path(code),
                "timeline": [{"year": e["year"], "action_plan_id": e["action_plan_id"],
                              "status": e["status"], "budget": e["budget"]}
                             for e in data["timeline"]],
                "indicators": data["indicators"],
            })
        return rows

    @property
    def dashboard(self):
        return self.progress.priorities()

    @path("")
    def plan_view(self, request):
        return self.render(request)

    @path("opatreni/<int:priority>-<int:measure>/", name="measure")
    def measure_view(self, request, priority, measure):
        data = self.progress.measure(f"{priority}.{measure}")
        if data is None:
            raise Http404
        return self.render(request, template="kp_plans/measure_page.html",
                           context_overrides={"measure": data})

    @path("prehled/", name="dashboard")
    def dashboard_view(self, request):
        rows = self.dashboard
        return self.render(request, template="kp_plans/plan_dashboard.html",
                           context_overrides={"priorities": rows, "chart": dashboard_chart(rows)})

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
