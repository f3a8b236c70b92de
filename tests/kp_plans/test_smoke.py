import pytest

pytestmark = pytest.mark.django_db


def test_every_page_renders(client, tree):
    for name, page in tree.items():
        response = client.get(page.url)
        assert response.status_code == 200, (name, response.content[:3000])


def test_api(client, tree):
    for name, page in tree.items():
        response = client.get(f"/api/v3/pages/{page.pk}/")
        assert response.status_code == 200, (name, response.content[:3000])
