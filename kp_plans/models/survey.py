"""The needs survey: a questionnaire built with Wagtail's form builder."""


from django.core.exceptions import NON_FIELD_ERRORS
from django.db import models
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

from kp_plans.apifields import (
    typed_api_field,
)
from kp_plans.choices import (
    TargetGroup,
)
from kp_plans.models.mixins import SMALL_TEXT, flooding_reason

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
