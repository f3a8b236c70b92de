"""A new provider account walks the Czech admin: invitation → first login → editing with the
map picker and the searchable checkbox lists → submitting; an editor approves. Every screen is
checked for English left over and for the Czech labels the issue named."""

import re
from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "Nove-Heslo-Poskytovatele-2026"  # noqa: S105
# Wagtail's English that the Czech admin used to show, and broken Czech forms.
LEFTOVERS = ["Search all pages", "Collapse all", "Expand all", "Save Selected", "New: ",
             "Sort by", "More options for", "Anyone can edit", "Just now", " ago",
             "awaiting moderation", "Keyboard shortcut", "Show filters", "Autosave is",
             "Your pages and snippets", "Preview in ", "No publishing schedule", "Toggle ",
             "Multi-word tags", "Search text", "Přidat sociální služba", "Před 8 minut",
             "Potvrdit Schválení"]


def assert_czech(page):
    text = page.inner_text("body")
    found = [phrase for phrase in LEFTOVERS if phrase in text]
    assert not found, (page.url, found)
    # Text the browser builds from Wagtail's JS catalogue and our scripts, too.
    attrs = page.eval_on_selector_all(
        "[placeholder], [aria-label], [title]",
        "els => els.map(e => [e.placeholder, e.getAttribute('aria-label'), e.title].join(' '))")
    found = [phrase for phrase in LEFTOVERS if phrase in " ".join(attrs)]
    assert not found, (page.url, found)


def click_footer_action(page, button):
    if not button.first.is_visible():
        page.get_by_role("button", name="Další akce").click()
    with page.expect_navigation():
        button.first.click()


def test_invited_provider_edits_with_map_and_submits_in_czech(browser, demo_site, mailoutbox):
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from kp_catalogue.accounts.invitations import invite_provider_user
    from kp_catalogue.models import Location, Service

    location = (Location.objects.filter(service__live=True, latitude__isnull=False,
                                        secret_address=False)
                .select_related("service__provider").order_by("pk").first())
    service = location.service
    editor = get_user_model().objects.get(username="admin")
    invite_provider_user("nova.pracovnice@example.cz", service.provider, editor)
    link = re.search(r"https?://\S+", mailoutbox[-1].body).group(0)
    context = browser.new_context(locale="cs-CZ", viewport={"width": 1280, "height": 900})
    page = context.new_page()

    # Invitation → first login (the account is created by accepting).
    page.goto(demo_site.url + urlsplit(link).path)
    page.fill("input[name=first_name]", "Nová")
    page.fill("input[name=last_name]", "Pracovnice")
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Vytvořit účet a přijmout pozvánku").click()
    assert urlsplit(page.url).path == reverse("wagtailadmin_home")
    assert "Záznamy vaší organizace" in page.content()
    assert "Uložením konceptu se nic nezveřejní" in page.inner_text("body")
    assert_czech(page)

    page.goto(demo_site.url + reverse("wagtailsnippets_kp_catalogue_service:list"))
    body = page.inner_text("body")
    assert "Přidat sociální službu" in body
    assert re.search(r"\d+ (sociální služba|sociální služby|sociálních služeb)", body)
    assert_czech(page)

    # Editing: the approval steps, checkbox lists with search, the map picker.
    page.goto(demo_site.url + reverse("wagtailsnippets_kp_catalogue_service:edit",
                                      args=[service.pk]))
    assert "Jak se změna dostane do veřejného katalogu" in page.inner_text("body")
    assert page.locator("input[type=checkbox][name=service_areas]").count() > 1
    # The service areas' own filter box: the nearest before their boxes (places and languages
    # have checklists with filter boxes of their own).
    search = page.locator("xpath=//input[@name='service_areas']"
                          "/preceding::input[contains(@class, 'kp-checklist-search')][1]").first
    search.fill("zzzz nic")
    assert page.locator("input[type=checkbox][name=service_areas]:visible").count() == 0
    search.fill("")
    latitude = page.locator("input[name='locations-0-latitude']")
    before = latitude.input_value()
    canvas = page.locator(".kp-map-picker-canvas").first
    canvas.scroll_into_view_if_needed()
    canvas.click(position={"x": 60, "y": 60})
    after = latitude.input_value()
    assert after != before and re.fullmatch(r"-?\d+\.\d{6}", after)
    assert_czech(page)
    click_footer_action(page, page.locator("button[name=action-submit]"))
    assert_czech(page)
    context.close()

    assert str(Service.objects.get(pk=service.pk).locations.get(pk=location.pk).latitude) \
        == before or before == ""  # nothing public before approval

    # The editor approves; the new position is then public.
    context = browser.new_context(locale="cs-CZ", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(demo_site.url + "/admin/login/")
    page.fill("#id_username", "admin")
    page.fill("#id_password", "kpss-demo-admin")
    with page.expect_navigation():
        page.locator("form button[type=submit]").first.click()
    page.goto(demo_site.url + reverse("wagtailsnippets_kp_catalogue_service:edit",
                                      args=[service.pk]))
    click_footer_action(page, page.locator(
        'button[data-workflow-action-name="approve"]:not([data-workflow-action-modal-url])'))
    context.close()
    assert f"{Location.objects.get(pk=location.pk).latitude:.6f}" == after
