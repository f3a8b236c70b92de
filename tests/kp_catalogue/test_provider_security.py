"""Attacks on provider accounts beyond the catalogue's own views (issue 14)."""

import pytest
from django.urls import reverse

from tests.factories.catalogue import ServiceFactory

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


def tagged_service(provider, tag, *, live):
    service = ServiceFactory(provider=provider, live=live)
    service.tags.add(tag)
    service.save()
    return service


@pytest.mark.parametrize("url", ["/admin/tag-autocomplete/",
                                 "/admin/tag-autocomplete/taggit/tag/"])
def test_tag_autocomplete_offers_only_published_and_own_tags(client, org_a, org_b, url):
    tagged_service(org_b.provider, "zdarma-tajne-b", live=False)
    tagged_service(org_b.provider, "zdarma-verejne-b", live=True)
    tagged_service(org_a.provider, "zdarma-vlastni-a", live=False)
    client.force_login(org_a.user)
    response = client.get(url, {"term": "zdarma"})
    assert response.status_code == 200
    assert response.json() == ["zdarma-verejne-b", "zdarma-vlastni-a"]


def test_tag_autocomplete_of_other_tag_models_is_closed(client, org_a):
    client.force_login(org_a.user)
    response = client.get("/admin/tag-autocomplete/wagtailcore/page/", {"term": "a"})
    assert response.status_code == 404


def test_editors_tag_autocomplete_is_unchanged(client, editor, org_b):
    tagged_service(org_b.provider, "zdarma-tajne-b", live=False)
    client.force_login(editor)
    assert client.get("/admin/tag-autocomplete/", {"term": "zdarma"}).json() == [
        "zdarma-tajne-b"]
