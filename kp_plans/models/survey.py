"""The needs survey: a questionnaire built with Wagtail's form builder."""


from django.core.exceptions import NON_FIELD_ERRORS
from django.db import models
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    InlinePanel,
    MultiFieldPanel,
)
from wagtail.api import APIField
from wagtail.contrib.forms.models import AbstractEmailForm, AbstractFormField
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.fields import RichTextField
from wagtail.url_routing import RouteResult

from kp_plans.apifields import (
    typed_api_field,
)
from kp_plans.choices import (
    TargetGroup,
)
from kp_plans.models.mixins import SMALL_TEXT, FailOpenMailMixin, flooding_reason
from kp_plans.survey_results import RESULTS_SLUG, chart, survey_results

# --- Needs survey ---------------------------------------------------------------------------------


class SurveyDimension(models.TextChoices):
    NONE = "", _("an ordinary question")
    MUNICIPALITY = "municipality", _("the respondent's municipality")


class SurveyFormField(AbstractFormField):
    """A question; its tags (target group, service type, "municipality") let the answers count
    in the results page and the coverage of each municipality."""

    page = ParentalKey("kp_plans.NeedsSurveyPage", related_name="form_fields",
                       on_delete=models.CASCADE)
    dimension = models.CharField(
        _("what the question asks"), max_length=20, blank=True,
        choices=SurveyDimension.choices, default=SurveyDimension.NONE,
        help_text=_("Mark the one question that asks where the respondent lives (a list of "
                    "the area's municipalities); the results are then counted per "
                    "municipality."),
    )
    target_group = models.CharField(
        _("target group"), max_length=20, choices=TargetGroup.choices, blank=True,
        help_text=_("A respondent who answers this question (anything but \"ne\") counts as "
                    "needing a service for this group in the coverage of their municipality."),
    )
    service_type = models.ForeignKey(
        "kp_catalogue.ServiceType", verbose_name=_("service type"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )

    panels = AbstractFormField.panels + [
        FieldPanel("dimension"), FieldPanel("target_group"), FieldPanel("service_type"),
    ]
    api_fields = [APIField("clean_name"), APIField("label"), APIField("field_type"),
                  APIField("required"), APIField("choices"), APIField("help_text"),
                  APIField("dimension"), APIField("target_group"), APIField("service_type")]


class NeedsSurveyPage(FailOpenMailMixin, AbstractEmailForm):
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

    def route(self, request, path_components):
        if path_components == [RESULTS_SLUG] and self.live:
            return RouteResult(self, kwargs={"kp_results": True})
        return super().route(request, path_components)

    @property
    def results_url(self):
        return f"{self.url}{RESULTS_SLUG}/"

    def serve(self, request, *args, kp_results=False, **kwargs):
        if kp_results:
            results = survey_results(self)
            return TemplateResponse(request, "kp_plans/needs_survey_results.html", {
                "page": self, "self": self, "results": results, **chart(results)})
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
            return TemplateResponse(request, self.get_template(request), context)
        return super().serve(request, *args, **kwargs)
