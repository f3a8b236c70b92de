"""Writers that send no model signals (bulk import, the register sync, the "still correct"
confirmation) still drop the cached public catalogue, and a change committed after a render
started cannot stay cached under the new token."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from kp_catalogue import caching
from kp_catalogue.exchange.imports import import_file
from kp_catalogue.models import Service
from tests.kp_catalogue.test_import import ROWS, csv_bytes

pytestmark = pytest.mark.django_db

API = "/api/v3/catalogue/services/"


@pytest.fixture(autouse=True)
def cache_on(settings):
    settings.KP_CATALOGUE_CACHE_SECONDS = 60
    cache.clear()


def text(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_imported_and_updated_services_show_at_once(client, catalogue, admin_user,
                                                   django_capture_on_commit_callbacks):
    assert "Domov Žerotín" not in text(client, API)  # stored empty
    with django_capture_on_commit_callbacks(execute=True):
        import_file("services", csv_bytes(ROWS), "x.csv", user=admin_user)
    assert "Domov Žerotín" in text(client, API)
    assert "Domov Žerotín" in text(client, catalogue.url)

    edited = [list(ROWS[0]), list(ROWS[1])]
    edited[1][0] = "Domov Žerotín – nový název"
    with django_capture_on_commit_callbacks(execute=True):
        import_file("services", csv_bytes(edited), "x.csv", user=admin_user)
    assert "Domov Žerotín – nový název" in text(client, API)


def test_confirmed_date_shows_at_once(client, catalogue, org_a,
                                      django_capture_on_commit_callbacks):
    service = org_a.service
    Service.objects.filter(pk=service.pk).update(assured_date="2025-01-02")
    caching.invalidate()
    detail = catalogue.service_url(service)
    assert "2. 1. 2025" in text(client, detail)

    client.force_login(org_a.user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("kp_catalogue_confirm_service", args=[service.pk]))
    client.logout()
    today = timezone.localdate()
    assert f"{today.day}. {today.month}. {today.year}" in text(client, detail)


def test_a_render_stored_during_the_transaction_is_dropped_at_commit(
        django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        caching.invalidate()
        during = caching.version()  # what a concurrent request would store its render under
    assert caching.version() != during
