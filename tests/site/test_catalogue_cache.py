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
