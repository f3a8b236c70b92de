"""Indicators with values: what a measure of the plan promises to change, by how much and by
when, and what was measured each year.

A measure lives inside the plan's StreamField, so it has no row of its own; an indicator is
keyed to (plan page, measure code) and validated against the plan's current measures. Values
are kept per year with a note of where the number comes from, so the public page can show its
source next to every figure.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable
from wagtail.search import index

YEARS = [MinValueValidator(2000), MaxValueValidator(2100)]
# Bounded so that a chart and a table stay readable and a form cannot grow without end.
MAX_VALUES_PER_INDICATOR = 30


def amount_field(verbose_name, **extra):
    return models.DecimalField(verbose_name, max_digits=14, decimal_places=2, **extra)


class Indicator(index.Indexed, ClusterableModel):
    """One indicator of one measure, with its unit, baseline and target."""

    plan = models.ForeignKey(
        "kp_plans.CommunityPlanPage", verbose_name=_("community plan"),
        on_delete=models.CASCADE, related_name="indicator_set",
    )
    measure_code = models.CharField(
        _("measure"), max_length=16, help_text=_("Code of a measure of the plan, e.g. 2.3."),
    )
    name = models.CharField(_("indicator"), max_length=255)
    unit = models.CharField(_("unit"), max_length=64, help_text=_("E.g. clients, beds, hours."))
    baseline_value = amount_field(_("baseline value"), null=True, blank=True)
    baseline_year = models.PositiveSmallIntegerField(
        _("baseline year"), null=True, blank=True, validators=YEARS)
    target_value = amount_field(_("target value"), null=True, blank=True)
    target_year = models.PositiveSmallIntegerField(
        _("target year"), null=True, blank=True, validators=YEARS)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [
        FieldPanel("plan"),
        FieldRowPanel([FieldPanel("measure_code"), FieldPanel("sort_order")]),
        FieldPanel("name"),
        FieldPanel("unit"),
        MultiFieldPanel([FieldRowPanel([FieldPanel("baseline_value"), FieldPanel("baseline_year")]),
                         FieldRowPanel([FieldPanel("target_value"), FieldPanel("target_year")])],
                        heading=_("Baseline and target")),
        InlinePanel("values", heading=_("Values by year"), label=_("Value"),
                    max_num=MAX_VALUES_PER_INDICATOR),
    ]
    search_fields = [index.SearchField("name"), index.FilterField("plan"),
                     index.FilterField("measure_code")]

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["plan", "measure_code", "sort_order", "pk"]
        indexes = [models.Index(fields=["plan", "measure_code"], name="kp_indicator_measure")]

    def __str__(self):
        return f"{self.measure_code} {self.name}"

    def clean(self):
        super().clean()
        errors = {}
        if self.plan_id:
            codes = self.plan.measures_by_code
            if self.measure_code not in codes:
                errors["measure_code"] = _(
                    "The plan has no measure %(code)s. Its measures: %(codes)s"
                ) % {"code": self.measure_code, "codes": ", ".join(codes)}
        if (self.baseline_year and self.target_year
                and self.target_year < self.baseline_year):
            errors["target_year"] = _("The target year cannot come before the baseline year.")
        if errors:
            raise ValidationError(errors)

    def sorted_values(self):
        """Values oldest first; works on prefetched values without another query."""
        return sorted(self.values.all(), key=lambda value: value.year)


class IndicatorValue(Orderable):
    """The value measured in one year, with where the number comes from."""

    indicator = ParentalKey(Indicator, related_name="values", on_delete=models.CASCADE)
    year = models.PositiveSmallIntegerField(_("year"), validators=YEARS)
    value = amount_field(_("value"))
    source = models.CharField(
        _("source"), max_length=255, blank=True,
        help_text=_("Where the number comes from, e.g. the provider's annual report."),
    )

    panels = [FieldRowPanel([FieldPanel("year"), FieldPanel("value")]), FieldPanel("source")]

    class Meta(Orderable.Meta):
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [models.UniqueConstraint(fields=["indicator", "year"],
                                               name="kp_indicator_value_one_per_year")]
