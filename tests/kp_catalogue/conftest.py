import pytest

from tests.factories.catalogue import CatalogueIndexPageFactory


@pytest.fixture
def catalogue(home_page):
    return CatalogueIndexPageFactory(parent=home_page)


@pytest.fixture
def editor(django_user_model):
    from tests.kp_catalogue.provider_setup import make_editor

    return make_editor(django_user_model)


@pytest.fixture
def org_a(django_user_model, editor):
    from tests.kp_catalogue.provider_setup import make_org

    return make_org(django_user_model, "A", editor)


@pytest.fixture
def org_b(django_user_model, editor):
    from tests.kp_catalogue.provider_setup import make_org

    return make_org(django_user_model, "B", editor)


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    # Brochures are stored in the default storage: keep them out of the worktree.
    settings.MEDIA_ROOT = tmp_path / "media"
