"""Admin import: upload -> preview -> confirm, the file kept in shared storage between the two
requests, and the explicit editors' permission."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from kp_catalogue.models import Service
from tests.kp_catalogue.test_import import ROWS, csv_bytes, state

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def upload(client, data, name="sluzby.csv", kind="services"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(reverse("kp_catalogue_import"),
                       {"kind": kind, "file": SimpleUploadedFile(name, data)})


def test_preview_then_confirm_imports_with_the_editor_as_author(admin_client, admin_user,
                                                                tmp_path):
    before = state()
    response = upload(admin_client, csv_bytes(ROWS, ";", "cp1250"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Pečovatelská služba Kelč" in html and "nová" in html.lower()
    assert state() == before
    # The file waits in the default storage (shared by all app servers), not in /tmp.
    stored = list((tmp_path / "django-import-export").iterdir())
    assert len(stored) == 1
    response = admin_client.post(reverse("kp_catalogue_import_confirm"))
    assert response.status_code == 302
    assert Service.objects.filter(live=True).count() == 2
    assert Service.objects.get(identifier="1234567").latest_revision.user == admin_user
    assert not list((tmp_path / "django-import-export").iterdir())
    # A second confirmation has nothing to confirm.
    assert admin_client.post(reverse("kp_catalogue_import_confirm")).status_code == 302
    assert Service.objects.count() == 2


def test_confirm_checks_the_file_again(admin_client):
    upload(admin_client, csv_bytes(ROWS))
    # Meanwhile someone gives another service the same register identifier.
    from tests.factories.catalogue import ServiceFactory

    ServiceFactory(identifier="1234567")
    ServiceFactory(identifier="1234567")
    before = state()
    response = admin_client.post(reverse("kp_catalogue_import_confirm"))
    assert "nebylo importováno" in response.content.decode().lower()
    assert state() == before


def test_a_file_with_errors_cannot_be_confirmed(admin_client):
    rows = [list(ROWS[0])]
    rows[0][3] = "Neznámý druh"
    response = upload(admin_client, csv_bytes(rows))
    assert 'id="kp-import-confirm"' not in response.content.decode()
    admin_client.post(reverse("kp_catalogue_import_confirm"))
    assert not Service.objects.exists()


def test_upload_size_limit(admin_client, settings):
    settings.KP_CATALOGUE_IMPORT_MAX_BYTES = 1000
    response = upload(admin_client, b"x" * 2000)
    assert "větší než" in response.content.decode()
    assert not Service.objects.exists()


def test_admin_access_without_the_import_permission_is_refused(client, django_user_model):
    user = django_user_model.objects.create_user(username="jiny", password="Heslo-pro-testy-1")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    before = state()
    for url in [reverse("kp_catalogue_import"),
                reverse("kp_catalogue_export", args=["services", "csv"])]:
        response = client.get(url)
        assert response.status_code in (302, 403)
        assert b"Pe\xc4\x8dovatelsk" not in response.content
    upload(client, csv_bytes(ROWS))
    client.post(reverse("kp_catalogue_import_confirm"))
    assert state() == before
    dashboard = client.get("/admin/").content.decode()
    assert "katalog/import" not in dashboard


def test_editors_group_has_the_permission(client, django_user_model):
    user = django_user_model.objects.create_user(username="redaktor", password="Heslo-pro-testy-1")
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    assert client.get(reverse("kp_catalogue_import")).status_code == 200
    response = client.get(reverse("kp_catalogue_export", args=["services", "xlsx"]))
    assert response.status_code == 200 and response.content.startswith(b"PK")


def test_export_follows_the_listing_filters(admin_client):
    from kp_catalogue.models import ServiceType
    from tests.factories.catalogue import ServiceFactory

    ServiceFactory(name="Pečovatelská A")
    ServiceFactory(name="Domov B", service_type=ServiceType.objects.get(code="13"))
    response = admin_client.get(reverse("kp_catalogue_export", args=["services", "csv"]),
                                {"service_type": ServiceType.objects.get(code="13").pk})
    text = response.content.decode("utf-8-sig")
    assert "Domov B" in text and "Pečovatelská A" not in text


def test_export_query_count_does_not_grow_with_rows(admin_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories.catalogue import ServiceFactory

    def queries():
        with CaptureQueriesContext(connection) as context:
            response = admin_client.get(reverse("kp_catalogue_export", args=["services", "csv"]))
        assert response.status_code == 200
        return len(context.captured_queries)

    for _ in range(2):
        ServiceFactory()
    few = queries()
    for _ in range(10):
        ServiceFactory().tags.add("x")
    assert queries() == few


def test_preview_truncates_long_cells(admin_client):
    long_name = "Š" * 40_000
    rows = [list(ROWS[0])]
    rows[0][0] = long_name
    rows[0][3] = "Neznámý druh " + "Ž" * 40_000
    html = upload(admin_client, csv_bytes(rows)).content.decode()
    assert 'id="kp-import-rows"' in html
    assert long_name not in html and "Š" * 199 in html
    assert "Ž" * 2000 not in html
    unknown = csv_bytes([["x"]], headings=["Barva" + "Q" * 40_000])
    html = upload(admin_client, unknown).content.decode()
    assert "Barva" in html and "Q" * 2000 not in html
    assert not Service.objects.exists()
