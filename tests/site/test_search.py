"""The site-wide search: accent- and case-insensitive on both databases, only what is public."""

import pytest
from bs4 import BeautifulSoup
from wagtail.models import PageViewRestriction

from tests.factories.catalogue import CatalogueIndexPageFactory, ServiceFactory
from tests.factories.site import TextPageFactory

pytestmark = pytest.mark.django_db


def found(client, query, **params):
    response = client.get("/hledat/", {"q": query, **params})
    assert response.status_code == 200
    html = BeautifulSoup(response.content, "html.parser")
    return [a.get_text(strip=True) for a in html.select(".search-results__title a")]


@pytest.fixture
def pages(home_page):
    return {
        "seniors": TextPageFactory(parent=home_page, title="Služby pro seniory v Kelči"),
        "care": TextPageFactory(parent=home_page, title="Pečovatelská služba"),
    }


@pytest.mark.parametrize("query", ["Pečovatelská", "pecovatelska", "PEČOVATELSKÁ", "pečovatelska"])
def test_diacritics_and_case_do_not_matter(client, pages, query):
    assert found(client, query) == ["Pečovatelská služba"]


def test_a_word_without_accents_finds_the_accented_one(client, pages):
    assert found(client, "kelci") == ["Služby pro seniory v Kelči"]


def test_the_beginning_of_a_word_finds_a_title(client, pages):
    response = client.get("/hledat/", {"q": "senior"})
    assert found(client, "senior") == ["Služby pro seniory v Kelči"]
    assert "tyto názvy jimi začínají" in response.content.decode()


def test_drafts_and_restricted_pages_are_not_found(client, home_page, pages):
    draft = TextPageFactory(parent=home_page, title="Pečovatelská služba – koncept")
    draft.unpublish()
    private = TextPageFactory(parent=home_page, title="Pečovatelská služba – interní")
    PageViewRestriction.objects.create(page=private, restriction_type="password",
                                       password="tajne")
    assert found(client, "pecovatelska") == ["Pečovatelská služba"]


def test_empty_query_shows_only_the_form(client, pages):
    html = BeautifulSoup(client.get("/hledat/").content, "html.parser")
    assert html.select_one("form[role=search] input[name=q]") is not None
    assert not html.select("#search-pages")


def test_nothing_found_is_said_in_czech(client, pages):
    response = client.get("/hledat/", {"q": "xyzzy"})
    assert "Hledanému výrazu „xyzzy“ neodpovídá žádná stránka." in response.content.decode()


def test_the_query_is_escaped(client, pages):
    response = client.get("/hledat/", {"q": "<script>alert(1)</script>"})
    assert b"<script>alert(1)</script>" not in response.content
    assert b"&lt;script&gt;" in response.content


def test_every_page_has_a_search_form_in_its_header(client, home_page):
    html = BeautifulSoup(client.get(home_page.url).content, "html.parser")
    form = html.select_one("header form[role=search]")
    assert form["action"] == "/hledat/" and form["method"] == "get"
    assert html.select_one(f"label[for={form.input['id']}]") is not None


def test_query_count_does_not_grow_with_the_results(client, home_page):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries_with(total):
        while home_page.get_children().count() < total:
            number = home_page.get_children().count()
            TextPageFactory(parent=home_page, title="Dobrovolnictví v sociálních službách",
                            slug=f"dobrovolnictvi-{number}")
        found(client, "dobrovolnictvi")  # fills per-process caches (the site's root paths)
        with CaptureQueriesContext(connection) as captured:
            assert len(found(client, "dobrovolnictvi")) == min(total, 10)
        return len(captured.captured_queries)

    assert queries_with(3) == queries_with(30)


def test_published_services_of_the_catalogue_are_listed_with_links(client, home_page):
    catalogue = CatalogueIndexPageFactory(parent=home_page)
    service = ServiceFactory(name="Pečovatelská služba Kelč")
    ServiceFactory(name="Pečovatelská služba – nezveřejněná", live=False)
    response = client.get("/hledat/", {"q": "pecovatelska"})
    html = BeautifulSoup(response.content, "html.parser")
    section = html.select_one("section[aria-labelledby=search-services]")
    links = {a.get_text(strip=True): a["href"] for a in section.select("li a")}
    assert links == {"Pečovatelská služba Kelč": catalogue.service_url(service)}
    more = section.select("p a")[-1]
    assert more["href"] == f"{catalogue.url}?q=pecovatelska"
    assert "nezveřejněná" not in response.content.decode()


def test_results_are_headed_pages_not_pagination(client, pages):
    html = BeautifulSoup(client.get("/hledat/", {"q": "kelci"}).content, "html.parser")
    assert html.select_one("#search-pages").get_text(strip=True) == "Stránky"
