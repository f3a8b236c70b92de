"""The body of a service's detail page (facts, contacts, places with their hours and
accessibility), kept rendered in the shared cache per version of the service, as its card is
(``cards.py``).

Loading one service with the dozen relations the body shows cost a detail page most of its
time on a miss (building the prefetch queries, not running them). With the body kept, a detail
page reads the service's row, then the cache. Besides the service's version (``stamps.py``) the
key names what else the body shows: the catalogue page's address (links to the provider and the
tags), whether problems are reported (the stale flag) and the day (the flag's age limit, the
coming exceptions of the opening hours). It is kept as long as a cached page
(``KP_CATALOGUE_CACHE_SECONDS``): the body says as of what minute it tells whether a place is
open, as a cached page always did.
"""

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from kp_catalogue.public.stamps import kept

TEMPLATE = "kp_catalogue/includes/service_detail_body.html"


def _render(page, service, request):
    return render_to_string(TEMPLATE, {"page": page, "service": service, "request": request})


def detail_body(page, service, request, load):
    """The body's HTML for ``service`` (its row, with its provider). ``load(pk)`` returns the
    service with every relation the body reads, asked only when the body is not kept."""
    bodies = kept(
        "detail", [(service.pk, service.updated_at, service.provider.updated_at)],
        lambda pks: {service.pk: _render(page, load(service.pk), request)},
        page.pk, page.base_url, bool(service.has_open_reports), timezone.localdate().isoformat())
    return mark_safe(bodies[service.pk])  # noqa: S308 - rendered by our template
