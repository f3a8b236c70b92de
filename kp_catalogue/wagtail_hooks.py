"""Wagtail hooks of the catalogue: the snippet menu, the admin URLs of provider accounts and of
import/export, the providers' narrowed menus and dashboard, and the log actions.

The viewsets live in ``admin/viewsets.py``; the views in ``admin/``.
"""

from django.conf import settings
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.home import UserObjectsInWorkflowModerationPanel
from wagtail.snippets.models import register_snippet

from kp_catalogue.accounts.access import is_unrestricted
from kp_catalogue.admin import exchange_views
from kp_catalogue.admin.account import EmailChangePanel, confirm_email
from kp_catalogue.admin.dashboard import (
    ProblemReportsPanel,
    ProviderEntriesPanel,
    StaleServicesPanel,
)
from kp_catalogue.admin.provider_area import filter_menu, is_provider_account
from kp_catalogue.admin.provider_views import (
    CONFIRM_ACTION,
    FREE_PLACES_ACTION,
    RESOLVE_REPORT_ACTION,
    confirm_service_data,
    resolve_report,
    update_free_places,
)
from kp_catalogue.admin.viewsets import CatalogueViewSetGroup
from kp_catalogue.exchange.importing.saving import IMPORT_ACTION

register_snippet(CatalogueViewSetGroup)


@hooks.register("register_admin_urls")
def register_catalogue_admin_urls():
    return [path("katalog/sluzby/<int:pk>/overeno/", confirm_service_data,
                 name="kp_catalogue_confirm_service"),
            path("katalog/sluzby/<int:pk>/volna-mista/", update_free_places,
                 name="kp_catalogue_free_places"),
            path("katalog/poskytovatele/<int:pk>/hlaseni/vyreseno/", resolve_report,
                 name="kp_catalogue_resolve_report"),
            path("ucet/email/<str:token>/", confirm_email, name="kp_catalogue_confirm_email")]


@hooks.register("register_account_settings_panel")
def email_change_panel(request, user, profile):
    return EmailChangePanel(request, user, profile)


@hooks.register("construct_main_menu")
def hide_menu_items_from_providers(request, menu_items):
    filter_menu(request, menu_items)


@hooks.register("construct_settings_menu")
def hide_settings_items_from_providers(request, menu_items):
    filter_menu(request, menu_items)


@hooks.register("construct_homepage_summary_items", order=1000)
def no_site_summary_for_providers(request, summary_items):
    # The counts link to the image and document libraries, which are closed to providers
    # (after Wagtail's own hooks have added them).
    if is_provider_account(request.user):
        summary_items[:] = []


@hooks.register("construct_homepage_panels")
def catalogue_dashboard_panels(request, panels):
    if is_provider_account(request.user):
        # Only the provider's own entries and its own submissions; site-wide summaries
        # (counts, recent edits, locked pages) are not theirs to see.
        panels[:] = [panel for panel in panels
                     if isinstance(panel, UserObjectsInWorkflowModerationPanel)]
        panels.append(ProblemReportsPanel())
        panels.append(ProviderEntriesPanel())
    elif is_unrestricted(request.user):
        panels.append(ProblemReportsPanel())
        panels.append(StaleServicesPanel())


@hooks.register("register_log_actions")
def register_catalogue_log_actions(actions):
    actions.register_action(CONFIRM_ACTION, _("Data confirmed as correct"),
                            _("Data confirmed as correct"))
    actions.register_action(FREE_PLACES_ACTION, _("Free places updated"),
                            _("Free places updated"))
    actions.register_action(RESOLVE_REPORT_ACTION, _("Problem report resolved"),
                            _("Problem report resolved"))


@hooks.register("insert_global_admin_js")
def catalogue_admin_js():
    return format_html('<script src="{}" data-search-label="{}"></script>',
                       static("kp_catalogue/admin/admin_global.js"), gettext("Search"))


@hooks.register("insert_editor_css")
def catalogue_editor_css():
    return format_html('<link rel="stylesheet" href="{}"><link rel="stylesheet" href="{}">',
                       static("kp_catalogue/vendor/leaflet/leaflet.css"),
                       static("kp_catalogue/admin/provider_admin.css"))


@hooks.register("insert_editor_js")
def catalogue_editor_js():
    # The map picker uses the same tile server as the public map, or none (a plain box).
    return format_html(
        '<script src="{}"></script><script src="{}" data-tiles="{}" data-attribution="{}" '
        'data-search-label="{}" data-ticked-label="{}" data-marker-label="{}" '
        'data-save-selected-label="{}"></script>',
        static("kp_catalogue/vendor/leaflet/leaflet.js"),
        static("kp_catalogue/admin/provider_admin.js"),
        getattr(settings, "KP_CATALOGUE_MAP_TILE_URL", ""),
        getattr(settings, "KP_CATALOGUE_MAP_ATTRIBUTION", ""),
        gettext("Search in the list"), gettext("Ticked:"), gettext("Position of the place"),
        gettext("Save selection"))


@hooks.register("register_admin_urls")
def catalogue_import_urls():
    return [
        path("katalog/import/", exchange_views.import_view, name="kp_catalogue_import"),
        path("katalog/import/potvrdit/", exchange_views.import_confirm,
             name="kp_catalogue_import_confirm"),
        path("katalog/export/<str:kind>.<str:file_format>", exchange_views.export_view,
             name="kp_catalogue_export"),
        path("katalog/brozura.pdf", exchange_views.brochure_view, name="kp_catalogue_brochure"),
    ]


class EditorsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(exchange_views.PERMISSION)


@hooks.register("register_admin_menu_item")
def catalogue_import_menu_item():
    # Beside the "Katalog služeb" group (order 250).
    return EditorsMenuItem(_("Catalogue import and export"), reverse("kp_catalogue_import"),
                           icon_name="download", order=251)


@hooks.register("register_log_actions")
def register_import_action(actions):
    actions.register_action(IMPORT_ACTION, _("Import from a file"), _("Imported from a file"))
