"""A dead or hanging cache costs speed, never availability (kpsite/base/cache.py)."""

import logging
import socket
import threading

import pytest
from django.core.cache import cache

import kp_catalogue.ratelimit
import kp_consultation.ratelimit
from kp_catalogue.public import brochure
from kp_consultation.models import Comment, Decision
from kp_consultation.settlement import settle
from kpsite.base import cache as failopen
from kpsite.base.cache import FailOpenRedisCache
from tests.factories.catalogue import CatalogueIndexPageFactory, ServiceFactory
from tests.factories.consultation import CommentFactory, ConsultedPageFactory, closed_period
from tests.kp_consultation.helpers import post_api, post_form

pytestmark = pytest.mark.django_db

# Port 1 on the loopback: nothing listens, every connection is refused at once.
DEAD_REDIS = "redis://127.0.0.1:1/0"


def forget_outages():
    # Backend instances keep their circuit: reset the state, not the registry.
    for circuit in failopen._circuits.values():
        circuit.down, circuit.retry_at = False, 0.0
    kp_catalogue.ratelimit._local_counts.clear()
    kp_consultation.ratelimit._local_counts.clear()


@pytest.fixture
def dead_cache(settings):
    forget_outages()
    settings.CACHES = {"default": {"BACKEND": "kpsite.base.cache.FailOpenRedisCache",
                                   "LOCATION": DEAD_REDIS, "OPTIONS": {"RETRY_AFTER": 60}}}
    # The caches the outage must not take down are on, as in production.
    settings.KP_CATALOGUE_CACHE_SECONDS = 600
    settings.KP_CONSULTATION_CACHE_SECONDS = 600
    settings.KP_CONSULTATION_MIN_FILL_SECONDS = 0
    yield
    forget_outages()


@pytest.fixture
def site_pages(home_page):
    catalogue = CatalogueIndexPageFactory(parent=home_page)
    service = ServiceFactory(name="Pečovatelská služba Kelč")
    service.save_revision().publish()
    draft = ConsultedPageFactory(parent=home_page, slug="navrh-planu")
    return catalogue, service, draft


def test_pages_api_and_comments_work_with_redis_down(client, dead_cache, site_pages, caplog):
    catalogue, service, draft = site_pages
    forget_outages()  # the outage starts now, after the pages were built
    caplog.set_level(logging.WARNING, logger="kpsite.cache")
    for _round in range(5):
        assert client.get("/").status_code == 200
        assert client.get(catalogue.url).status_code == 200
        detail = client.get(catalogue.service_url(service), follow=True)
        assert detail.status_code == 200
        assert "Pečovatelská služba Kelč" in detail.content.decode()
        api = client.get("/api/v3/catalogue/services/")
        assert api.status_code == 200
        assert [item["name"] for item in api.json()["items"]] == ["Pečovatelská služba Kelč"]
        assert client.get(draft.url).status_code == 200
    assert post_form(client, draft, text="Připomínka při výpadku").status_code == 302
    assert post_api(client, draft, text="Připomínka přes API").status_code == 201
    assert sorted(Comment.objects.values_list("text", flat=True)) == [
        "Připomínka přes API", "Připomínka při výpadku"]
    assert cache.degraded
    outage = [r for r in caplog.records if r.name == "kpsite.cache"]
    assert len(outage) == 1, [r.getMessage() for r in outage]
    assert "unavailable" in outage[0].getMessage()


def test_healthz_reports_the_cache_degraded_with_200(client, dead_cache):
    response = client.get("/healthz/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "degraded"}


def test_healthz_reports_a_working_cache(client):
    assert client.get("/healthz/").json()["cache"] == "ok"


def test_rate_limit_counts_per_process_while_redis_is_down(client, dead_cache, site_pages,
                                                           settings):
    _catalogue, _service, draft = site_pages
    settings.KP_CONSULTATION_RATE_LIMIT = 3
    for n in range(3):
        assert post_api(client, draft, ip="10.7.7.7", text=f"Text {n}").status_code == 201
    refused = post_api(client, draft, ip="10.7.7.7", text="Čtvrtá")
    assert refused.status_code == 429
    assert "Příliš mnoho připomínek" in refused.json()["detail"]
    # Another address still gets through: the fallback neither refuses nor admits everything.
    assert post_api(client, draft, ip="10.7.7.8", text="Jiná adresa").status_code == 201
    assert Comment.objects.count() == 4


def test_brochure_budget_counts_per_process_while_redis_is_down(dead_cache, settings):
    settings.KP_CATALOGUE_BROCHURE_RENDERS_PER_HOUR = 2
    brochure.spend_rendering_budget()
    brochure.spend_rendering_budget()
    with pytest.raises(brochure.BrochureBusy):
        brochure.spend_rendering_budget()
    assert cache.degraded


class SilentServer:
    """Accepts connections and never answers: a hanging Redis."""

    def __init__(self):
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.accepted = []
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self):
        while True:
            try:
                connection, _address = self.sock.accept()
            except OSError:
                return
            self.accepted.append(connection)

    def close(self):
        self.sock.close()
        for connection in self.accepted:
            connection.close()


