"""The catalogue's snippet viewsets: one "Katalog služeb" menu with services, providers,
provider accounts and code lists.

Every viewset narrows its objects through ``get_queryset(request)``; the viewsets of
provider-owned models (services, providers) also route every object lookup through the
per-organisation permission policy (``admin_guard``), so a provider account sees only its own.
"""

import django_filters
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import BulkActionsCheckboxColumn, Column
from wagtail.snippets.views.snippets import (
    CreateView,
    EditView,
    IndexView,
    SnippetViewSet,
    SnippetViewSetGroup,
)

from kp_catalogue.admin.forms import ProviderAdminForm, ProviderInvitationForm, ServiceAdminForm
from kp_catalogue.admin.guard import GuardedViewSetMixin, ScopedChooserViewSet, visible_queryset
from kp_catalogue.admin.provider_area import is_provider_account
from kp_catalogue.exchange.formulas import escape_formula
from kp_catalogue.models import (
    AgeGroup,
    CapacityUnit,
    LifeSituation,
    Municipality,
    Provider,
    ProviderInvitation,
    ProviderMembership,
    SearchSynonym,
    Service,
    ServiceForm,
    ServiceType,
    TargetGroup,
)


class SafeExportIndexView(IndexView):
    """CSV/XLSX export whose cells a spreadsheet never runs as formulas. Provider accounts get
    no bulk actions: Wagtail's bulk views are closed to them, and a link there would end in a
    refusal."""

    @cached_property
    def columns(self):
        columns = super().columns
        if is_provider_account(self.request.user):
            columns = [column for column in columns
                       if not isinstance(column, BulkActionsCheckboxColumn)]
        return columns

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["kp_bulk_actions"] = not is_provider_account(self.request.user)
        return context

    def preprocess_field_value(self, field, value, export_format):
        return escape_formula(super().preprocess_field_value(field, value, export_format))


class CountedPaginator(WagtailPaginator):
    """Wagtail writes counts as "<n> <verbose_name_plural>", which Czech cannot do ("7
    sociální služby"): the count label comes from a plural-aware message instead."""

    count_label = None

    @cached_property
    def items_count_label(self):
        return self.count_label(self.count)


def count_label(singular, plural):
    def label(count):
        return ngettext(singular, plural, count) % {"count": count}
    return staticmethod(label)


class CatalogueViewSetMixin:
    """``add_label`` and ``count_label`` replace Wagtail's "Add %(model_name)s" and
    "<n> <plural>", which put the Czech name in the wrong case."""

    index_view_class = SafeExportIndexView
    index_template_name = "kp_catalogue/admin/snippet_index.html"
    add_label = None
    count_label = None

    def get_queryset(self, request):
        return self.model._default_manager.all()

    def get_index_view_kwargs(self, **kwargs):
        view_kwargs = super().get_index_view_kwargs(**kwargs)
        if self.add_label:
            view_kwargs["add_item_label"] = self.add_label
        if self.count_label:
            view_kwargs["paginator_class"] = type(
                f"{self.model.__name__}Paginator", (CountedPaginator,),
                {"count_label": staticmethod(self.count_label)})
        return view_kwargs


class ScopedViewSetMixin(GuardedViewSetMixin, CatalogueViewSetMixin):
    chooser_viewset_class = ScopedChooserViewSet

    def get_queryset(self, request):
        return visible_queryset(self.model, request.user)


def own_providers(request):
    return visible_queryset(Provider, request.user) if request else Provider.objects.none()


