"""The catalogue page, the map and the API list cost the same number of queries for 5 or 500
services."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kp_catalogue.models import Service
from tests.factories.catalogue import LocationFactory, ProviderFactory, ServiceFactory

pytestmark = pytest.mark.django_db


def build(count, start=0):
    # One provider for all: an N+1 on providers would still show, since Django loads the
    # provider of each row separately unless the query joins or prefetches it.
    provider = Service.objects.first().provider if start else ProviderFactory()
    for number in range(start, start + count):
        service = ServiceFactory(name=f"Služba {number:03d}", provider=provider,
                                 provisions=[{"form": "ter"}, {"form": "amb", "available": 2}])
        LocationFactory(service=service)
        service.tags.add("doprava")


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
    build(495, start=5)
    large = measure(client, catalogue)
    print(f"queries for 5 services: {small}; for 500: {large}")
    assert small == large
    # The 500 listing really rendered 500 cards, not a truncated page.
    assert client.get(catalogue.url).content.decode().count('class="card service-card"') == 500
