"""The admin's list of population figures (a snippet viewset, registered in wagtail_hooks),
with a header button to the ČSÚ CSV import for those allowed to add figures."""

from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets.button import HeaderButton
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

from kp_plans.models.population import PopulationFigure
from kp_plans.population.upload import PERMISSION


class PopulationIndexView(IndexView):
    @cached_property
    def header_buttons(self):
        buttons = super().header_buttons
        if self.request.user.has_perm(PERMISSION):
            buttons.append(HeaderButton(_("Import CSV of the ČSÚ"),
                                        url=reverse("kp_plans_population_import"),
                                        icon_name="upload"))
        return buttons


class PopulationFigureViewSet(SnippetViewSet):
    model = PopulationFigure
    index_view_class = PopulationIndexView
    icon = "table"
    menu_label = _("Population")
    menu_name = "population"
    menu_order = 260
    add_to_admin_menu = True
    list_display = ["municipality", "reference_date", "total", "age_65_plus", "approximate"]
    list_filter = ["approximate", "municipality"]
    list_export = ["municipality", "reference_date", "source", "total", "age_0_14",
                   "age_15_64", "age_65_plus", "age_80_plus", "approximate"]
    ordering = ["municipality__name", "-reference_date"]
