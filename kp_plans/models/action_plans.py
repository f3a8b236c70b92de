"""Annual action plans: which measures are carried out in a year, with status and budget."""


from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    InlinePanel,
)
from wagtail.api import APIField
from wagtail.models import Orderable, Page

from kp_plans.apifields import (
    FulfilmentOut,
    typed_api_field,
)
from kp_plans.choices import (
    ItemStatus,
)
from kp_plans.forms import ActionPlanForm
from kp_plans.models.mixins import choice

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
