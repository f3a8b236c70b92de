import pytest
from django.core.cache import cache

from tests.factories.consultation import ConsultedPageFactory


@pytest.fixture(autouse=True)
def fresh_cache(settings):
    # Rate-limit counters live in the cache; every test starts with none, and forms may be
    # sent at once unless a test sets a fill time.
    settings.KP_CONSULTATION_MIN_FILL_SECONDS = 0
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def draft(home_page):
    return ConsultedPageFactory(parent=home_page, title="Návrh plánu 2026–2030",
                                slug="navrh-planu")
