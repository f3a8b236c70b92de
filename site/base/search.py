"""The site-wide search page: published public pages, and services from the catalogue."""

import re

from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET
from wagtail.models import Page

from kp_catalogue.public.filtering import ServiceFilter, public_services
from kp_catalogue.public.page import CatalogueIndexPage

PAGE_SIZE = 10
SERVICES_SHOWN = 5


CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Everything but letters and digits: quotes, brackets, *, ^, : and - are full-text syntax on
# SQLite (FTS5) and an unbalanced quote is an SQL error there.
NOT_A_WORD = re.compile(r"[\W_]+")
OPERATORS = {"AND", "OR", "NOT", "NEAR"}


def clean_query(raw):
    """What the visitor typed, without control characters (PostgreSQL refuses NUL)."""
    return " ".join(CONTROL.sub(" ", raw or "").split())[:200]


def search_terms(raw):
    """Plain words for Wagtail's search on any database: what is not a word is a space, and the
    FTS5 operators in capitals become ordinary words (the search ignores case anyway)."""
    words = NOT_A_WORD.sub(" ", clean_query(raw)).split()
    return " ".join(word.lower() if word in OPERATORS else word for word in words)


def page_results(query):
    """Whole words first; when no page has them, titles that start with what was typed, so
    "senior" still finds "Služby pro seniory"."""
    pages = Page.objects.live().public().filter(depth__gt=1)
    results = pages.search(query, operator="and")
    if results.count():
        return results, False
    return pages.autocomplete(query, operator="and"), True


def service_results(query):
    catalogue = CatalogueIndexPage.objects.live().public().first()
    if catalogue is None:
        return None
    services = ServiceFilter(q=query).apply(public_services())
    return {
        "catalogue": catalogue,
        "count": services.count(),
        "items": [(service, catalogue.service_url(service))
                  for service in services[:SERVICES_SHOWN]],
    }


@require_GET
def search(request):
    query = clean_query(request.GET.get("q"))
    context = {"query": query}
    if query:
        terms = search_terms(query)
        results, partial = page_results(terms) if terms else ([], False)
        context.update({
            "results": Paginator(results, PAGE_SIZE).get_page(request.GET.get("strana")),
            "partial": partial,
            "services": service_results(query),
            "querystring": urlencode({"q": query}),
        })
    return TemplateResponse(request, "search/search_results.html", context)
