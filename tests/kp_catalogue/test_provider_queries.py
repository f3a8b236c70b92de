"""The provider's listing and dashboard run the same number of queries for 3 or 12 services."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kp_catalogue.models import Service
from tests.factories.catalogue import ServiceFactory

pytestmark = pytest.mark.django_db


def queries(client, url):
    client.get(url)  # warm caches (content types, site) outside the measurement
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", ["/admin/", "/admin/snippets/kp_catalogue/service/"])
def test_constant_queries_for_provider(client, org_a, url):
    client.force_login(org_a.user)
    ServiceFactory.create_batch(2, provider=org_a.provider, assured_date=None)
    few = queries(client, url)
    ServiceFactory.create_batch(9, provider=org_a.provider, assured_date=None)
    assert Service.objects.filter(provider=org_a.provider).count() == 12
    assert queries(client, url) == few


def test_constant_queries_for_editor_dashboard(client, editor):
    client.force_login(editor)
    ServiceFactory.create_batch(3, assured_date=None)
    few = queries(client, reverse("wagtailadmin_home"))
    ServiceFactory.create_batch(25, assured_date=None)
    assert queries(client, reverse("wagtailadmin_home")) == few
