"""The "follow this municipality" link on the catalogue's pages: there where a person sees one
municipality's services, absent elsewhere, and absent (not broken) on a site without
following. kp_catalogue knows nothing of following: kp_plans lends it the link."""

import pytest
from bs4 import BeautifulSoup
from django.test import override_settings

from kp_catalogue import follow_links
from kp_catalogue.models import Municipality
from tests.factories.catalogue import (
    CatalogueIndexPageFactory,
    LifeSituationFactory,
    ServiceFactory,
)

pytestmark = pytest.mark.django_db

TEXT = "Sledovat změny v katalogu pro tuto obec"


@pytest.fixture
def catalogue(home_page):
    page = CatalogueIndexPageFactory(parent=home_page)
    ServiceFactory(name="Pečovatelská služba Kelč",
                   service_areas=[Municipality.objects.get(code="kelc")])
    return page


def follow_links_in(response):
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    return [a for a in page.select("a") if TEXT in a.get_text()]


def test_the_catalogue_filtered_by_one_municipality_offers_following_it(client, catalogue):
    town = Municipality.objects.get(code="kelc")
    [link] = follow_links_in(client.get(catalogue.url, {"obec": "kelc"}))
    assert link["href"] == f"/konzultace/odber/?tema=obec%3A{town.pk}"
    assert town.name in link.get_text()  # for a screen reader listing links
    form = client.get(link["href"])
    assert form.status_code == 200
    assert town.name in form.content.decode()


@pytest.mark.parametrize("query", [{}, {"obec": "neexistuje"}, {"q": "kelc"},
                                   {"skupina": "seniori"}])
def test_no_link_without_one_municipality(client, catalogue, query):
    assert follow_links_in(client.get(catalogue.url, query)) == []


def test_the_finders_results_for_a_municipality_offer_it_too(client, catalogue):
    LifeSituationFactory(title="Potřebuji pomoc doma", slug="pomoc-doma",
                         service_types=["p39", "p40"], forms=["ter"])
    town = Municipality.objects.get(code="kelc")
    finder = catalogue.url + "co-potrebuji/"
    [link] = follow_links_in(client.get(finder, {"situace": "pomoc-doma", "obec": "kelc",
                                                 "vek": "vse"}))
    assert link["href"].endswith(f"tema=obec%3A{town.pk}")
    # Before the municipality is chosen there is nothing to follow.
    assert follow_links_in(client.get(finder, {"situace": "pomoc-doma"})) == []


@override_settings(ROOT_URLCONF="tests.kp_plans.urls_without_following")
def test_a_site_without_following_shows_no_link_and_no_error(client, catalogue):
    response = client.get(catalogue.url, {"obec": "kelc"})
    assert follow_links_in(response) == []
    assert "Pečovatelská služba Kelč" in response.content.decode()


def test_the_catalogue_alone_shows_no_link(client, catalogue, monkeypatch):
    # Without kp_plans lending the link (kp_catalogue installed on its own).
    monkeypatch.setattr(follow_links, "_municipality_link", None)
    assert follow_links_in(client.get(catalogue.url, {"obec": "kelc"})) == []
