"""The catalogue page, the map and the API list cost the same number of queries for 5 or 500
services."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories.catalogue import LocationFactory, ServiceFactory

pytestmark = pytest.mark.django_db


def build(count):
    for number in range(count):
        service = ServiceFactory(name=f"Služba {number:03d}",
                                 provisions=[{"form": "ter"}, {"form": "amb", "available": 2}])
        LocationFactory(service=service)
        service.tags.add("doprava")
        service.save()


def count_queries(client, url):
    client.get(url)  # warm caches (site root paths, translations)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


CATALOGUE_SUFFIXES = ["", "?q=sluzba&volna_mista=1", "tisk/", "mapa/", "mapa/geojson/"]
API_URL = "/api/v3/catalogue/services/?limit=100"


def measure(client, catalogue):
    counts = {suffix: count_queries(client, catalogue.url + suffix)
              for suffix in CATALOGUE_SUFFIXES}
    counts["api"] = count_queries(client, API_URL)
    return counts


def test_catalogue_views_and_api_list_run_constant_queries(client, catalogue):
    catalogue.per_page = 500
    catalogue.save()
    build(5)
    small = measure(client, catalogue)
    build(495)
    large = measure(client, catalogue)
    print(f"queries for 5 services: {small}; for 500: {large}")
    assert small == large
    # The 500 listing really rendered 500 cards, not a truncated page.
    assert client.get(catalogue.url).content.decode().count('class="card service-card"') == 500
