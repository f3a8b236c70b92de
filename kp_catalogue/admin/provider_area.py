"""What a provider account may reach in the admin: an allow-list of URL names, each with a rule
that checks the objects its arguments name, so any view Wagtail or another app adds later stays
closed to providers until it is listed here with a rule.

``URL_RULES`` maps ``"namespace:url_name"`` (or a bare ``url_name``) to either ``OBJECT_FREE``
(the view names no object of another user: the URL has no object argument, and what it lists is
narrowed to the user by the view itself) or to a function ``rule(request, kwargs) -> bool`` that
answers whether the objects named by the URL's arguments belong to the user. A rule refuses
arguments it does not know, so a new kind of id in a Wagtail URL is closed until reviewed.
``tests/kp_catalogue/test_isolation_matrix.py`` walks every URL pattern this table admits.
"""

from django.apps import apps
from django.contrib.admin.utils import unquote
from django.contrib.auth.models import Group
from django.http import Http404, HttpResponseForbidden
from django.template.loader import render_to_string
from django.urls import reverse
from wagtail.admin.models import EditingSession
from wagtail.models import APIToken

from kp_catalogue.accounts.access import PROVIDERS_GROUP, is_unrestricted
from kp_catalogue.accounts.email_change import user_id_in
from kp_catalogue.accounts.media import choosable_images
from kp_catalogue.admin.guard import visible_queryset
from kp_catalogue.admin.provider_views import (
    scoped_tag_autocomplete,
    search_own_services,
)
from kp_catalogue.models import Provider, Service

_CACHE_ATTR = "_kp_is_provider_account"

OBJECT_FREE = "object-free"

# Arguments of snippet views that Wagtail looks up through the object named by ``pk`` (a
# revision, task or workflow state of another object is not found); the matrix proves it.
SECONDARY_KWARGS = {"revision_id", "revision_id_a", "revision_id_b", "action_name",
                    "task_state_id", "workflow_state_id", "task_id"}


def own_object(model):
    """The ``pk`` argument (if any) names one of the user's organisations' objects."""

    def rule(request, kwargs):
        if set(kwargs) - {"pk"} - SECONDARY_KWARGS:
            return False
        if "pk" not in kwargs:
            return True
        try:
            return visible_queryset(model, request.user).filter(
                pk=unquote(str(kwargs["pk"]))).exists()
        except (ValueError, TypeError):
            return False

    rule.__name__ = f"own_{model._meta.model_name}"
    return rule


def public_code_list(request, kwargs):
    """Code lists (service types, target groups, …) are public data; only ``pk`` is expected."""
    return set(kwargs) <= {"pk"}


def own_token(request, kwargs):
    """API tokens: only the user's own (Wagtail scopes edit and revoke, but not history and
    usage, to the tokens a user may manage)."""
    if set(kwargs) - {"pk"}:
        return False
    if "pk" not in kwargs:
        return True
    return APIToken.objects.filter(pk=kwargs["pk"], user=request.user).exists()


OWN_ENTRY_MODELS = {("kp_catalogue", "service"), ("kp_catalogue", "provider")}


def own_editing_session(request, kwargs):
    """Concurrent-editing pings: the user's own session, about one of its own entries."""
    if set(kwargs) - {"session_id", "app_label", "model_name", "object_id"}:
        return False
    sessions = EditingSession.objects.filter(pk=kwargs["session_id"], user=request.user)
    if "app_label" in kwargs:
        key = (kwargs["app_label"], kwargs["model_name"])
        if key not in OWN_ENTRY_MODELS:
            return False
        model = apps.get_model(*key)
        if not visible_queryset(model, request.user).filter(
                pk=unquote(kwargs["object_id"])).exists():
            return False
        # A ping may start a new session (id 0 or not yet existing); the object check above
        # is what matters, and Wagtail's view only ever reads the user's own sessions.
        return True
    return sessions.exists() or not EditingSession.objects.filter(
        pk=kwargs["session_id"]).exists()


def own_email_link(request, kwargs):
    """An e-mail confirmation link of another account is refused before the view; a forged
    one reaches the view, which explains it."""
    if set(kwargs) - {"token"}:
        return False
    named = user_id_in(kwargs["token"])
    return named is None or named == request.user.pk


def choosable_image(request, kwargs):
    """Image choosers list only the images the user may choose (Wagtail narrows the listing);
    the "chosen" view, which returns an image's title and thumbnail by id, is checked here."""
    if set(kwargs) - {"pk"}:
        return False
    if "pk" not in kwargs:
        return True
    try:
        return choosable_images(request.user).filter(pk=int(kwargs["pk"])).exists()
    except ValueError:
        return False


def service_tags_only(request, kwargs):
    return (kwargs.get("app_name"), kwargs.get("model_name")) == ("taggit", "tag")


