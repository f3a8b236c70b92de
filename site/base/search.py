"""The site-wide search page: published public pages, and services from the catalogue."""

from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET
from wagtail.models import Page

from kp_catalogue.public.filtering import ServiceFilter, public_services
from kp_catalogue.public.page import CatalogueIndexPage

PAGE_SIZE = 10
SERVICES_SHOWN = 5


def clean_query(raw):
    return " ".join((raw or "").split())[:200]


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
        results, partial = page_results(query)
        context.update({
            "results": Paginator(results, PAGE_SIZE).get_page(request.GET.get("strana")),
            "partial": partial,
            "services": service_results(query),
            "querystring": urlencode({"q": query}),
        })
    return TemplateResponse(request, "search/search_results.html", context)
