"""HSDS 3.1 API: real responses validated against the compiled schemas, public data only,
constant query counts, one OpenAPI document, and the open-data bundle."""

import io
import json
import zipfile
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from jsonschema import Draft202012Validator

from kp_catalogue.api.hsds import make_id
from kp_catalogue.models import Contact, Location, ServiceType, TargetGroup
from tests.factories.catalogue import ProviderFactory, ServiceFactory

pytestmark = pytest.mark.django_db
SCHEMAS = Path(__file__).parent / "hsds"
PAGE_KEYS = {"total_items", "total_pages", "page_number", "size", "first_page", "last_page",
             "empty", "contents"}


def validator(name):
    return Draft202012Validator(json.loads((SCHEMAS / f"{name}.json").read_text()))


def assert_valid(name, data):
    errors = sorted(validator(name).iter_errors(data), key=str)
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors[:5]]


@pytest.fixture
def services():
    provider = ProviderFactory(name="Charita Valašské Meziříčí", description="Katolická charita")
    shown = ServiceFactory(provider=provider, name="Pečovatelská služba Charity",
                           description="Pomoc doma", url="https://charita.example.cz/",
                           email="sluzba@charita.example.cz",
                           provisions=[{"form": "ter", "maximum": 50, "available": 5}])
    Location.objects.create(service=shown, name="Středisko", address_1="Kpt. Jaroše 1",
                            city="Valašské Meziříčí", postal_code="75701",
                            latitude=49.47, longitude=17.97)
    Location.objects.create(service=shown, name="Utajený azyl", address_1="Tajná 13",
                            city="Kelč", secret_address=True)
    Contact.objects.create(service=shown, name="Veřejná Koordinátorka", phone="571 000 001")
    Contact.objects.create(service=shown, name="Soukromý Kontakt", email="tajne@example.cz",
                           is_public=False)
    draft = ServiceFactory(name="Nepublikovaný koncept", live=False)
    other = ServiceFactory(name="Domov pro seniory Kelč",
                           service_type=ServiceType.objects.get(code="13"))
    return shown, draft, other


def test_every_route_validates_against_hsds(client, services):
    shown, _draft, _other = services
    root = client.get("/api/hsds/").json()
    assert root["version"] == "3.1" and root["openapi_url"].endswith("/api/v3/openapi.json")
    listing = client.get("/api/hsds/services").json()
    assert PAGE_KEYS <= set(listing) and listing["total_items"] == 2
    for item in listing["contents"]:
        assert_valid("service_list", item)
    detail = client.get(f"/api/hsds/services/{make_id('service', shown.pk)}").json()
    assert_valid("service", detail)
    assert detail["capacities"][0]["maximum"] == 50 and detail["capacities"][0]["available"] == 5
    organizations = client.get("/api/hsds/organizations").json()
    for item in organizations["contents"]:
        assert_valid("organization_list", item)
    organization = client.get(
        f"/api/hsds/organizations/{make_id('organization', shown.provider_id)}").json()
    assert_valid("organization", organization)
    locations = client.get("/api/hsds/service_at_locations").json()
    assert locations["total_items"] == 1
    for item in locations["contents"]:
        assert_valid("service_at_location_list", item)
    taxonomies = client.get("/api/hsds/taxonomies").json()
    assert {"Druhy sociálních služeb", "Cílové skupiny"} <= {
        t["name"] for t in taxonomies["contents"]}
    terms = client.get("/api/hsds/taxonomy_terms", {"per_page": 100}).json()
    assert terms["total_items"] > 40 and all({"id", "name", "description"} <= set(t)
                                              for t in terms["contents"])


def test_only_public_data(client, services):
    shown, draft, _other = services
    everything = "".join(json.dumps(client.get(url).json(), ensure_ascii=False) for url in [
        "/api/hsds/services", f"/api/hsds/services/{make_id('service', shown.pk)}",
        "/api/hsds/service_at_locations",
        f"/api/hsds/organizations/{make_id('organization', shown.provider_id)}",
    ])
    for secret in ["Tajná", "Utajený azyl", "Soukromý Kontakt", "tajne@example.cz",
                   "Nepublikovaný koncept"]:
        assert secret not in everything
    assert "Veřejná Koordinátorka" in everything
    assert client.get(f"/api/hsds/services/{make_id('service', draft.pk)}").status_code == 404
    assert client.get("/api/hsds/services/not-a-uuid").status_code == 404
    assert client.get(f"/api/hsds/services/{make_id('organization', shown.pk)}").status_code == 404


