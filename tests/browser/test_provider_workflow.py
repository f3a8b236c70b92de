"""A provider logs into the Czech admin, edits its service and submits it; an editor approves
it; the public page then shows the change (and not before)."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)

NEW_PHONE = "571 999 888"


def log_in(page, base_url, username, password):
    page.goto(base_url + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.locator("form button[type=submit]").first.click()
    assert "/admin/login/" not in page.url


def click_footer_action(page, button):
    """Opens the form's "more actions" menu (if needed) and clicks ``button``."""
    if not button.first.is_visible():
        page.get_by_role("button", name="Další akce").click()
    with page.expect_navigation():
        button.first.click()


def test_provider_edits_submits_editor_approves(browser, demo_site):
    from django.urls import reverse

    from kp_catalogue.models import CatalogueIndexPage, Service

    user_model_service = Service.objects.filter(
        live=True, provider__memberships__user__username="poskytovatel").order_by("pk").first()
    edit_url = demo_site.url + reverse("wagtailsnippets_kp_catalogue_service:edit",
                                       args=[user_model_service.pk])
    public_url = demo_site.url + CatalogueIndexPage.objects.get().service_url(user_model_service)

    provider = browser.new_context(locale="cs-CZ", viewport={"width": 1280, "height": 900})
    page = provider.new_page()
    log_in(page, demo_site.url, "poskytovatel", "kpss-demo-poskytovatel")
    assert "Záznamy vaší organizace" in page.content()
    page.goto(edit_url)
    page.fill("#id_phone", NEW_PHONE)
    click_footer_action(page, page.locator("button[name=action-submit]"))
    provider.close()

    service = Service.objects.get(pk=user_model_service.pk)
    assert service.phone != NEW_PHONE
    assert service.current_workflow_state is not None

    editor = browser.new_context(locale="cs-CZ", viewport={"width": 1280, "height": 900})
    page = editor.new_page()
    page.goto(public_url)
    assert NEW_PHONE not in page.content()
    log_in(page, demo_site.url, "admin", "kpss-demo-admin")
    page.goto(edit_url)
    # "Schválit a publikovat" (approve without the comment dialog)
    click_footer_action(page, page.locator(
        'button[data-workflow-action-name="approve"]:not([data-workflow-action-modal-url])'))
    page.goto(public_url)
    assert NEW_PHONE in page.content()
    editor.close()
    service.refresh_from_db()
    assert service.phone == NEW_PHONE
