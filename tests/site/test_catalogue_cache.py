"""The site's own settings (the footer) are part of every cached catalogue page."""

import pytest
from django.core.cache import cache

from kpsite.base.models import SiteSettings
from tests.factories.catalogue import CatalogueIndexPageFactory

pytestmark = pytest.mark.django_db


def test_saved_site_settings_show_at_once_on_cached_catalogue_pages(client, home_page, settings):
    settings.KP_CATALOGUE_CACHE_SECONDS = 60
    cache.clear()
    catalogue = CatalogueIndexPageFactory(parent=home_page)
    assert client.get(catalogue.url).status_code == 200
    site_settings = SiteSettings.for_site(catalogue.get_site())
    site_settings.organisation_name = "Svazek obcí Nový název"
    site_settings.save()
    assert "Svazek obcí Nový název" in client.get(catalogue.url).content.decode()


def test_a_catalogue_miss_reads_every_token_once_in_one_round_trip(
        client, home_page, settings, cache_calls):
    from kp_catalogue import caching
    from kp_catalogue.public import stamps
    from kpsite.base import fragments, navigation
    from tests.factories.catalogue import ServiceFactory

    settings.KP_CATALOGUE_CACHE_SECONDS = 60
    catalogue = CatalogueIndexPageFactory(parent=home_page)
    service = ServiceFactory(name="Pečovatelská služba Kelč")
    url = catalogue.url + catalogue.reverse_subpage("service", args=[service.pk, service.slug])
    assert client.get(url).status_code == 200
    caching.invalidate()  # a provider's edit: the next visitor misses
    reads = cache_calls(caching)
    cache_calls(stamps, calls=reads)
    cache_calls(fragments, calls=reads)
    response = client.get(url)
    assert response.status_code == 200 and "Pečovatelská služba Kelč" in response.content.decode()
    tokens = {caching.VERSION_KEY, caching.TERMS_VERSION_KEY, navigation.VERSION_KEY}
    token_reads = [keys for _method, keys in reads
                   if tokens & set([keys] if isinstance(keys, str) else keys)]
    # The catalogue's, the code lists' and the page tree's tokens: one read, the first.
    assert token_reads == [reads[0][1]]
    assert set(reads[0][1]) == tokens
    # Then only what a miss must read: the stored answer, the kept body, the site's parts.
    assert len(reads) == 4
