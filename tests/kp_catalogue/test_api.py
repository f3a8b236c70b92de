"""The catalogue's routers in Wagtail's v3 API: published data only, typed, documented."""

import pytest

from kp_catalogue.models import Municipality, ServiceType, TargetGroup
from tests.factories.catalogue import ContactFactory, LocationFactory, ServiceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def openapi(client):
    return client.get("/api/v3/openapi.json").json()


def resolve(document, schema):
    if "$ref" in schema:
        return document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def response_schema(document, path):
    operation = document["paths"][path]["get"]
    return resolve(document, operation["responses"]["200"]["content"]["application/json"]["schema"])


def test_catalogue_routes_are_in_the_openapi_document(openapi):
    for path in ["/api/v3/catalogue/services/", "/api/v3/catalogue/services/{service_id}/",
                 "/api/v3/catalogue/providers/", "/api/v3/catalogue/providers/{provider_id}/",
                 "/api/v3/catalogue/taxonomies/"]:
        assert "get" in openapi["paths"][path], path


def test_schemas_are_typed_and_hold_no_private_fields(openapi):
    listing = response_schema(openapi, "/api/v3/catalogue/services/")
    assert set(listing["properties"]) == {"items", "count"}
    detail = response_schema(openapi, "/api/v3/catalogue/services/{service_id}/")
    properties = detail["properties"]
    assert {"name", "provider", "service_type", "target_groups", "provisions", "locations",
            "contacts", "has_secret_location", "assured_date"} <= set(properties)
    assert properties["assured_date"]["anyOf"][0]["format"] == "date"
    location = resolve(openapi, properties["locations"]["items"])
    assert "secret_address" not in location["properties"]
    contact = resolve(openapi, properties["contacts"]["items"])
    assert set(contact["properties"]) == {"name", "title", "email", "phone"}
    forbidden = {"live", "latest_revision", "search_text", "is_public", "secret_address",
                 "has_unpublished_changes", "locked_by"}
    assert not forbidden & set(properties)
    parameters = {p["name"] for p in openapi["paths"]["/api/v3/catalogue/services/"]["get"][
        "parameters"]}
    assert {"q", "category", "service_type", "target_group", "form", "municipality", "tag",
            "has_free_capacity", "limit", "offset"} <= parameters


def test_list_filters_search_and_paging(client):
    kelc = Municipality.objects.get(code="kelc")
    for number in range(3):
        ServiceFactory(name=f"Pečovatelská služba {number}", service_areas=[kelc])
    ServiceFactory(name="Raná péče Zašová", service_type=ServiceType.objects.get(code="p54"),
                   target_groups=[TargetGroup.objects.get(code="rodiny-deti-mladez")])
    data = client.get("/api/v3/catalogue/services/?q=PECOVATELSKA&limit=2").json()
    assert data["count"] == 3 and len(data["items"]) == 2
    rest = client.get("/api/v3/catalogue/services/?q=pecovatelska&limit=2&offset=2").json()
    assert len(rest["items"]) == 1
    assert {i["name"] for i in data["items"] + rest["items"]} == {
        f"Pečovatelská služba {n}" for n in range(3)}
    assert client.get("/api/v3/catalogue/services/?municipality=kelc").json()["count"] == 3
    prevention = client.get("/api/v3/catalogue/services/?category=prevention").json()
    assert [i["name"] for i in prevention["items"]] == ["Raná péče Zašová"]
    assert client.get("/api/v3/catalogue/services/?target_group=rodiny-deti-mladez"
                      ).json()["count"] == 1
    assert client.get("/api/v3/catalogue/services/?limit=1000").status_code == 422


def test_detail_hides_secret_locations_and_private_contacts(client):
    service = ServiceFactory()
    LocationFactory(service=service, address_1="Tajná 7", latitude="49.111111",
                    secret_address=True)
    ContactFactory(service=service, name="Soukromý Kontakt", is_public=False)
    body = client.get(f"/api/v3/catalogue/services/{service.pk}/").content.decode()
    assert "Tajná 7" not in body and "49.111111" not in body and "Soukromý" not in body
    assert '"has_secret_location":true' in body.replace(" ", "")


def test_anonymous_reads_ignore_a_session(client, admin_user):
    draft = ServiceFactory(live=False)
    client.force_login(admin_user)
    assert client.get(f"/api/v3/catalogue/services/{draft.pk}/").status_code == 404


def test_taxonomies_and_providers(client):
    service = ServiceFactory()
    ServiceFactory(live=False)  # its provider has nothing public
    taxonomies = client.get("/api/v3/catalogue/taxonomies/").json()
    assert len(taxonomies["service_types"]) == 34
    assert {"code": "pob", "name": "pobytová"} in taxonomies["forms"]
    providers = client.get("/api/v3/catalogue/providers/").json()
    assert [p["ico"] for p in providers["items"]] == [service.provider.ico]
    detail = client.get(f"/api/v3/catalogue/providers/{service.provider.pk}/").json()
    assert detail["ico"] == service.provider.ico
