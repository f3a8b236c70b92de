"""The cached catalogue never shows a draft or stale data: every change drops the stored pages
and API answers, and logged-in users never get (or leave behind) a stored page."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test.utils import CaptureQueriesContext

from kp_catalogue import caching
from kp_catalogue.models import Municipality
from tests.factories.catalogue import ServiceFactory

pytestmark = pytest.mark.django_db

API = "/api/v3/catalogue/services/"


@pytest.fixture(autouse=True)
def cache_on(settings):
    settings.KP_CATALOGUE_CACHE_SECONDS = 60
    cache.clear()  # nothing from an earlier test; the settings fixture turns caching off after


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def queries(client, url):
    with CaptureQueriesContext(connection) as context:
        get(client, url)
    return len(context.captured_queries)


def test_repeated_requests_are_answered_from_the_cache(client, catalogue):
    ServiceFactory(name="Služba Éta Kelč")
    for url in (catalogue.url, catalogue.url + "?q=kelc", API + "?q=kelc"):
        assert queries(client, url) > 0
        assert queries(client, url) == 0


def test_cache_is_off_without_the_setting(client, catalogue, settings):
    settings.KP_CATALOGUE_CACHE_SECONDS = 0
    get(client, catalogue.url)
    assert queries(client, catalogue.url) > 0


def test_published_service_appears_and_draft_edits_do_not(client, catalogue):
    service = ServiceFactory(name="Služba Alfa", live=False)
    assert "Služba Alfa" not in get(client, catalogue.url)
    assert "Služba Alfa" not in get(client, API)

    service.save_revision().publish()
    assert "Služba Alfa" in get(client, catalogue.url)
    assert "Služba Alfa" in get(client, API)

    # A draft edit is a revision only: the public keeps the published name.
    service.name = "Přejmenováno v konceptu"
    service.save_revision()
    assert "Přejmenováno v konceptu" not in get(client, catalogue.url)
    assert "Přejmenováno v konceptu" not in get(client, API)


def test_unpublished_service_disappears_from_list_detail_and_api(client, catalogue):
    service = ServiceFactory(name="Služba Beta")
    detail = catalogue.url + catalogue.reverse_subpage("service", args=[service.pk, service.slug])
    assert "Služba Beta" in get(client, catalogue.url)
    assert client.get(detail).status_code == 200
    assert client.get(f"{API}{service.pk}/").status_code == 200

    service.unpublish()
    assert "Služba Beta" not in get(client, catalogue.url)
    assert "Služba Beta" not in get(client, API)
    assert client.get(detail).status_code == 404
    assert client.get(f"{API}{service.pk}/").status_code == 404


def test_provider_and_code_list_changes_show_at_once(client, catalogue):
    service = ServiceFactory(name="Služba Gama")
    assert service.provider.name in get(client, catalogue.url)
    service.provider.name = "Nový název poskytovatele"
    service.provider.save()
    assert "Nový název poskytovatele" in get(client, catalogue.url)
    assert "Nový název poskytovatele" in get(client, f"{API}{service.pk}/")

    service.service_type.name = "Přejmenovaný druh"
    service.service_type.save()
    assert "Přejmenovaný druh" in get(client, API)


def test_changed_relations_show_at_once(client, catalogue):
    service = ServiceFactory(name="Služba Delta")
    url = catalogue.url + "?obec=kelc"
    assert "Služba Delta" not in get(client, url)
    service.service_areas.add(Municipality.objects.get(code="kelc"))
    service.save()  # parental relations are written on save
    assert "Služba Delta" in get(client, url)


def test_bulk_writers_drop_the_cache_with_invalidate(client, catalogue):
    service = ServiceFactory(name="Služba Epsilon")
    get(client, catalogue.url)
    type(service).objects.filter(pk=service.pk).update(name="Změněno hromadně")
    caching.invalidate()
    assert "Změněno hromadně" in get(client, catalogue.url)


def test_logged_in_users_are_never_served_or_stored(client, catalogue, admin_user):
    ServiceFactory(name="Služba Zeta")
    anonymous = get(client, catalogue.url)
    client.force_login(admin_user)
    assert queries(client, catalogue.url) > 0  # rendered for the editor, not taken from the cache
    editor_page = get(client, catalogue.url)
    client.logout()
    assert "userbar" in editor_page
    assert "userbar" not in get(client, catalogue.url)
    assert get(client, catalogue.url) == anonymous


def test_text_size_cookie_gets_its_own_page(client, catalogue):
    get(client, catalogue.url)
    client.cookies["kp_font_size"] = "large"
    assert 'class="fs-large"' in get(client, catalogue.url)
    del client.cookies["kp_font_size"]
    assert 'class="fs-normal"' in get(client, catalogue.url)


def test_unpublished_catalogue_page_is_not_served_from_the_cache(client, catalogue):
    get(client, catalogue.url)
    catalogue.unpublish()
    assert client.get(catalogue.url).status_code == 404



def render_twice(rf, view):
    calls = []

    def counted(request):
        calls.append(request)
        return view(request)

    for _ in range(2):
        request = rf.get(f"/katalog/?view={view.__name__}")
        request.user = AnonymousUser()
        caching.cached_response(caching._Call(counted, request, (request,), {}))
    return len(calls)


def test_a_response_carrying_a_csrf_token_or_cookie_is_never_stored(rf):
    assert render_twice(rf, lambda request: HttpResponse("plain")) == 1

    def with_token(request):
        return HttpResponse(f"form {get_token(request)}")

    def with_cookie(request):
        response = HttpResponse("cookie")
        response.set_cookie("seen", "1")
        return response

    assert render_twice(rf, with_token) == 2
    assert render_twice(rf, with_cookie) == 2


class LookSpy:
    """Django's cache, noting every look-up of a stored response."""

    def __init__(self, real):
        self.real, self.looked = real, []

    def get(self, key, *args, **kwargs):
        if key.startswith("kp_catalogue:response:"):
            self.looked.append(key)
        return self.real.get(key, *args, **kwargs)

    def __getattr__(self, name):
        return getattr(self.real, name)


