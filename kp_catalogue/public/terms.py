"""The catalogue's lists of terms (municipalities, target groups, service types…) as the public
forms show them, read from the database once per process rather than on every request.

Every public form lists them (the catalogue's filters, the home page's search); they change a few
times a year, in the admin. Each process keeps the lists with the version token it read them
under. The token lives in the shared cache, and saving or deleting any term replaces it
(``changed``, connected in ``kp_catalogue.signals``), so every worker reads the lists again on
its next request. A missing token (the cache emptied, evicted or failing) counts as a change,
so the lists are never older than the cache's knowledge of them.

The lists hold model instances shared by the requests of a process: callers only read them.
"""

import threading
from operator import attrgetter
from types import SimpleNamespace

from django.utils.html import format_html
from django.utils.safestring import mark_safe

from kp_catalogue import caching
from kp_catalogue.models.situations import LifeSituation
from kp_catalogue.models.taxonomies import (
    AccessibilityFeature,
    AgeGroup,
    Language,
    Municipality,
    ServiceForm,
    ServiceType,
    TargetGroup,
    Taxonomy,
)

VERSION_KEY = caching.TERMS_VERSION_KEY

FORM_TERMS = {
    "municipalities": Municipality, "target_groups": TargetGroup, "age_groups": AgeGroup,
    "forms": ServiceForm, "service_types": ServiceType,
    "accessibility_features": AccessibilityFeature, "languages": Language,
}

_memo = {"token": None, "terms": None}
_lock = threading.Lock()


def version():
    return caching.token(VERSION_KEY)


def form_terms():
    """Every list of ``FORM_TERMS`` (tuples, in each term's order) plus ``near_municipalities``
    (those with coordinates): one cache read, and the queries only after a change."""
    token = version()
    with _lock:
        if _memo["token"] == token:
            return _memo["terms"]
    lists = {name: tuple(model.objects.all()) for name, model in FORM_TERMS.items()}
    lists["near_municipalities"] = tuple(m for m in lists["municipalities"]
                                         if m.latitude is not None)
    terms = SimpleNamespace(**lists, options={})
    with _lock:
        _memo.update(token=token, terms=terms)
    return terms


def changed(sender, **kwargs):
    """A term (or a life situation of the needs finder, whose titles forms list too) was saved
    or deleted: every process reads the lists again."""
    if issubclass(sender, (Taxonomy, LifeSituation)):
        caching.replace_token(VERSION_KEY)


def _label(name):
    return str if name == "service_types" else attrgetter("name")


def options(lists, name, selected=""):
    """The ``<option>``s of one list of ``lists`` (a ``form_terms()``), the ``selected`` code
    marked: rendered once per process and version of the terms (a select lists up to some
    hundred municipalities), then one string replacement per request."""
    rendered = lists.options.get(name)
    if rendered is None:
        label = _label(name)
        rendered = "".join(format_html('<option value="{}">{}</option>', item.code, label(item))
                           for item in getattr(lists, name))
        # Two requests may both render it; either result is the same.
        lists.options[name] = rendered
    if selected:
        needle = format_html('<option value="{}">', selected)
        rendered = rendered.replace(needle, needle[:-1] + " selected>", 1)
    return mark_safe(rendered)  # noqa: S308 - built with format_html
