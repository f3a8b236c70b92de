"""The benchmark's miss variant (bench/cachemiss.py) misses every cache a first visitor after an
edit misses, request after request, and leaves the hits of other requests alone."""

import pytest

from kp_catalogue import caching as catalogue_caching
from kp_consultation import caching as consultation_caching
from kp_consultation.models import Status
from tests.factories.catalogue import CatalogueIndexPageFactory
from tests.factories.consultation import CommentFactory, ConsultedPageFactory, open_period
from tests.factories.plans import PlanDraftPageFactory

pytestmark = pytest.mark.django_db

MISS = {"HTTP_X_BENCH_MISS": "1"}


@pytest.fixture(autouse=True)
def bench_middleware(settings, monkeypatch, empty_cache):
    settings.KP_CATALOGUE_CACHE_SECONDS = 60
    settings.KP_CONSULTATION_CACHE_SECONDS = 60
    settings.MIDDLEWARE = ["bench.querycount.QueryCountMiddleware",
                           "bench.cachemiss.CacheMissMiddleware", *settings.MIDDLEWARE]
    # The middleware wraps the modules' version functions for the process; put them back.
    monkeypatch.setattr(catalogue_caching, "version", catalogue_caching.version)
    monkeypatch.setattr(consultation_caching, "version", consultation_caching.version)
    monkeypatch.setattr(consultation_caching, "versions", consultation_caching.versions)
    monkeypatch.setattr(catalogue_caching, "tokens", catalogue_caching.tokens)


def queries(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200
    return int(response["X-Query-Count"]), response.content.decode()


def comment_queries(client, url, **headers):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        assert client.get(url, **headers).status_code == 200
    return sum('"kp_consultation_comment"' in q["sql"] and "COUNT(*)" not in q["sql"].upper()
               for q in context.captured_queries)


def test_catalogue_miss_renders_every_time_and_the_hit_stays_a_hit(client, home_page):
    catalogue = CatalogueIndexPageFactory(parent=home_page)
    first, html = queries(client, catalogue.url)
    assert first > 0
    assert queries(client, catalogue.url)[0] == 0  # served by the response middleware

    for _ in range(2):
        missed, missed_html = queries(client, catalogue.url, **MISS)
        assert missed > 0
        assert missed_html == html
    assert int(client.get(catalogue.url, **MISS)["X-Bench-Miss-Reads"]) > 0
    assert queries(client, catalogue.url)[0] == 0


def test_catalogue_api_miss_renders_every_time(client, home_page):
    url = "/api/v3/catalogue/services/"
    queries(client, url)
    assert queries(client, url)[0] == 0
    assert queries(client, url, **MISS)[0] > 0
    assert queries(client, url, **MISS)[0] > 0


def test_comment_lists_and_api_miss_every_time(client, home_page):
    draft = ConsultedPageFactory(parent=home_page, title="Návrh plánu", slug="navrh")
    CommentFactory(page=draft, text="Chybí odlehčovací služba.")
    for url in (draft.url, f"/api/v3/consultations/{draft.pk}/comments/"):
        assert comment_queries(client, url) > 0
        assert comment_queries(client, url) == 0
        assert comment_queries(client, url, **MISS) > 0
        assert comment_queries(client, url, **MISS) > 0
        assert comment_queries(client, url) == 0
    assert "Chybí odlehčovací služba." in queries(client, draft.url, **MISS)[1]


def test_a_kept_plan_draft_misses_every_time(client, home_page):
    draft = PlanDraftPageFactory(parent=home_page, slug="navrh", **open_period())
    CommentFactory(page=draft, section=draft.sections[0]["anchor"], status=Status.PUBLISHED,
                   text="Chybí svoz k lékaři.")
    assert comment_queries(client, draft.url) > 0
    assert comment_queries(client, draft.url) == 0  # the kept page
    assert comment_queries(client, draft.url, **MISS) > 0
    assert comment_queries(client, draft.url, **MISS) > 0
    assert comment_queries(client, draft.url) == 0
    assert "Chybí svoz k lékaři." in queries(client, draft.url, **MISS)[1]


def test_without_the_header_the_tokens_are_the_real_ones(client, home_page):
    client.get("/", **MISS)  # the middleware is built and has wrapped the functions
    assert catalogue_caching.version() == catalogue_caching.version.bench_real()
    keys = ["kpsite:menu:version", catalogue_caching.TERMS_VERSION_KEY]
    assert catalogue_caching.tokens(keys) == catalogue_caching.tokens.bench_real(keys)
    assert consultation_caching.version(1) == consultation_caching.version.bench_real(1)


def test_the_home_page_has_nothing_the_miss_replaces_and_a_publish_drops_its_parts(
        client, demo_db):
    # The demo's home page (its routes: finding help, the open consultation, meetings, the plan,
    # news) shows no service and no comment: the bench's miss replaces nothing it reads, and the
    # response says so. "publish" also replaces the page tree's token.
    queries(client, "/")
    hit, html = queries(client, "/")
    assert hit == 0
    response = client.get("/", **MISS)
    assert response["X-Bench-Miss-Reads"] == "0" and response["X-Query-Count"] == "0"
    assert response.content.decode() == html
    for _ in range(2):
        response = client.get("/", HTTP_X_BENCH_MISS="publish")
        assert int(response["X-Bench-Miss-Reads"]) > 0 and int(response["X-Query-Count"]) > 0
        assert response.content.decode() == html
    # The process's memos (menu, Site, routes) now hold the replaced token, as after a real
    # publish: the next reader reads them once more, and then it is a hit again.
    queries(client, "/")
    assert queries(client, "/") == (0, html)
