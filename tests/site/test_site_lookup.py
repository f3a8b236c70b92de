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
    # The root page comes in its specific type, and nothing in it is shared: what one request
    # renders from a StreamField (blocks converted, prefetched) or sets on the page stays its own.
    assert type(site_a.root_page).__name__ == type(site_b.root_page).__name__ == "HomePage"
    assert site_a.root_page.routes is not site_b.root_page.routes
    site_a.root_page.title = "Jen pro tento požadavek"
    list(site_a.root_page.routes)
    assert navigation.site_for(rf.get("/")).root_page.title == home_page.title


def home_queries(client, url="/"):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response, [q["sql"] for q in queries if '"home_homepage"' in q["sql"]]


def test_pages_route_from_the_home_page_without_reading_it_and_see_its_edits_at_once(
        client, home_page):
    page = TextPageFactory(parent=home_page, title="O nás", slug="o-nas")
    home_queries(client)
    # Wagtail reads the specific root page on every page request; it is kept with the Site.
    assert home_queries(client)[1] == []
    assert home_queries(client, page.url)[1] == []
    # A published edit of the home page replaces the token: the next request reads it again.
    home = home_page.specific
    home.title = "Nový úvod"
    home.save_revision().publish()
    response, queries = home_queries(client)
    assert "<h1>Nový úvod</h1>" in response.content.decode() and len(queries) == 1
    assert home_queries(client)[1] == []


def test_an_unknown_host_falls_back_as_wagtail_does(rf, home_page):
    request = rf.get("/", HTTP_HOST="jinde.example")
    assert navigation.site_for(request).pk == Site._find_for_request(
        rf.get("/", HTTP_HOST="jinde.example")).pk
    Site.objects.all().delete()
    assert navigation.site_for(rf.get("/", HTTP_HOST="jinde.example")) is None


def restriction_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    # What Wagtail's check before serving runs: the ancestors (for aliases), then the
    # restrictions of those pages. (Lists of pages have their own check, navigation.public.)
    return response, [q["sql"] for q in queries
                      if '"alias_of_id" FROM "wagtailcore_page"' in q["sql"]
                      or ("wagtailcore_pageviewrestriction" in q["sql"]
                          and '"page_id" IN' in q["sql"])]


def test_a_public_site_checks_view_restrictions_without_queries(client, home_page):
    page = TextPageFactory(parent=home_page, title="O nás", slug="o-nas")
    restriction_queries(client, page.url)
    response, queries = restriction_queries(client, page.url)
    assert response.status_code == 200 and queries == []


def test_restrictions_still_apply_at_once_and_to_aliases(client, home_page, django_user_model):
    from wagtail.models import PageViewRestriction

    section = TextPageFactory(parent=home_page, title="Pro členy", slug="clenove")
    inner = TextPageFactory(parent=section, title="Zápisy", slug="zapisy")
    open_page = TextPageFactory(parent=home_page, title="O nás", slug="o-nas")
    assert client.get(inner.url).status_code == 200  # remembered as a public site
    PageViewRestriction.objects.create(page=section, restriction_type="login")
    response = client.get(inner.url)
    assert response.status_code == 302 and "login" in response["Location"]
    assert client.get(open_page.url).status_code == 200
    # An alias elsewhere in the tree has its source page's own restriction (Wagtail's rule).
    PageViewRestriction.objects.create(page=inner, restriction_type="login")
    alias = inner.create_alias(parent=open_page, update_slug="zapisy-kopie")
    response = client.get(alias.url)
    assert response.status_code == 302 and "login" in response["Location"]
    # A password restriction asks for the password.
    PageViewRestriction.objects.all().delete()
    PageViewRestriction.objects.create(page=open_page, restriction_type="password",
                                       password="heslo")
    response = client.get(open_page.url)
    assert response.status_code == 200 and 'name="password"' in response.content.decode()
    # Logged in, the login restriction lets the member through.
    PageViewRestriction.objects.all().delete()
    PageViewRestriction.objects.create(page=section, restriction_type="login")
    client.force_login(django_user_model.objects.create_user("clen", password="x"))
    assert client.get(inner.url).status_code == 200


def test_page_links_follow_a_renamed_home_page_at_once(client, home_page):
    # Page URLs are built from Wagtail's site root paths, kept per process with the page tree's
    # token (navigation.site_root_paths): a root path that no longer prefixes the pages' paths
    # would leave every link empty.
    section = TextPageFactory(parent=home_page, title="O nás", slug="o-nas", show_in_menus=True)
    assert 'href="/o-nas/"' in client.get("/").content.decode()
    home_page.slug = "domu"
    home_page.save_revision().publish()
    section.refresh_from_db()
    assert section.url_path.startswith("/domu/")
    html = client.get("/o-nas/").content.decode()
    assert 'href="/o-nas/"' in html
    assert navigation.site_root_paths(None)[0].root_path == "/domu/"