def snippet_rules(model_name, model, names):
    return {f"wagtailsnippets_kp_catalogue_{model_name}:{name}": own_object(model)
            for name in names}


def chooser_rules(model_name, rule):
    return {f"wagtailsnippetchoosers_kp_catalogue_{model_name}:{name}": rule
            for name in ("choose", "choose_results", "chosen", "chosen_multiple")}


SNIPPET_VIEWS = (
    "list", "list_results", "add", "edit", "delete", "usage", "history", "history_results",
    "copy", "inspect", "preview_on_add", "preview_on_edit", "revisions_view",
    "revisions_revert", "revisions_compare", "revisions_unschedule", "unpublish", "lock",
    "unlock", "workflow_action", "collect_workflow_action_data",
    "confirm_workflow_cancellation", "workflow_history", "workflow_history_detail",
    "workflow_preview",
)
CODE_LISTS = ("servicetype", "targetgroup", "agegroup", "serviceform", "capacityunit",
              "municipality")

URL_RULES = {
    # The user's own session, account and password; static helpers of the admin.
    "wagtailadmin_home": OBJECT_FREE,
    "wagtailadmin_login": OBJECT_FREE,
    "wagtailadmin_logout": OBJECT_FREE,
    "wagtailadmin_account": OBJECT_FREE,
    "wagtailadmin_password_reset": OBJECT_FREE,
    "wagtailadmin_password_reset_done": OBJECT_FREE,
    # The account is named by a signed token that only its owner's mailbox receives.
    "wagtailadmin_password_reset_confirm": OBJECT_FREE,
    "wagtailadmin_password_reset_complete": OBJECT_FREE,
    "wagtailadmin_javascript_catalog": OBJECT_FREE,
    "wagtailadmin_sprite": OBJECT_FREE,
    "wagtailadmin_dismissibles": OBJECT_FREE,
    # Answered by ``REPLACEMENT_VIEWS`` (tags of published and of own services only).
    "wagtailadmin_tag_autocomplete": OBJECT_FREE,
    "wagtailadmin_tag_model_autocomplete": service_tags_only,
    "kp_catalogue_confirm_service": own_object(Service),
    "kp_catalogue_free_places": own_object(Service),
    "kp_catalogue_resolve_report": own_object(Provider),
    # The dashboard's search box (Wagtail's page explorer): answered by a search of the
    # user's own services instead of the page tree, which providers may not see.
    "wagtailadmin_explore_root": OBJECT_FREE,
    "kp_catalogue_confirm_email": own_email_link,
    # The logo's chooser and upload (into the collections the user may add to).
    **{f"wagtailimages_chooser:{name}": choosable_image
       for name in ("choose", "choose_results", "chosen", "create")},
    "wagtailadmin_editing_sessions:ping": own_editing_session,
    "wagtailadmin_editing_sessions:release": own_editing_session,
    **{f"wagtailusers_api_tokens:{name}": own_token
       for name in ("index", "index_results", "add", "edit", "delete", "history",
                    "history_results", "usage")},
    **snippet_rules("service", Service, SNIPPET_VIEWS),
    **snippet_rules("provider", Provider, SNIPPET_VIEWS),
    **chooser_rules("service", own_object(Service)),
    **chooser_rules("provider", own_object(Provider)),
    **{key: rule for name in CODE_LISTS
       for key, rule in chooser_rules(name, public_code_list).items()},
}
# Views answered differently for provider accounts.
REPLACEMENT_VIEWS = {
    "wagtailadmin_explore_root": search_own_services,
    "wagtailadmin_tag_autocomplete": scoped_tag_autocomplete,
    "wagtailadmin_tag_model_autocomplete": scoped_tag_autocomplete,
}
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


def url_key(match):
    return ":".join([*match.namespaces, match.url_name or ""])


def rule_for(match):
    """The rule of a resolved URL, or ``None`` when the URL is not on the allow-list."""
    return URL_RULES.get(url_key(match))


def url_allowed(request, match):
    """``True``, ``False`` (an area closed to providers) or raises ``Http404`` (an object
    of someone else)."""
    rule = rule_for(match)
    if rule is None:
        return False
    if rule is OBJECT_FREE:
        return True
    if not rule(request, match.kwargs):
        raise Http404
    return True


class ProviderAreaMiddleware:
    """Refuses provider accounts every admin URL that is not on the allow-list, and any URL
    on it that names another user's object."""

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
        match = request.resolver_match
        if not url_allowed(request, match):
            return HttpResponseForbidden(render_to_string(
                "kp_catalogue/admin/forbidden.html", {"home": reverse("wagtailadmin_home")},
                request,
            ))
        replacement = REPLACEMENT_VIEWS.get(url_key(match))
        if replacement is not None:
            return replacement(request)
        return None


def filter_menu(request, menu_items):
    if is_provider_account(request.user):
        menu_items[:] = [item for item in menu_items if item.name in ALLOWED_MENU_ITEMS]
