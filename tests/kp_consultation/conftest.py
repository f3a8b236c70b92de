import pytest

from tests.factories.consultation import ConsultedPageFactory


@pytest.fixture(autouse=True)
def instant_forms(settings):
    # Forms may be sent at once unless a test sets a fill time (the cache is emptied for every
    # test by tests/conftest.py).
    settings.KP_CONSULTATION_MIN_FILL_SECONDS = 0


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    # Settlement exports are stored in the default storage: keep them out of the worktree.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def draft(home_page):
    return ConsultedPageFactory(parent=home_page, title="Návrh plánu 2026–2030",
                                slug="navrh-planu")
