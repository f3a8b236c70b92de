"""Attacks on provider accounts beyond the catalogue's own views (issue 14)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["wagtailsnippets_kp_catalogue_provider:list",
                                  "wagtailsnippets_kp_catalogue_provider:list_results",
                                  "wagtailsnippetchoosers_kp_catalogue_provider:choose",
                                  "wagtailsnippetchoosers_kp_catalogue_provider:choose_results",
                                  "wagtailsnippets_kp_catalogue_service:list",
                                  "wagtailsnippetchoosers_kp_catalogue_service:choose_results"])
def test_search_works_for_providers(client, org_a, org_b, name):
    client.force_login(org_a.user)
    response = client.get(reverse(name), {"q": "ZNACKA"})
    assert response.status_code == 200
    text = response.content.decode()
    assert org_a.marker in text and org_b.marker not in text
