import datetime as dt
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from wagtail.test.utils import WagtailPageTestCase

from kpsite.home.models import HomePage
from kpsite.news.models import NewsIndexPage, NewsPage
from kpsite.projects.models import ProjectPage
from kpsite.standardpages.models import TextPage
from tests.factories.site import (
    NewsIndexPageFactory,
    NewsPageFactory,
    ProjectActivityFactory,
    ProjectPageFactory,
    TextPageFactory,
)

pytestmark = pytest.mark.django_db


class TestPageTreeRules(WagtailPageTestCase):
    def test_news_only_under_news_index(self):
        self.assertAllowedParentPageTypes(NewsPage, {NewsIndexPage})
        self.assertAllowedSubpageTypes(NewsIndexPage, {NewsPage})
        self.assertAllowedSubpageTypes(NewsPage, set())

    def test_home_page_sits_at_the_root(self):
        from wagtail.models import Page

        self.assertAllowedParentPageTypes(HomePage, {Page})

    def test_text_and_project_pages_can_go_under_home(self):
        self.assertCanCreateAt(HomePage, TextPage)
        self.assertCanCreateAt(HomePage, ProjectPage)
        self.assertCanCreateAt(HomePage, NewsIndexPage)


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def test_home_page_renders_with_landmarks_and_latest_news(client, home_page):
    news_index = NewsIndexPageFactory(parent=home_page)
    NewsPageFactory(parent=news_index, title="Starší", date=dt.date(2011, 1, 1))
    NewsPageFactory(parent=news_index, title="Nejnovější", date=dt.date(2012, 9, 20))
    response = client.get("/")
    assert response.status_code == 200
    html = soup(response)
    assert html.html["lang"] == "cs"
    assert html.find("a", class_="skip-link")["href"] == "#main"
    assert html.find("main", id="main")
    assert html.find("header") and html.find("footer")
    titles = [h.get_text(strip=True) for h in html.select(".news-teasers .card__title")]
    assert titles == ["Nejnovější", "Starší"]


def test_text_page_has_breadcrumbs_ending_in_current_page(client, home_page):
    parent = TextPageFactory(parent=home_page, title="Komunitní plánování", slug="kp")
    child = TextPageFactory(parent=parent, title="Pracovní skupiny", slug="ps")
    response = client.get(child.url)
    crumbs = soup(response).select("nav.breadcrumbs li a")
    assert [a.get_text(strip=True) for a in crumbs] == [
        "Úvod", "Komunitní plánování", "Pracovní skupiny",
    ]
    assert crumbs[-1]["aria-current"] == "page"


def test_project_page_shows_budget_split_to_the_haler(client, home_page):
    project = ProjectPageFactory(parent=home_page, slug="projekt")
    ProjectActivityFactory(page=project, title="Odborná konference")
    assert project.eu_amount == Decimal("1677718.10")
    assert project.national_amount == Decimal("296067.90")
    assert project.eu_amount + project.national_amount == project.budget
    text = soup(client.get(project.url)).get_text(" ", strip=True)
    assert "CZ.1.04/3.1.03/65.00042" in text
    assert "1\u00a0973\u00a0786\u00a0Kč" in text
    assert "1\u00a0677\u00a0718,10\u00a0Kč" in text
    assert "Odborná konference" in text


def test_project_shares_must_add_up_to_100(home_page):
    project = ProjectPageFactory.build(eu_share=Decimal(80), national_share=Decimal(15))
    with pytest.raises(ValidationError) as error:
        project.clean()
    assert "national_share" in error.value.message_dict


def test_project_cannot_end_before_it_starts():
    project = ProjectPageFactory.build(start_date=dt.date(2012, 1, 1), end_date=dt.date(2011, 1, 1))
    with pytest.raises(ValidationError) as error:
        project.clean()
    assert "end_date" in error.value.message_dict


def test_news_index_paginates_newest_first(client, home_page):
    index = NewsIndexPageFactory(parent=home_page)
    for day in range(12):
        NewsPageFactory(parent=index, title=f"Zpráva {day:02d}", date=dt.date(2012, 1, 1 + day))
    first = soup(client.get(index.url)).select(".card__title")
    assert len(first) == 10
    assert first[0].get_text(strip=True) == "Zpráva 11"
    second = soup(client.get(index.url + "?strana=2")).select(".card__title")
    assert [t.get_text(strip=True) for t in second] == ["Zpráva 01", "Zpráva 00"]


