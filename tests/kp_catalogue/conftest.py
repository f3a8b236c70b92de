import pytest

from tests.factories.catalogue import CatalogueIndexPageFactory


@pytest.fixture
def catalogue(home_page):
    return CatalogueIndexPageFactory(parent=home_page)