def test_a_hanging_redis_costs_one_timeout_then_nothing(caplog):
    forget_outages()
    server = SilentServer()
    try:
        backend = FailOpenRedisCache(f"redis://127.0.0.1:{server.port}/0", {
            "OPTIONS": {"socket_timeout": 0.2, "RETRY_AFTER": 60}})
        caplog.set_level(logging.WARNING, logger="kpsite.cache")
        assert backend.get("key", "fallback") == "fallback"
        assert backend.degraded
        for _ in range(50):
            assert backend.get("key") is None
            assert backend.add("key", 1) is False
            backend.set("key", 1)
            with pytest.raises(ValueError):
                backend.incr("key")
        # Only the first call reached the server; the breaker kept the other 200 away.
        assert len(server.accepted) == 1
        assert len([r for r in caplog.records if r.name == "kpsite.cache"]) == 1
    finally:
        server.close()
        forget_outages()


def test_recovery_is_logged_once(caplog, monkeypatch):
    forget_outages()
    backend = FailOpenRedisCache(DEAD_REDIS, {"OPTIONS": {"RETRY_AFTER": 0}})
    caplog.set_level(logging.WARNING, logger="kpsite.cache")
    for _ in range(3):
        assert backend.get("key") is None
    assert backend.degraded
    # Redis comes back: the parent class answers again.
    monkeypatch.setattr("django.core.cache.backends.redis.RedisCache.get",
                        lambda self, key, default=None, version=None: "value")
    assert backend.get("key") == "value"
    assert backend.get("key") == "value"
    assert not backend.degraded
    messages = [r.getMessage() for r in caplog.records if r.name == "kpsite.cache"]
    assert len(messages) == 2 and "again" in messages[1]
    forget_outages()


def test_stored_files_are_built_and_served_while_redis_is_down(client, dead_cache, site_pages,
                                                               settings, tmp_path):
    """The rendering slots live in the cache; a fail-open backend answers ``add`` with False
    during an outage, which must not read as "every slot taken" (503 for everyone)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    catalogue, _service, draft = site_pages
    for name, value in closed_period().items():
        setattr(draft, name, value)
    draft.save_revision().publish()
    CommentFactory(page=draft, text="Připomínka k vypořádání", decision=Decision.ACCEPTED)
    settle(draft)
    forget_outages()
    brochure_response = client.get(catalogue.url + "brozura/")
    assert brochure_response.status_code == 200
    assert brochure_response["Content-Type"] == "application/pdf"
    for fmt in ("csv", "xlsx", "pdf"):
        response = client.get(f"/konzultace/{draft.pk}/vyporadani.{fmt}")
        assert response.status_code == 200, (fmt, response.status_code)
        assert response.getvalue()
    assert cache.degraded


def test_one_redis_client_serves_every_call_and_survives_dropped_connections():
    # The machine's own Redis (as in CI); database 5 is used by no other test.
    backend = FailOpenRedisCache("redis://127.0.0.1:6379/5", {"OPTIONS": {}})
    client = backend._cache.get_client()
    assert backend._cache.get_client() is client
    assert backend._cache.get_client(write=True) is client  # one server: one pool
    backend.set("reuse", "první")
    assert backend.get("reuse") == "první"
    # The server drops every connection (a restart, a proxy's idle timeout): the shared client
    # takes a new connection from its pool, and nothing is taken for an outage.
    import redis

    admin = redis.Redis.from_url("redis://127.0.0.1:6379/5")
    admin.client_kill_filter(_type="normal", skipme=True)
    assert backend.get("reuse") == "první"
    assert not backend.degraded
    backend.delete("reuse")
