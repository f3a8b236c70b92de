"""Admin for the catalogue: one "Katalog služeb" menu with services, providers and code lists.

Every viewset narrows its objects through ``get_queryset(request)``, the hook the per-organisation
isolation for provider accounts plugs into.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet, SnippetViewSetGroup

from .export import escape_formula
from .models import (
    AgeGroup,
    CapacityUnit,
    Municipality,
    Provider,
    Service,
    ServiceForm,
    ServiceType,
    TargetGroup,
)


class SafeExportIndexView(IndexView):
    """CSV/XLSX export whose cells a spreadsheet never runs as formulas."""

    def preprocess_field_value(self, field, value, export_format):
        return escape_formula(super().preprocess_field_value(field, value, export_format))


class CatalogueViewSetMixin:
    index_view_class = SafeExportIndexView

    def get_queryset(self, request):
        return self.model._default_manager.all()


class ServiceFilterSet(WagtailFilterSet):
    class Meta:
        model = Service
        fields = {
            "service_type__category": ["exact"],
            "service_type": ["exact"],
            "target_groups": ["exact"],
            "provisions__form": ["exact"],
            "service_areas": ["exact"],
            "status": ["exact"],
            "provider": ["exact"],
            "live": ["exact"],
        }


class ServiceViewSet(CatalogueViewSetMixin, SnippetViewSet):
    model = Service
    icon = "list-ul"
    menu_label = _("Services")
    list_display = ["name", "provider", "service_type", "status", "assured_date", "updated_at"]
    filterset_class = ServiceFilterSet
    inspect_view_enabled = True
    copy_view_enabled = True
    list_export = ["name", "provider.name", "provider.ico", "service_type.name", "identifier",
                   "status", "phone", "email", "url", "assured_date", "live"]
    export_headings = {"provider.name": _("provider"), "provider.ico": _("company ID (IČO)"),
                       "service_type.name": _("service type")}
    export_filename = "sluzby"

    def get_queryset(self, request):
        return (
            Service.objects.select_related("provider", "service_type", "latest_revision",
                                           "locked_by")
        )


class ProviderViewSet(CatalogueViewSetMixin, SnippetViewSet):
    model = Provider
    icon = "group"
    menu_label = _("Providers")
    list_display = ["name", "ico", "city", "email", "updated_at"]
    inspect_view_enabled = True
    list_export = ["name", "ico", "legal_status", "address_1", "postal_code", "city", "email",
                   "phone", "website", "data_box"]
    export_filename = "poskytovatele"


def taxonomy_viewset(taxonomy_model, icon_name, extra_list=()):
    return type(f"{taxonomy_model.__name__}ViewSet", (CatalogueViewSetMixin, SnippetViewSet), {
        "model": taxonomy_model,
        "icon": icon_name,
        "list_display": ["name", "code", *extra_list, "sort_order"],
        "search_fields": ["name", "code"],
        "list_export": ["code", "name", *extra_list, "sort_order"],
        "ordering": ["sort_order", "name"],
    })


class ServiceTypeViewSet(taxonomy_viewset(ServiceType, "tag", ["paragraph", "category"])):
    list_filter = ["category"]


class CatalogueViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Service catalogue")
    menu_icon = "folder-open-inverse"
    menu_order = 250
    items = (
        ServiceViewSet,
        ProviderViewSet,
        ServiceTypeViewSet,
        taxonomy_viewset(TargetGroup, "tag"),
        taxonomy_viewset(AgeGroup, "tag"),
        taxonomy_viewset(ServiceForm, "tag"),
        taxonomy_viewset(CapacityUnit, "tag", ["description"]),
        taxonomy_viewset(Municipality, "site"),
    )


register_snippet(CatalogueViewSetGroup)

# Import, export, register sync and brochure views live in their own module.
from . import admin_hooks  # noqa: E402,F401