def test_query_parameters(client, services):
    shown, _draft, other = services
    def names(**params):
        return [s["name"] for s in client.get("/api/hsds/services", params).json()["contents"]]

    assert names(search="pecovatelska") == ["Pečovatelská služba Charity"]
    assert names(organization_id=make_id("organization", other.provider_id)) == [other.name]
    terms = client.get("/api/hsds/taxonomy_terms", {"per_page": 100}).json()["contents"]
    home_type = next(t["id"] for t in terms if t["taxonomy"] == "Druhy sociálních služeb"
                     and t["code"] == "13")
    assert names(taxonomy_term_id=home_type) == [other.name]
    seniors = next(t["id"] for t in terms if t["taxonomy"] == "Cílové skupiny"
                   and t["code"] == TargetGroup.objects.get(code="24").code)
    assert len(names(taxonomy_term_id=seniors)) == 2
    assert names(modified_after="2999-01-01T00:00:00Z") == []
    page = client.get("/api/hsds/services", {"per_page": 1, "page": 2}).json()
    assert (page["size"], page["page_number"], page["total_pages"], page["last_page"]) == (
        1, 2, 2, True)


def test_routes_are_in_the_single_openapi_document(client):
    paths = client.get("/api/v3/openapi.json").json()["paths"]
    for path in ["/api/v3/hsds/", "/api/v3/hsds/services", "/api/v3/hsds/services/{service_id}",
                 "/api/v3/hsds/organizations", "/api/v3/hsds/taxonomy_terms",
                 "/api/v3/hsds/service_at_locations"]:
        assert "get" in paths[path], path
    assert client.get("/api/v3/hsds/services").status_code == 200


def count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_query_counts_do_not_grow_with_rows(client):
    provider = ProviderFactory()
    for _ in range(3):
        # With a location from the start: a location's accessibility features are one more
        # prefetch query, which Django runs only when some location exists.
        Location.objects.create(service=ServiceFactory(provider=provider), name="Místo")
    urls = ["/api/hsds/services", "/api/hsds/service_at_locations", "/api/hsds/organizations",
            f"/api/hsds/organizations/{make_id('organization', provider.pk)}"]
    few = [count_queries(client, url) for url in urls]
    for _ in range(12):
        service = ServiceFactory(provider=provider)
        Location.objects.create(service=service, name="Místo", address_1="Ulice 1")
    assert [count_queries(client, url) for url in urls] == few


def test_open_data_bundle(client, services):
    response = client.get("/api/hsds/open-data.zip")
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert {"sluzby.csv", "sluzby.json", "poskytovatele.csv", "hsds/services.json",
            "README.txt"} <= set(archive.namelist())
    services_json = json.loads(archive.read("sluzby.json"))
    assert sorted(s["Název"] for s in services_json) == [
        "Domov pro seniory Kelč", "Pečovatelská služba Charity"]
    everything = b"".join(archive.read(name) for name in archive.namelist()).decode("utf-8-sig")
    for secret in ["Tajná", "Soukromý Kontakt", "Nepublikovaný koncept"]:
        assert secret not in everything
    for item in json.loads(archive.read("hsds/services.json")):
        assert_valid("service", item)
    # Cached until the catalogue changes.
    assert count_queries(client, "/api/hsds/open-data.zip") <= 2
    shown = services[0]
    shown.name = "Pečovatelská služba Charity VM"
    shown.save()
    again = zipfile.ZipFile(io.BytesIO(client.get("/api/hsds/open-data.zip").content))
    assert "Charity VM" in again.read("sluzby.csv").decode("utf-8-sig")


def test_modified_after_takes_any_iso_offset_on_every_database(client, services):
    """ISO 8601 allows offsets PostgreSQL refuses (beyond ±15:59): the same instant in UTC is
    asked for instead of a DataError. Found by schemathesis on PostgreSQL."""
    everything = client.get("/api/hsds/services").json()["total_items"]
    response = client.get("/api/hsds/services", {"modified_after": "0297-07-29T21:23:32.176-23:43"})
    assert response.status_code == 200
    assert response.json()["total_items"] == everything
    late = client.get("/api/hsds/services", {"modified_after": "2999-01-01T10:00:00+23:59"})
    assert (late.status_code, late.json()["total_items"]) == (200, 0)
    for edge in ("0001-01-01T00:00:00+23:00", "9999-12-31T23:59:59-23:00"):
        assert client.get("/api/hsds/services", {"modified_after": edge}).status_code == 422