class ServiceFilterSet(WagtailFilterSet):
    # The organisation filter lists only the organisations the user may see.
    provider = django_filters.ModelChoiceFilter(queryset=own_providers, label=_("provider"))

    class Meta:
        model = Service
        fields = {
            "service_type__category": ["exact"],
            "service_type": ["exact"],
            "target_groups": ["exact"],
            "provisions__form": ["exact"],
            "service_areas": ["exact"],
            "status": ["exact"],
            "live": ["exact"],
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # django-filter names a filter across a relation by gluing the verbose names
        # ("Druh služby kategorie", "Provisions forma"): Czech labels of their own instead.
        self.filters["service_type__category"].label = _("category of the service")
        self.filters["provisions__form"].label = _("form of provision")


class ServiceViewSet(ScopedViewSetMixin, SnippetViewSet):
    model = Service
    icon = "list-ul"
    menu_label = _("Services")
    add_label = _("Add a social service")
    count_label = count_label("%(count)s social service", "%(count)s social services")
    list_display = ["name", "provider", "service_type", "status", "assured_date", "updated_at"]
    filterset_class = ServiceFilterSet
    inspect_view_enabled = True
    inspect_view_fields_exclude = ["search_text"]  # an internal search column
    copy_view_enabled = True
    list_export = ["name", "provider.name", "provider.ico", "service_type.name", "identifier",
                   "status", "phone", "email", "url", "assured_date", "live"]
    export_headings = {"provider.name": _("provider"), "provider.ico": _("company ID (IČO)"),
                       "service_type.name": _("service type")}
    export_filename = "sluzby"
    # The form limits the organisation field to the user's own organisations.
    edit_handler = ObjectList(Service.panels, base_form_class=ServiceAdminForm)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(
            "provider", "service_type", "latest_revision", "locked_by"
        )


class ProviderViewSet(ScopedViewSetMixin, SnippetViewSet):
    model = Provider
    icon = "group"
    menu_label = _("Providers")
    add_label = _("Add a provider")
    count_label = count_label("%(count)s provider", "%(count)s providers")
    list_display = ["name", "ico", "city", "email", "updated_at"]
    inspect_view_enabled = True
    inspect_view_fields_exclude = ["search_text"]
    list_export = ["name", "ico", "legal_status", "address_1", "postal_code", "city", "email",
                   "phone", "website", "data_box"]
    export_filename = "poskytovatele"
    # The logo is checked against the images the user may choose.
    edit_handler = ObjectList(Provider.panels, base_form_class=ProviderAdminForm)


class InviteInsteadView(CreateView):
    """Memberships are made only by accepted invitations: "add" leads to a new invitation."""

    def dispatch(self, request, *args, **kwargs):
        return redirect("wagtailsnippets_kp_catalogue_providerinvitation:add")


class ProviderMembershipViewSet(CatalogueViewSetMixin, SnippetViewSet):
    """Editors' list of provider accounts; "add" invites a user by e-mail."""

    model = ProviderMembership
    icon = "user"
    menu_label = _("Provider accounts")
    add_label = _("Invite a provider account")
    count_label = count_label("%(count)s provider account", "%(count)s provider accounts")
    list_display = ["user", "provider", "created_at", "created_by"]
    search_fields = ["user__email", "provider__name"]
    add_view_class = InviteInsteadView
    edit_handler = ObjectList([FieldPanel("provider", read_only=True)])

    def get_queryset(self, request):
        return ProviderMembership.objects.select_related("user", "provider", "created_by")


class InvitationMailMixin:
    """After saving an invitation, say so when its e-mail could not be sent."""

    def save_action(self):
        response = super().save_action()
        if getattr(self.object, "mail_sent", True) is False:
            messages.warning(self.request, _(
                "The invitation is saved, but its e-mail could not be sent. Open the "
                "invitation later and send it again."))
        return response


class InvitationCreateView(InvitationMailMixin, CreateView):
    pass


class InvitationEditView(InvitationMailMixin, EditView):
    pass


class ProviderInvitationViewSet(CatalogueViewSetMixin, SnippetViewSet):
    """Editors' invitations: who was invited to which organisation, pending or not; editing one
    sends it again or cancels it."""

    model = ProviderInvitation
    add_view_class = InvitationCreateView
    edit_view_class = InvitationEditView
    icon = "mail"
    menu_label = _("Invitations")
    add_label = _("Invite a provider account")
    count_label = count_label("%(count)s invitation", "%(count)s invitations")
    list_display = ["email", "provider", Column("status", label=_("state")), "created_by",
                    "created_at", "expires_at"]
    search_fields = ["email", "provider__name"]
    edit_handler = ObjectList([FieldPanel("email"), FieldPanel("provider"),
                               FieldPanel("action")],
                              base_form_class=ProviderInvitationForm)

    def get_queryset(self, request):
        return ProviderInvitation.objects.select_related("provider", "created_by")


def taxonomy_viewset(taxonomy_model, icon_name, add_label, counted, extra_list=()):
    return type(f"{taxonomy_model.__name__}ViewSet", (CatalogueViewSetMixin, SnippetViewSet), {
        "model": taxonomy_model,
        "icon": icon_name,
        "add_label": add_label,
        "count_label": counted,
        "list_display": ["name", "code", *extra_list, "sort_order"],
        "search_fields": ["name", "code"],
        "list_export": ["code", "name", *extra_list, "sort_order"],
        "ordering": ["sort_order", "name"],
    })


class ServiceTypeViewSet(taxonomy_viewset(
        ServiceType, "tag", _("Add a service type"),
        count_label("%(count)s service type", "%(count)s service types"),
        ["paragraph", "category"])):
    list_filter = ["category"]


class SearchSynonymViewSet(CatalogueViewSetMixin, SnippetViewSet):
    """Words people type and what the catalogue search should find for them as well."""

    model = SearchSynonym
    icon = "search"
    add_label = _("Add a search synonym")
    count_label = count_label("%(count)s search synonym", "%(count)s search synonyms")
    list_display = ["term", "expansions"]
    search_fields = ["term", "expansions"]
    ordering = ["term"]
class LifeSituationViewSet(CatalogueViewSetMixin, SnippetViewSet):
    """The needs finder's situations: plain words for the public, catalogue terms behind."""

    model = LifeSituation
    icon = "help"
    menu_label = _("Life situations (finder)")
    add_label = _("Add a life situation")
    count_label = count_label("%(count)s life situation", "%(count)s life situations")
    list_display = ["title", "slug", "question", "sort_order"]
    search_fields = ["title", "question"]
    ordering = ["sort_order", "title"]


class CatalogueViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Service catalogue")
    menu_name = "service-catalogue"  # stable in any language (providers' menu allow-list)
    menu_icon = "folder-open-inverse"
    menu_order = 250
    items = (
        ServiceViewSet,
        ProviderViewSet,
        ProviderMembershipViewSet,
        ProviderInvitationViewSet,
        LifeSituationViewSet,
        ServiceTypeViewSet,
        taxonomy_viewset(TargetGroup, "tag", _("Add a target group"),
                         count_label("%(count)s target group", "%(count)s target groups")),
        taxonomy_viewset(AgeGroup, "tag", _("Add an age group"),
                         count_label("%(count)s age group", "%(count)s age groups")),
        taxonomy_viewset(ServiceForm, "tag", _("Add a form of provision"),
                         count_label("%(count)s form of provision",
                                     "%(count)s forms of provision")),
        taxonomy_viewset(CapacityUnit, "tag", _("Add a capacity unit"),
                         count_label("%(count)s capacity unit", "%(count)s capacity units"),
                         ["description"]),
        taxonomy_viewset(Municipality, "site", _("Add a municipality"),
                         count_label("%(count)s municipality", "%(count)s municipalities")),
        SearchSynonymViewSet,
    )
