"""What a provider account may reach in the admin: an allow-list, so any area Wagtail or
another app adds later stays closed to providers until it is listed here."""

from django.apps import apps
from django.contrib.auth.models import Group
from django.http import HttpResponseForbidden
from django.template.loader import render_to_string
from django.urls import reverse

from kp_catalogue.accounts.access import PROVIDERS_GROUP, is_unrestricted
from kp_catalogue.admin.guard import visible_queryset

_CACHE_ATTR = "_kp_is_provider_account"

ALLOWED_URL_NAMES = {
    "wagtailadmin_home", "wagtailadmin_login", "wagtailadmin_logout", "wagtailadmin_account",
    "wagtailadmin_password_reset", "wagtailadmin_password_reset_done",
    "wagtailadmin_password_reset_confirm", "wagtailadmin_password_reset_complete",
    "wagtailadmin_javascript_catalog", "wagtailadmin_sprite", "wagtailadmin_dismissibles",
    "wagtailadmin_tag_autocomplete", "wagtailadmin_tag_model_autocomplete",
    "kp_catalogue_confirm_service",
}
ALLOWED_NAMESPACES = {
    "wagtailsnippets_kp_catalogue_service", "wagtailsnippets_kp_catalogue_provider",
    # Choosers: the two scoped ones, and the public code lists a service form needs.
    "wagtailsnippetchoosers_kp_catalogue_service", "wagtailsnippetchoosers_kp_catalogue_provider",
    "wagtailsnippetchoosers_kp_catalogue_servicetype",
    "wagtailsnippetchoosers_kp_catalogue_targetgroup",
    "wagtailsnippetchoosers_kp_catalogue_agegroup",
    "wagtailsnippetchoosers_kp_catalogue_serviceform",
    "wagtailsnippetchoosers_kp_catalogue_capacityunit",
    "wagtailsnippetchoosers_kp_catalogue_municipality",
    # Wagtail's own "my API tokens" views, which limit a non-staff user to its own tokens.
    "wagtailusers_api_tokens",
}
# Concurrent-editing pings name the object; allowed only for the provider's own entries.
EDITING_SESSION_NAMESPACE = "wagtailadmin_editing_sessions"
OWN_ENTRY_MODELS = {("kp_catalogue", "service"), ("kp_catalogue", "provider")}
ALLOWED_MENU_ITEMS = {"service-catalogue", "settings", "api-tokens", "api_tokens"}


def is_provider_account(user):
    """A member of the providers' group (or of a provider) without editors' rights."""
    if not user.is_authenticated or is_unrestricted(user):
        return False
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = (
            user.provider_memberships.exists()
            or Group.objects.filter(name=PROVIDERS_GROUP, user=user).exists()
        )
        setattr(user, _CACHE_ATTR, cached)
    return cached


def url_allowed(request, match):
    if match.url_name in ALLOWED_URL_NAMES and not match.namespaces:
        return True
    if set(match.namespaces) & ALLOWED_NAMESPACES and len(match.namespaces) == 1:
        return True
    if match.namespaces == [EDITING_SESSION_NAMESPACE]:
        if match.url_name == "release":
            return True
        kwargs = match.kwargs
        key = (kwargs.get("app_label"), kwargs.get("model_name"))
        if key in OWN_ENTRY_MODELS:
            model = apps.get_model(*key)
            return visible_queryset(model, request.user).filter(
                pk=kwargs.get("object_id")).exists()
    return False


class ProviderAreaMiddleware:
    """Refuses provider accounts every admin URL that is not on the allow-list."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.path.startswith(reverse("wagtailadmin_home")):
            return None
        user = getattr(request, "user", None)
        if user is None or not is_provider_account(user):
            return None
        if not url_allowed(request, request.resolver_match):
            return HttpResponseForbidden(render_to_string(
                "kp_catalogue/admin/forbidden.html", {"home": reverse("wagtailadmin_home")},
                request,
            ))
        return None


def filter_menu(request, menu_items):
    if is_provider_account(request.user):
        menu_items[:] = [item for item in menu_items if item.name in ALLOWED_MENU_ITEMS]
