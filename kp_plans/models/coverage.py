"""The coverage page: which municipalities lack a service for which target group, with
capacity, population, survey answers and the measures aimed at each gap; CSV and XLSX."""

from django import forms
from django.db import models
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page

from kp_catalogue.caching import cached_page_view
from kp_catalogue.models.taxonomies import ServiceType
from kp_plans.coverage.compute import compute_coverage
from kp_plans.coverage.exports import coverage_csv, coverage_xlsx
from kp_plans.coverage.groups import coverage_groups
from kp_plans.coverage.outlines import svg_map
from kp_plans.models.mixins import SMALL_TEXT
from kp_plans.models.plan import CommunityPlanPage
from kp_plans.models.survey import NeedsSurveyPage
from kp_plans.survey_results import answers_by_municipality, min_group


class CoverageFilter(forms.Form):
    """The page's GET filters (``skupina``, ``druh``); bad values answer 400 in Czech."""

    skupina = forms.ChoiceField(label=_("Target group"), required=False)
    druh = forms.ModelChoiceField(label=_("Service type"), required=False,
                                  queryset=ServiceType.objects.all(), to_field_name="code",
                                  empty_label=_("All service types"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["skupina"].choices = [("", _("All target groups"))] + [
            (value, label) for value, label, _codes, _band in coverage_groups()]


class CoveragePage(RoutablePageMixin, Page):
    intro = RichTextField(_("introduction"), blank=True, features=SMALL_TEXT)
    plan = models.ForeignKey(
        CommunityPlanPage, verbose_name=_("plan"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
        help_text=_("The plan whose measures are shown at the gaps they address."),
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("plan")]
    api_fields = [APIField("intro"), APIField("plan")]
    parent_page_types = ["kp_plans.PlanningSectionPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("coverage of needs")
        verbose_name_plural = _("coverage of needs")

    @cached_property
    def live_plan(self):
        plan = self.plan
        return plan if plan is not None and plan.live else None

    def survey_pages(self):
        parent = self.get_parent()
        return NeedsSurveyPage.objects.child_of(parent).live().public() if parent else []

    def coverage(self, group=None, service_type=None):
        answers = answers_by_municipality(self.survey_pages(), service_type)
        return compute_coverage(plan=self.live_plan, service_type=service_type, group=group,
                                answers=answers)

    def filtered(self, request):
        form = CoverageFilter(request.GET)
        if not form.is_valid():
            return form, None
        return form, self.coverage(group=form.cleaned_data["skupina"] or None,
                                   service_type=form.cleaned_data["druh"])

    @path("")
    @cached_page_view
    def index(self, request):
        form, coverage = self.filtered(request)
        context = self.get_context(request)
        context.update(form=form, coverage=coverage, minimum=min_group(),
                       querystring=request.GET.urlencode())
        if coverage is not None:
            context["map"] = svg_map(coverage)
        return TemplateResponse(request, self.get_template(request), context,
                                status=200 if coverage is not None else 400)

    def export(self, request, render, content_type, extension):
        form, coverage = self.filtered(request)
        if coverage is None:
            return HttpResponse(_("Unknown target group or service type."), status=400,
                                content_type="text/plain; charset=utf-8")
        response = HttpResponse(render(coverage), content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="pokryti.{extension}"'
        return response

    @path("export/csv/", name="csv")
    @cached_page_view
    def csv(self, request):
        return self.export(request, coverage_csv, "text/csv; charset=utf-8", "csv")

    @path("export/xlsx/", name="xlsx")
    @cached_page_view
    def xlsx(self, request):
        return self.export(
            request, coverage_xlsx,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx")
