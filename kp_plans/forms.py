"""Admin page forms that check a page against its parent plan (measures and period), also for
a page not yet in the tree."""

from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminPageForm


class ActionPlanForm(WagtailAdminPageForm):
    """Checks, also for a new action plan not yet in the tree, that every item points at a
    measure of the plan it is created under, and that the year lies in the plan's period."""

    def clean(self):
        cleaned = super().clean()
        plan = self.parent_page.specific if self.parent_page else None
        if plan is None or not hasattr(plan, "measures_by_code"):
            return cleaned
        year = cleaned.get("year")
        if year and not plan.period_start <= year <= plan.period_end:
            self.add_error("year", _("The year must lie within the plan's period."))
        codes = plan.measures_by_code
        items = self.formsets["items"]
        # The cluster form validates its formsets after this form: clean them first.
        items.is_valid()
        for form in items.forms:
            code = form.cleaned_data.get("measure_code") if hasattr(form, "cleaned_data") else None
            if code and not form.cleaned_data.get("DELETE") and code not in codes:
                form.add_error("measure_code", _(
                    "The plan has no measure %(code)s. Its measures: %(codes)s"
                ) % {"code": code, "codes": ", ".join(codes)})
        return cleaned


class PlanDraftForm(WagtailAdminPageForm):
    """The previous draft must be a draft of the same plan, also while the draft is created."""

    def clean(self):
        cleaned = super().clean()
        previous = cleaned.get("previous_draft")
        if previous and self.parent_page and not previous.is_child_of(self.parent_page):
            self.add_error("previous_draft", _("Choose a draft of the same plan."))
        return cleaned
