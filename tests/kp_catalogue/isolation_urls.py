"""Enumerates the catalogue's admin and API URLs from the URL resolver and fills their
arguments with one organisation's objects, for the isolation matrix."""

import re

from django.urls import URLPattern, URLResolver, get_resolver
from wagtail.models import Revision

from kp_catalogue.admin.provider_area import URL_RULES

SCOPED_MODELS = {"service", "provider"}
ADMIN_NAMESPACE = re.compile(r"^wagtailsnippet(s|choosers)_kp_catalogue_(?P<model>\w+)$")
API_PREFIX = "api/v3/catalogue/"
# The consultation API is public and anonymous; it is walked too, so that a new route there
# (following, co-signing) cannot appear without a rule.
CONSULTATION_PREFIX = "api/v3/consultations/"


def walk(resolver, prefix="", namespace=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk(entry, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), namespace.rstrip(":"), entry


def catalogue_urls():
    """(key, route, pattern) for every admin URL of the catalogue viewsets and choosers, every
    catalogue admin view of our own, every catalogue API route and every consultation API
    route."""
    found = []
    for route, namespace, pattern in walk(get_resolver()):
        last = namespace.split(":")[-1] if namespace else ""
        if ADMIN_NAMESPACE.match(last):
            found.append((f"{last}:{pattern.name}", route, pattern))
        elif not namespace and (pattern.name or "").startswith("kp_catalogue_"):
            found.append((pattern.name, route, pattern))
        elif route.startswith(API_PREFIX):
            found.append((f"api:{route[len(API_PREFIX):]}", route, pattern))
        elif route.startswith(CONSULTATION_PREFIX):
            found.append((f"api:consultations/{route[len(CONSULTATION_PREFIX):]}", route,
                          pattern))
    return found


def url_params(pattern):
    return list(pattern.pattern.regex.groupindex)


def fill(route, pattern, objects):
    """The path with every argument replaced by the matching object of ``objects``."""
    values = {}
    for name in url_params(pattern):
        if name not in objects:
            raise KeyError(f"No value for <{name}> in {route}")
        values[name] = objects[name]
    # Rebuild the path from the route by substituting each argument.
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values[m.group(1)]),
                        route_to_template(route))


def route_to_template(route):
    """Regex routes (revisions compare) become the same <name> template as path routes."""
    template = route.lstrip("^").rstrip("$")
    template = re.sub(r"\(\?P<(\w+)>[^)]*\)", r"<\1>", template)
    return template.replace("\\.", ".").replace("^", "")


def object_values(org, model_name, other_pk):
    """URL argument values pointing at ``org``'s objects (or ``other_pk`` for code lists)."""
    obj = {"service": org.service, "provider": org.provider}.get(model_name)
    if obj is None:
        return {"pk": other_pk, "service_id": org.service.pk, "provider_id": org.provider.pk,
                "kind": "services", "file_format": "csv", "token": "WzEsImtsaWMiXQ:padelek:x",
                "slug": "pomoc-doma", "page_id": other_pk, "comment_id": other_pk}
    revisions = Revision.objects.for_instance(obj).order_by("pk")
    state = obj.current_workflow_state
    return {
        "pk": obj.pk,
        "service_id": org.service.pk,
        "provider_id": org.provider.pk,
        "revision_id": revisions.last().pk,
        "revision_id_a": str(obj.live_revision_id),
        "revision_id_b": str(revisions.last().pk),
        "action_name": "approve",
        "task_state_id": state.current_task_state.pk,
        "workflow_state_id": state.pk,
        "task_id": state.current_task_state.task_id,
    }


def admitted_urls():
    """(key, route, pattern, rule) for every URL pattern the providers' allow-list admits,
    Wagtail's own included."""
    found = []
    for route, namespace, pattern in walk(get_resolver()):
        key = f"{namespace}:{pattern.name}" if namespace else (pattern.name or "")
        if key in URL_RULES:
            found.append((key, route, pattern, URL_RULES[key]))
    return found
