"""Measures of a plan point at services of the catalogue: only published ones show."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories.catalogue import CatalogueIndexPageFactory, ServiceFactory
from tests.factories.plans import CommunityPlanPageFactory, measure, priority

pytestmark = pytest.mark.django_db


def plan_with(section_page, slug, services_per_measure):
    measures = [measure(n, related_services=list(services))
                for n, services in enumerate(services_per_measure, start=1)]
    return CommunityPlanPageFactory(parent=section_page, slug=slug,
                                    priorities=[priority(1, measures)])


def test_published_services_link_to_the_catalogue_and_drafts_stay_hidden(client, section_page,
                                                                           home_page):
    catalogue = CatalogueIndexPageFactory(parent=home_page)
    live = ServiceFactory(name="Pečovatelská služba Kelč")
    draft = ServiceFactory(name="Tajný koncept služby", live=False)
    plan = plan_with(section_page, "plan", [[live, draft]])

    html = BeautifulSoup(client.get(plan.url).content, "html.parser")
    link = html.find("a", string="Pečovatelská služba Kelč")
    assert link["href"] == catalogue.service_url(live)
    assert "Tajný koncept služby" not in html.get_text()

    data = client.get(f"/api/v3/pages/{plan.pk}/").json()
    related = data["priority_list"][0]["measures"][0]["related_services"]
    assert related == [{"id": live.pk, "name": "Pečovatelská služba Kelč"}]


def test_related_services_do_not_add_queries_per_measure(client, section_page, home_page):
    CatalogueIndexPageFactory(parent=home_page)
    services = [ServiceFactory() for _ in range(3)]
    small = plan_with(section_page, "maly", [services] * 5)
    big = plan_with(section_page, "velky", [services] * 100)
    counts = {}
    # Warm: each page's header and breadcrumbs are kept on its first view.
    for name, page in [("warm", small), ("warm", big), ("small", small), ("big", big)]:
        for url in (page.url, f"/api/v3/pages/{page.pk}/"):
            with CaptureQueriesContext(connection) as context:
                assert client.get(url).status_code == 200
            counts[(name, url.startswith("/api"))] = len(context.captured_queries)
    assert counts[("small", False)] == counts[("big", False)]
    assert counts[("small", True)] == counts[("big", True)]


def test_openapi_types_the_related_services():
    from django.test import Client

    schemas = Client().get("/api/v3/openapi.json").json()["components"]["schemas"]
    assert set(schemas["RelatedServiceOut"]["properties"]) == {"id", "name"}
