from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from kpsite.base.blocks import BodyBlock
from kpsite.base.navigation import KnownRestrictionsMixin

PERCENT = [MinValueValidator(0), MaxValueValidator(100)]


class ProjectPage(KnownRestrictionsMixin, Page):
    """A funded project, e.g. the ESF project that started community planning in VM+K:
    registration number, dates, budget and its split between sources, and the activities."""

    registration_number = models.CharField(_("registration number"), max_length=64, blank=True)
    programme = models.CharField(_("operational programme"), max_length=255, blank=True)
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"))
    budget = models.DecimalField(
        _("approved support (CZK)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    eu_share = models.DecimalField(
        _("EU share (%)"), max_digits=5, decimal_places=2, default=Decimal(85),
        validators=PERCENT,
    )
    national_share = models.DecimalField(
        _("national share (%)"), max_digits=5, decimal_places=2, default=Decimal(15),
        validators=PERCENT,
    )
    intro = models.TextField(_("summary"), blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel("registration_number"), FieldPanel("programme"),
             FieldPanel("start_date"), FieldPanel("end_date")],
            heading=_("Project"),
        ),
        MultiFieldPanel(
            [FieldPanel("budget"), FieldPanel("eu_share"), FieldPanel("national_share")],
            heading=_("Budget"),
        ),
        InlinePanel("activities", label=_("Activities")),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("intro"), index.SearchField("registration_number"),
        index.SearchField("body"),
    ]
    api_fields = [
        APIField("registration_number"), APIField("programme"), APIField("start_date"),
        APIField("end_date"), APIField("budget"), APIField("eu_share"),
        APIField("national_share"), APIField("eu_amount"), APIField("national_amount"),
        APIField("intro"), APIField("body"), APIField("activities"),
    ]

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")

    def clean(self):
        super().clean()
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The project cannot end before it starts.")
        if (self.eu_share or 0) + (self.national_share or 0) != 100:
            errors["national_share"] = _("The EU and national shares must add up to 100 %.")
        if errors:
            raise ValidationError(errors)

    def _share_of_budget(self, percent) -> Decimal | None:
        if self.budget is None:
            return None
        return (self.budget * percent / 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    @property
    def eu_amount(self) -> Decimal | None:
        return self._share_of_budget(self.eu_share)

    @property
    def national_amount(self) -> Decimal | None:
        # The remainder, so the two parts always add up to the budget to the haléř.
        if self.budget is None:
            return None
        return self.budget - self.eu_amount


class ProjectActivity(Orderable):
    page = ParentalKey(ProjectPage, related_name="activities", on_delete=models.CASCADE)
    title = models.CharField(_("activity"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    start_month = models.DateField(
        _("from (month)"), help_text=_("Any day of the first month of the activity.")
    )
    end_month = models.DateField(_("to (month)"))

    panels = [
        FieldPanel("title"), FieldPanel("description"),
        FieldPanel("start_month"), FieldPanel("end_month"),
    ]
    api_fields = [
        APIField("title"), APIField("description"), APIField("start_month"),
        APIField("end_month"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def clean(self):
        super().clean()
        if self.start_month and self.end_month and self.end_month < self.start_month:
            raise ValidationError({"end_month": _("The activity cannot end before it starts.")})

    def __str__(self):
        return self.title