def test_news_rss_feed_is_valid_and_lists_only_live_news(client, home_page):
    index = NewsIndexPageFactory(parent=home_page)
    NewsPageFactory(parent=index, title="Zveřejněná")
    draft = NewsPageFactory(parent=index, title="Koncept")
    draft.unpublish()
    response = client.get(index.url + "rss/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    assert [item.findtext("title") for item in channel.findall("item")] == ["Zveřejněná"]


def test_unpublished_page_is_not_public(client, home_page):
    page = TextPageFactory(parent=home_page, slug="tajne")
    page.unpublish()
    assert client.get("/tajne/").status_code == 404


def test_not_found_page_is_czech(client, home_page):
    response = client.get("/neexistuje/")
    assert response.status_code == 404
    assert "Stránka nenalezena" in response.content.decode()


@pytest.mark.parametrize(
    "target,expected",
    [("/projekt/", "/projekt/"), ("https://evil.example/", "/"), ("//evil.example/", "/")],
)
def test_font_size_link_sets_cookie_and_returns_only_to_local_pages(client, target, expected):
    response = client.get("/pismo/large/", {"next": target})
    assert response.status_code == 302
    assert response["Location"] == expected
    assert response.cookies["kp_font_size"].value == "large"


def test_font_size_cookie_is_rendered_as_class(client, home_page):
    client.cookies["kp_font_size"] = "large"
    assert soup(client.get("/")).html["class"] == ["fs-large"]
    client.cookies["kp_font_size"] = "huge<script>"
    assert soup(client.get("/")).html["class"] == ["fs-normal"]


def test_public_pages_send_a_strict_content_security_policy(client, home_page):
    policy = client.get("/")["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy


def test_public_html_references_no_external_hosts(client, home_page):
    TextPageFactory(parent=home_page, slug="text")
    for url in ["/", "/text/"]:
        html = soup(client.get(url))
        for tag, attr in [("script", "src"), ("link", "href"), ("img", "src")]:
            for element in html.find_all(tag):
                value = element.get(attr, "")
                assert not value.startswith(("http:", "https:", "//")), value


def test_healthz(client):
    response = client.get("/healthz/")
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}


def test_public_site_stays_czech_for_an_english_browser(client, home_page):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    html = soup(response)
    assert html.html["lang"] == "cs"
    assert html.find("a", class_="skip-link").get_text(strip=True) == "Přeskočit na obsah"


def test_admin_speaks_the_users_chosen_language(client, admin_user):
    from wagtail.users.models import UserProfile

    client.force_login(admin_user)
    profile = UserProfile.get_for_user(admin_user)
    profile.preferred_language = "en"
    profile.save()
    assert '<html lang="en"' in client.get("/admin/").content.decode()
    profile.preferred_language = "cs"
    profile.save()
    assert '<html lang="cs"' in client.get("/admin/").content.decode()


def test_page_query_count_does_not_grow_with_the_menu(client, home_page):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    TextPageFactory(parent=home_page, show_in_menus=True)
    client.get("/")
    with CaptureQueriesContext(connection) as few:
        client.get("/")
    for number in range(10):
        TextPageFactory(parent=home_page, show_in_menus=True)
        ProjectPageFactory(parent=home_page, show_in_menus=True, title=f"Projekt {number}")
    client.get("/")
    with CaptureQueriesContext(connection) as many:
        client.get("/")
    assert len(many) == len(few)


def test_robots_txt_keeps_crawlers_out_of_admin_and_comment_endpoints(client, home_page):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    assert {"Disallow: /admin/", "Disallow: /django-admin/", "Disallow: /konzultace/"} <= set(lines)
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Disallow: /" not in lines  # the public site stays crawlable
    assert client.get("/sitemap.xml").status_code == 200


def test_admin_sends_no_e_mail_hash_to_gravatar(admin_client):
    response = admin_client.get("/admin/")
    assert response.status_code == 200
    assert b"gravatar" not in response.content.lower()
