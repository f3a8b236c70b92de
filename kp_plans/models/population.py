"""Inhabitants per municipality: the denominator of coverage ("places per 1,000 seniors").

One row is one municipality on one reference date, in the age bands the Czech Statistical
Office (ČSÚ) publishes for municipalities: 0–14, 15–64, 65+ and, where known, 80+ (a part of
65+). Figures typed in by hand or estimated for the demo are marked ``approximate`` so that a
page never presents an estimate as an official number.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

from kp_catalogue.models.taxonomies import Municipality


class AgeBand(models.TextChoices):
    """The bands a figure can be read in; values are the field names of ``PopulationFigure``."""

    TOTAL = "total", _("all inhabitants")
    CHILDREN = "age_0_14", _("aged 0–14")
    WORKING = "age_15_64", _("aged 15–64")
    SENIORS = "age_65_plus", _("aged 65 and over")
    OLDEST = "age_80_plus", _("aged 80 and over")


class PopulationFigure(models.Model):
    """Inhabitants of one municipality on one reference date (ČSÚ: as of 31 December or
    1 January), total and by the ČSÚ's age bands."""

    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), on_delete=models.CASCADE,
        related_name="population_figures",
    )
    reference_date = models.DateField(
        _("reference date"),
        help_text=_("The day the figures describe, e.g. 31. 12. 2025 in the ČSÚ's tables."),
    )
    source = models.CharField(
        _("source"), max_length=255, blank=True,
        help_text=_("Where the figures come from, e.g. \"ČSÚ, Počet obyvatel v obcích\"."),
    )
    total = models.PositiveIntegerField(_("inhabitants in total"))
    age_0_14 = models.PositiveIntegerField(_("aged 0–14"), null=True, blank=True)
    age_15_64 = models.PositiveIntegerField(_("aged 15–64"), null=True, blank=True)
    age_65_plus = models.PositiveIntegerField(_("aged 65 and over"), null=True, blank=True)
    age_80_plus = models.PositiveIntegerField(
        _("aged 80 and over"), null=True, blank=True,
        help_text=_("A part of those aged 65 and over."),
    )
    approximate = models.BooleanField(
        _("approximate"), default=False,
        help_text=_("Tick for estimates; public pages mark them as approximate."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    panels = [
        FieldPanel("municipality"),
        FieldRowPanel([FieldPanel("reference_date"), FieldPanel("approximate")]),
        FieldPanel("source"),
        FieldPanel("total"),
        MultiFieldPanel([
            FieldRowPanel([FieldPanel("age_0_14"), FieldPanel("age_15_64"),
                           FieldPanel("age_65_plus"), FieldPanel("age_80_plus")]),
        ], heading=_("By age")),
    ]

    class Meta:
        verbose_name = _("population figure")
        verbose_name_plural = _("population figures")
        ordering = ["municipality__sort_order", "municipality__name", "-reference_date"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "reference_date"],
                                    name="kp_plans_population_one_per_date"),
        ]
        indexes = [models.Index(fields=["municipality", "-reference_date"],
                                name="kp_plans_pop_latest")]

    def __str__(self):
        return f"{self.municipality} ({self.reference_date:%-d. %-m. %Y})"

    def band(self, band):
        """Inhabitants in ``band`` (an ``AgeBand`` value), or None when not known."""
        return getattr(self, AgeBand(band).value)

    def clean(self):
        errors = {}
        bands = [self.age_0_14, self.age_15_64, self.age_65_plus]
        if self.total is not None and None not in bands and sum(bands) != self.total:
            errors["total"] = _("The age bands 0–14, 15–64 and 65+ must add up to the total.")
        for name in ("age_0_14", "age_15_64", "age_65_plus"):
            value = getattr(self, name)
            if value is not None and self.total is not None and value > self.total:
                errors[name] = _("An age band cannot exceed the total.")
        if self.age_80_plus is not None:
            ceiling = self.age_65_plus if self.age_65_plus is not None else self.total
            if ceiling is not None and self.age_80_plus > ceiling:
                errors["age_80_plus"] = _("Those aged 80 and over are a part of those aged "
                                          "65 and over.")
        if errors:
            raise ValidationError(errors)
