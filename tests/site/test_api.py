"""The site's pages in Wagtail's v3 API: anonymous reads of live pages, typed fields."""

import pytest

from tests.factories.site import (
    NewsIndexPageFactory,
    NewsPageFactory,
    ProjectActivityFactory,
    ProjectPageFactory,
    TextPageFactory,
)

pytestmark = pytest.mark.django_db


def test_openapi_document_and_docs_are_served(client):
    document = client.get("/api/v3/openapi.json").json()
    assert document["openapi"].startswith("3.")
    assert any(path.startswith("/api/v3/pages/") for path in document["paths"])
    docs = client.get("/api/v3/docs/")
    assert docs.status_code == 200
    # Swagger UI comes from django-ninja's own static files, never a CDN.
    assert b"cdn." not in docs.content


def test_anonymous_listing_shows_live_pages_only(client, home_page):
    TextPageFactory(parent=home_page, title="Veřejná")
    draft = TextPageFactory(parent=home_page, title="Koncept")
    draft.unpublish()
    titles = [item["title"] for item in client.get("/api/v3/pages/").json()["items"]]
    assert "Veřejná" in titles
    assert "Koncept" not in titles


def detail(client, page):
    response = client.get(f"/api/v3/pages/{page.pk}/")
    assert response.status_code == 200, response.content
    return response.json()


def test_project_page_fields_in_api(client, home_page):
    project = ProjectPageFactory(parent=home_page)
    ProjectActivityFactory(page=project, title="Akční plány")
    data = detail(client, project)
    assert data["meta"]["type"] == "projects.ProjectPage"
    assert data["registration_number"] == "CZ.1.04/3.1.03/65.00042"
    assert data["start_date"] == "2011-04-01"
    assert float(data["eu_amount"]) == pytest.approx(1677718.10)
    assert [a["title"] for a in data["activities"]] == ["Akční plány"]


def test_news_and_text_fields_in_api(client, home_page):
    index = NewsIndexPageFactory(parent=home_page)
    news = NewsPageFactory(parent=index, intro="Shrnutí")
    assert detail(client, news)["intro"] == "Shrnutí"
    text = TextPageFactory(parent=home_page)
    body = detail(client, text)["body"]
    assert body[0]["type"] == "paragraph"


def test_home_page_in_api(client, home_page):
    assert "intro" in detail(client, home_page)


def test_unpublished_page_detail_is_404_for_anonymous(client, home_page):
    draft = TextPageFactory(parent=home_page)
    draft.unpublish()
    assert client.get(f"/api/v3/pages/{draft.pk}/").status_code == 404


def test_cors_allows_configured_origins_only(client, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://app.example.cz"]
    allowed = client.get("/api/v3/pages/", HTTP_ORIGIN="https://app.example.cz")
    assert allowed["Access-Control-Allow-Origin"] == "https://app.example.cz"
    other = client.get("/api/v3/pages/", HTTP_ORIGIN="https://evil.example")
    assert "Access-Control-Allow-Origin" not in other
