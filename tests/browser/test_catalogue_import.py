"""The import flow in Chromium: log in, upload a Czech Excel CSV, read the preview, confirm,
all with the keyboard (the file itself is set through the file input, as a person would pick
it in the operating system's dialog)."""

import pytest

from kp_catalogue.models import Service
from tests.kp_catalogue.test_import import ROWS, csv_bytes

pytestmark = pytest.mark.django_db(transaction=True)


def test_upload_preview_confirm_by_keyboard(page, live_server, settings, tmp_path,
                                            django_user_model):
    from django.apps import apps

    from kp_catalogue.models.seed import load

    settings.MEDIA_ROOT = tmp_path
    load(apps)  # a transactional test may start after another one emptied the code lists
    django_user_model.objects.create_superuser("redaktor", "r@example.cz", "Heslo-pro-testy-1")
    csv_file = tmp_path / "sluzby.csv"
    csv_file.write_bytes(csv_bytes(ROWS, ";", "cp1250"))

    page.goto(f"{live_server.url}/admin/login/?next=/admin/katalog/import/")
    page.fill("#id_username", "redaktor")
    page.fill("#id_password", "Heslo-pro-testy-1")
    page.keyboard.press("Enter")
    page.wait_for_url("**/admin/katalog/import/")

    page.set_input_files("#id_file", str(csv_file))
    page.focus("#kp-import-preview-button")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    rows = page.locator("#kp-import-rows tbody tr")
    assert rows.count() == 2
    assert rows.nth(0).inner_text().split("\t")[:3] == ["2", "nová", "Pečovatelská služba Kelč"]
    assert not Service.objects.exists()

    confirm = page.locator("#kp-import-confirm")
    confirm.focus()
    assert page.evaluate("document.activeElement.id") == "kp-import-confirm"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Importováno: 2 nových" in page.inner_text("body")
    assert Service.objects.filter(live=True).count() == 2

    # The same file again: every row unchanged, nothing to confirm.
    page.set_input_files("#id_file", str(csv_file))
    page.focus("#kp-import-preview-button")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("#kp-import-rows tbody tr.kp-import-unchanged").count() == 2
    assert page.locator("#kp-import-confirm").count() == 0
