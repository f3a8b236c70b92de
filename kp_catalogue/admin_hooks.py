"""Admin URLs and the menu item of the import, export, register sync and brochure views."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views
from .importing.saving import IMPORT_ACTION


@hooks.register("register_admin_urls")
def catalogue_import_urls():
    return [
        path("katalog/import/", admin_views.import_view, name="kp_catalogue_import"),
        path("katalog/import/potvrdit/", admin_views.import_confirm,
             name="kp_catalogue_import_confirm"),
        path("katalog/export/<str:kind>.<str:file_format>", admin_views.export_view,
             name="kp_catalogue_export"),
        path("katalog/brozura.pdf", admin_views.brochure_view, name="kp_catalogue_brochure"),
    ]


class EditorsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(admin_views.PERMISSION)


@hooks.register("register_admin_menu_item")
def catalogue_import_menu_item():
    # Beside the "Katalog služeb" group (order 250).
    return EditorsMenuItem(_("Catalogue import and export"), reverse("kp_catalogue_import"),
                           icon_name="download", order=251)


@hooks.register("register_log_actions")
def register_import_action(actions):
    actions.register_action(IMPORT_ACTION, _("Import from a file"), _("Imported from a file"))
