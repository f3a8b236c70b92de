"""Process evaluation: a short questionnaire for the members of the planning structures
(steering group, working groups, expert platform…) on how the planning went, one page a year,
with results per structure.

Answers are anonymous and shown only aggregated. A structure with fewer answers than the
page's minimum group size is merged into "other structures"; when that too is below the
minimum it is left out, and so is any total from which it could be computed back.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page

from kp_plans.evaluation import handle_submission, results_for
from kp_plans.models.working_groups import WorkingGroupPage

MIN_GROUP_SIZE = 5
SCORE = [MinValueValidator(1), MaxValueValidator(5)]


class ProcessEvaluationPage(RoutablePageMixin, Page):
    """One year's questionnaire; ``vysledky/`` shows its aggregated results."""

    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    intro = models.TextField(_("summary"), blank=True)
    structures = ParentalManyToManyField(
        WorkingGroupPage, verbose_name=_("structures evaluated"), related_name="+",
        help_text=_("The steering group, working groups, expert platform… whose members "
                    "answer."))
    closes_at = models.DateTimeField(_("questionnaire closes"), null=True, blank=True)
    min_group_size = models.PositiveSmallIntegerField(
        _("minimum group size"), default=MIN_GROUP_SIZE,
        validators=[MinValueValidator(3), MaxValueValidator(50)],
        help_text=_("Results of a structure with fewer answers are not shown on their own."))

    content_panels = Page.content_panels + [
        FieldPanel("year"), FieldPanel("intro"), FieldPanel("structures"),
        FieldPanel("closes_at"), FieldPanel("min_group_size"),
    ]
    parent_page_types = ["kp_plans.PlanningSectionPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("process evaluation")
        verbose_name_plural = _("process evaluations")

    @property
    def is_open(self):
        return not self.closes_at or timezone.now() < self.closes_at

    @path("")
    def questionnaire_view(self, request):
        return handle_submission(self, request)

    @path("vysledky/", name="results")
    def results_view(self, request):
        return self.render(request, template="kp_plans/process_evaluation_results.html",
                           context_overrides={"results": results_for(self)})


class EvaluationResponse(models.Model):
    """One member's anonymous answers: scores only, no free text, which in a small group
    could tell who wrote it."""

    page = models.ForeignKey(ProcessEvaluationPage, on_delete=models.CASCADE,
                             related_name="responses")
    structure = models.ForeignKey(WorkingGroupPage, verbose_name=_("structure"),
                                  on_delete=models.CASCADE, related_name="+")
    information = models.PositiveSmallIntegerField(validators=SCORE)
    influence = models.PositiveSmallIntegerField(validators=SCORE)
    meetings = models.PositiveSmallIntegerField(validators=SCORE)
    use = models.PositiveSmallIntegerField(validators=SCORE)
    overall = models.PositiveSmallIntegerField(validators=SCORE)
    nonce = models.CharField(max_length=64, unique=True)
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("evaluation answer")
        verbose_name_plural = _("evaluation answers")
        indexes = [models.Index(fields=["page", "structure"], name="kp_evaluation_structure")]

    def __str__(self):
        return f"{self.page_id}/{self.pk}"
