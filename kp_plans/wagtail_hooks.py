"""Wagtail hooks of the plans: the admin URL and button of the needs survey's export, and the
snippet viewsets (indicators of the measures)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from kp_plans.exports import export_survey
from kp_plans.models import Indicator, NeedsSurveyPage
from kp_plans.population.upload import upload_population
from kp_plans.population.viewsets import PopulationFigureViewSet

register_snippet(PopulationFigureViewSet)


@hooks.register("register_admin_urls")
def survey_export_urls():
    return [
        path("kp-plans/survey/<int:page_id>/export.csv", export_survey,
             name="kp_plans_survey_export"),
        path("kp-plans/population/import/", upload_population, name="kp_plans_population_import"),
    ]


@hooks.register("register_page_header_buttons")
def survey_export_button(page, user, view_name, next_url=None):
    if isinstance(page.specific_deferred, NeedsSurveyPage) and \
            page.permissions_for_user(user).can_edit():
        yield Button(_("Export answers (CSV)"),
                     reverse("kp_plans_survey_export", args=[page.pk]),
                     icon_name="download", priority=90)


class IndicatorViewSet(SnippetViewSet):
    """Indicators of the plan's measures with their yearly values. Editors with the snippet's
    permissions (a group such as "measure owners" can get just these) enter the numbers; the
    history of every change is kept by Wagtail's log."""

    model = Indicator
    icon = "table"
    menu_label = _("Indicators")
    add_to_admin_menu = True
    menu_order = 310
    list_display = ["measure_code", "name", "unit", "plan"]
    list_filter = ["plan"]
    search_fields = ["name", "measure_code"]
    ordering = ["plan", "measure_code", "sort_order"]


register_snippet(IndicatorViewSet)