def test_the_middleware_looks_only_for_paths_a_cached_view_answered(
        client, catalogue, home_page, monkeypatch):
    spy = LookSpy(caching.cache)
    monkeypatch.setattr(caching, "cache", spy)
    monkeypatch.setattr(caching, "_cached_paths", set())
    ServiceFactory(name="Služba Éta Kelč")
    # The home page is never a stored response: nothing is looked up for it.
    for _ in range(2):
        assert client.get("/").status_code == 200
    assert spy.looked == []
    first = get(client, catalogue.url)
    assert len(spy.looked) == 1  # the view looked, found nothing, and stored the page
    assert queries(client, catalogue.url) == 0  # now the middleware answers
    # Another process stored it: this one has never seen the path, so its view serves the
    # stored page (after routing) and learns the path.
    caching._cached_paths.clear()
    with CaptureQueriesContext(connection) as context:
        assert get(client, catalogue.url) == first
    assert not any("kp_catalogue_service" in q["sql"] for q in context.captured_queries)
    assert queries(client, catalogue.url) == 0


def test_the_paths_remembered_are_bounded(client, catalogue, monkeypatch):
    monkeypatch.setattr(caching, "_cached_paths", {f"/jine-{n}/" for n in range(3)})
    monkeypatch.setattr(caching, "CACHED_PATHS_LIMIT", 3)
    get(client, catalogue.url)
    assert caching._cached_paths == {catalogue.url}


def test_a_request_reads_each_token_once_and_sees_its_own_replacements():
    key = "kp_catalogue:test-token"
    cache.set(key, "first")
    # Outside a request, every read asks the cache.
    assert caching.token(key) == "first"
    cache.set(key, "second")
    assert caching.token(key) == "second"
    bound = caching._request_tokens.set({})
    try:
        assert caching.tokens([key, caching.VERSION_KEY])[0] == "second"
        # Another process's replacement meanwhile: this request keeps rendering what it began.
        cache.set(key, "third")
        assert caching.token(key) == "second"
        # Its own replacement (an edit within the request) is read again.
        caching.replace_token(key)
        assert caching.token(key) == cache.get(key) not in ("second", "third")
    finally:
        caching._request_tokens.reset(bound)
