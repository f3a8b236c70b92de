"""No input gives a 5xx: every integer parameter of every route we mount, with huge, negative and
non-numeric values, and every search with quotes, NUL and full-text operators.

The routes come from the URL resolver (Django path converters) and from the OpenAPI document
(every query and path parameter of every GET, Wagtail's stock routes included), so a new route
is tried without editing this file. It runs on SQLite here and on PostgreSQL in CI.
"""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests.factories.catalogue import ServiceFactory
from tests.factories.consultation import ConsultedPageFactory

pytestmark = pytest.mark.django_db

BAD_INTEGERS = ["99999999999999999999999", str(2**63), "-1", "-99999999999999999999", "x1",
                str(2**63 - 1), str(-(2**63) + 1), str(2**62),
                "1e5", ""]
NUMERIC = [value for value in BAD_INTEGERS if value.lstrip("-").isdigit()]
BAD_SEARCHES = ['a"', "x\x00y", '"', "*", "OR", "a OR b", "(", ")", "NOT a", "a AND", "NEAR(a b)",
                "'", "\\", "%", "_", "a:b", "^a", "-a", "+a", "{a}", "a" * 300]
UNDOCUMENTED = {"id", "page", "per_page", "offset", "limit", "provider", "child_of",
                "descendant_of", "taxonomy_term_id", "organization_id"}
HSDS_LISTS = ["services", "organizations", "taxonomies", "taxonomy_terms", "service_at_locations"]


@pytest.fixture
def data(home_page):
    draft = ConsultedPageFactory(parent=home_page, slug="navrh")
    service = ServiceFactory()
    return {"page_id": draft.pk, "service_id": service.pk, "provider_id": service.provider_id}


def django_routes(resolvers=None, prefix=""):
    """(route text, names of its integer converters) for every pattern outside the admin."""
    for pattern in resolvers if resolvers is not None else get_resolver().url_patterns:
        text = prefix + str(pattern.pattern)
        if text.startswith(("admin/", "django-admin/", "api/v3/")):
            continue
        if isinstance(pattern, URLResolver):
            yield from django_routes(pattern.url_patterns, text)
        elif isinstance(pattern, URLPattern):
            names = re.findall(r"<int:(\w+)>", text)
            if names:
                yield text, names


def fill(route, values):
    def replace(match):
        kind, name = match.group(1), match.group(2)
        return str(values.get(name, "1" if kind == "int" else "csv"))
    return "/" + re.sub(r"<(\w+):(\w+)>", replace, route).lstrip("^").rstrip("$")


def openapi_gets(client):
    document = client.get("/api/v3/openapi.json").json()
    for path, operations in document["paths"].items():
        if "get" in operations:
            yield path, operations["get"].get("parameters", [])


def integer_parameter(parameter):
    schema = parameter.get("schema", {})
    options = [schema, *schema.get("anyOf", [])]
    return any(option.get("type") == "integer" for option in options)


class Tries:
    """Collects every 5xx so one run lists them all."""

    def __init__(self, client):
        client.raise_request_exception = False
        self.client, self.failures = client, []

    def get(self, url, **params):
        response = self.client.get(url, params)
        if response.status_code >= 500:
            self.failures.append((url, params, response.status_code))
        return response


def test_the_walk_finds_the_routes_named_in_the_issue(client, data):
    routes = dict(openapi_gets(client))
    names = {(path, p["name"]) for path, params in routes.items() for p in params}
    for expected in [("/api/v3/catalogue/services/", "offset"),
                     ("/api/v3/catalogue/services/", "provider"),
                     ("/api/v3/hsds/services", "page"), ("/api/v3/hsds/services", "per_page"),
                     ("/api/v3/hsds/services", "taxonomy_term_id"),
                     ("/api/v3/hsds/services", "organization_id"),
                     ("/api/v3/pages/", "child_of"), ("/api/v3/pages/", "descendant_of"),
                     ("/api/v3/images/", "limit"),
                     ("/api/v3/documents/", "offset")]:
        assert expected in names, expected
    assert any("pripominka" in route for route, _names in django_routes())


def test_every_integer_query_parameter_of_the_api(client, data):
    tries = Tries(client)
    for path, parameters in openapi_gets(client):
        url = re.sub(r"\{(\w+)\}", lambda m: str(data.get(m.group(1), 1)), path)
        names = {p["name"] for p in parameters if p["in"] == "query" and integer_parameter(p)}
        # Undocumented ones too: Wagtail filters listings by field (?id=), and a client may
        # send any name.
        for name in names | UNDOCUMENTED:
            for value in BAD_INTEGERS:
                tries.get(url, **{name: value})
    assert tries.failures == []


def test_every_integer_path_parameter_of_the_api(client, data):
    tries = Tries(client)
    for path, parameters in openapi_gets(client):
        names = [p["name"] for p in parameters if p["in"] == "path"]
        for name in names:
            for value in NUMERIC:
                url = re.sub(r"\{(\w+)\}", lambda m, name=name, value=value: (
                    value if m.group(1) == name else str(data.get(m.group(1), 1))), path)
                tries.get(url)
    assert tries.failures == []


def test_canonical_hsds_routes(client, data):
    tries = Tries(client)
    for name in HSDS_LISTS:
        for parameter in ["page", "per_page", "taxonomy_term_id", "organization_id"]:
            for value in BAD_INTEGERS:
                tries.get(f"/api/hsds/{name}", **{parameter: value})
    for value in NUMERIC:
        tries.get(f"/api/hsds/services/{value}")
        tries.get(f"/api/hsds/organizations/{value}")
    assert tries.failures == []


def test_django_routes_with_integer_converters(client, data):
    tries = Tries(client)
    for route, names in django_routes():
        for name in names:
            for value in NUMERIC:
                url = fill(route, {**{n: data.get(n, 1) for n in names}, name: value})
                tries.get(url)
                if client.post(url, {}).status_code >= 500:
                    tries.failures.append((url, "POST"))
    assert tries.failures == []


def test_huge_integers_answer_a_czech_problem_document(client, data):
    response = client.get("/api/v3/catalogue/services/", {"offset": str(2**70)})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    assert "celé číslo" in response.json()["detail"]
    pages = client.get("/api/v3/pages/", {"child_of": str(2**70)})
    assert pages.status_code == 400


@pytest.mark.parametrize("query", BAD_SEARCHES)
def test_site_search_accepts_any_string(client, data, query):
    client.raise_request_exception = False
    response = client.get("/hledat/", {"q": query})
    assert response.status_code == 200


@pytest.mark.parametrize("query", BAD_SEARCHES)
def test_api_search_accepts_any_string(client, data, query):
    client.raise_request_exception = False
    for url in ["/api/v3/pages/", "/api/v3/images/", "/api/v3/documents/",
                "/api/v3/catalogue/services/"]:
        response = client.get(url, {"search": query, "q": query})
        assert response.status_code < 500, (url, query, response.content[:300])


def admin_routes(resolvers=None, prefix=""):
    for pattern in resolvers if resolvers is not None else get_resolver().url_patterns:
        text = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from admin_routes(pattern.url_patterns, text)
        elif text.startswith(("admin/", "django-admin/")) and "<int:" in text:
            yield text


def test_admin_routes_with_integer_converters(admin_client, data):
    tries = Tries(admin_client)
    routes = sorted(set(admin_routes()))
    assert len(routes) > 50
    for route in routes:
        for value in (str(2**63), str(2**63 - 1)):
            tries.get(fill(route, {name: value for name in re.findall(r"<int:(\w+)>", route)}))
    assert tries.failures == []
