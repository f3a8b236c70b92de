"""The services API's list items come from per-service summaries in the shared cache, keyed by
each service's own change stamps, so a new filter reuses them and no edit can leave one stale
(kp_catalogue/api/summaries.py)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kp_catalogue.models import Provider, Service, TargetGroup
from tests.factories.catalogue import ServiceFactory

pytestmark = pytest.mark.django_db

URL = "/api/v3/catalogue/services/"


@pytest.fixture
def cached(settings):
    settings.KP_CATALOGUE_CACHE_SECONDS = 600


@pytest.fixture
def services(db):
    return [ServiceFactory(name=f"Pečovatelská služba {number}") for number in range(5)]


def names(client, query=""):
    return [item["name"] for item in client.get(URL + query).json()["items"]]


def test_a_new_filter_reuses_the_summaries_built_for_another(client, cached, services):
    with CaptureQueriesContext(connection) as first:
        everything = client.get(URL).json()["items"]
    # Another query string misses the response cache, but not the five summaries.
    with CaptureQueriesContext(connection) as second:
        searched = client.get(URL + "?q=pecovatelska").json()["items"]
    assert sorted(item["id"] for item in searched) == sorted(s.pk for s in services)
    relation_queries = [q for q in second if "_prefetch_related_val" in q["sql"]]
    assert relation_queries == [] and len(second) < len(first)
    assert {item["id"]: item for item in searched} == {item["id"]: item for item in everything}


def test_the_cached_items_equal_the_uncached_ones(client, settings, services):
    settings.KP_CATALOGUE_CACHE_SECONDS = 0
    uncached = client.get(URL + "?limit=3&offset=1").json()
    settings.KP_CATALOGUE_CACHE_SECONDS = 600
    client.get(URL)  # fills the summaries
    assert client.get(URL + "?limit=3&offset=1").json() == uncached


def test_every_kind_of_edit_shows_at_once(client, cached, services):
    first = services[0]
    assert names(client).count("Pečovatelská služba 0") == 1
    # A save (an editor, a published draft, an import) moves the stamp.
    first.name = "Pečovatelská služba Nová"
    first.save()
    assert "Pečovatelská služba Nová" in names(client, "?limit=10")
    # A quick update that only moves the stamp (confirmations, free places).
    Service.objects.filter(pk=first.pk).update(name="Pečovatelská služba Tichá",
                                               updated_at=timezone.now())
    assert "Pečovatelská služba Tichá" in names(client, "?limit=11")
    # The provider's name, through the provider's stamp.
    provider = Provider.objects.get(pk=first.provider_id)
    provider.name = "Charita Nová"
    provider.save()
    items = client.get(URL + "?limit=12").json()["items"]
    assert {item["provider"]["name"] for item in items if item["id"] == first.pk} == {
        "Charita Nová"}
    # A code list's name, through the terms' version.
    group = TargetGroup.objects.get(code="24")
    group.name = "Senioři a seniorky"
    group.save()
    items = client.get(URL + "?limit=13").json()["items"]
    assert all(item["target_groups"][0]["name"] == "Senioři a seniorky" for item in items)


def test_an_unpublished_service_drops_out_even_with_its_summary_stored(client, cached,
                                                                        services):
    client.get(URL)
    services[1].unpublish()
    Service.objects.filter(pk=services[2].pk).update(live=False)
    ids = [item["id"] for item in client.get(URL + "?limit=14").json()["items"]]
    assert services[1].pk not in ids and services[2].pk not in ids and len(ids) == 3


@pytest.mark.parametrize("seconds", [0, 600])
def test_the_list_is_byte_for_byte_what_the_list_schema_writes(client, settings, seconds):
    # The items are kept as JSON texts and joined (api/summaries.py, json_list); the answer must
    # be what validating and serialising the whole list with its schema gives, escaping included.
    from kp_catalogue.api.read import ServiceListOut, service_summary, summary_services

    settings.KP_CATALOGUE_CACHE_SECONDS = seconds
    odd = [ServiceFactory(name=name) for name in (
        'Služba "v uvozovkách" \\ zpětné lomítko', "Řádek\nnový řádek", "Emoji 🙂 a <b>tag</b>")]
    for query in ("?limit=2&offset=1", "?limit=100", "?q=nic-takoveho-neexistuje"):
        client.get(URL + query)  # the second request answers from the kept items
        response = client.get(URL + query)
        ids = [item["id"] for item in response.json()["items"]]
        loaded = {service.pk: service for service in summary_services(ids)}
        expected = ServiceListOut.model_validate({
            "items": [service_summary(loaded[pk]) for pk in ids],
            "count": response.json()["count"],
        }).model_dump_json(by_alias=True)
        assert response.content.decode() == expected
        assert response["Content-Type"] == "application/json; charset=utf-8"
    assert client.get(URL + "?limit=100").json()["count"] == len(odd)
