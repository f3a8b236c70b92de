"""A page request gets its Wagtail Site from memory (kpsite/base/site_lookup.py): the same Site
Wagtail would find, each request its own copy, and any change to the sites seen at once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, Site

from kpsite.base import navigation
from tests.factories.site import HomePageFactory, TextPageFactory

pytestmark = pytest.mark.django_db


def site_queries(client, url="/", **extra):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **extra)
    assert response.status_code == 200
    # Wagtail's look-up by host ranks the sites by how well they match (not the site root
    # paths, which Wagtail keeps in the cache itself).
    return response, [q for q in queries
                      if 'FROM "wagtailcore_site"' in q["sql"] and "CASE WHEN" in q["sql"]]


def test_pages_find_their_site_without_a_query_after_the_first(client, home_page):
    TextPageFactory(parent=home_page, title="O nás", slug="o-nas")
    site_queries(client)
    response, queries = site_queries(client, "/o-nas/")
    assert queries == []
    assert "O nás" in response.content.decode()


def test_each_host_gets_its_own_site_and_changes_show_at_once(client, home_page):
    other_home = HomePageFactory(parent=Page.get_first_root_node(), title="Druhý web",
                                 slug="druhy")
    Site.objects.create(hostname="druhy.example", port=80, root_page=other_home,
                        site_name="Druhý")
    assert "<h1>Úvod</h1>" in site_queries(client)[0].content.decode()
    other = site_queries(client, HTTP_HOST="druhy.example")[0].content.decode()
    assert "<h1>Druhý web</h1>" in other
    # The default site moves to another root: the next request follows.
    site = Site.objects.get(is_default_site=True)
    site.root_page = other_home
    site.save()
    assert "<h1>Druhý web</h1>" in site_queries(client)[0].content.decode()


def test_requests_never_share_the_page_they_route_to(rf, home_page):
    first, second = rf.get("/"), rf.get("/")
    site_a, site_b = navigation.site_for(first), navigation.site_for(second)
    assert site_a.pk == site_b.pk == Site.objects.get(is_default_site=True).pk
    assert site_a is not site_b
    assert site_a.root_page is not site_b.root_page
    specific = site_a.root_page.specific
    assert specific.pk == home_page.pk
    assert "specific" not in vars(site_b.root_page)


def test_an_unknown_host_falls_back_as_wagtail_does(rf, home_page):
    request = rf.get("/", HTTP_HOST="jinde.example")
    assert navigation.site_for(request).pk == Site._find_for_request(
        rf.get("/", HTTP_HOST="jinde.example")).pk
    Site.objects.all().delete()
    assert navigation.site_for(rf.get("/", HTTP_HOST="jinde.example")) is None
