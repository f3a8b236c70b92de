"""The admin's list of population figures (a snippet viewset, registered in wagtail_hooks)."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.views.snippets import SnippetViewSet

from kp_plans.models.population import PopulationFigure


class PopulationFigureViewSet(SnippetViewSet):
    model = PopulationFigure
    icon = "table"
    menu_label = _("Population")
    menu_name = "population"
    menu_order = 260
    add_to_admin_menu = True
    list_display = ["municipality", "reference_date", "total", "age_65_plus", "approximate"]
    list_filter = ["approximate", "municipality"]
    list_export = ["municipality", "reference_date", "source", "total", "age_0_14",
                   "age_15_64", "age_65_plus", "age_80_plus", "approximate"]
    search_fields = None
    ordering = ["municipality__name", "-reference_date"]
