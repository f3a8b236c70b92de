"""The public consultation in Chromium: keyboard-only commenting, axe, and inert XSS payloads."""

import re

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from kp_consultation.models import Comment, Decision, Status
from kp_consultation.settlement import settle
from tests.browser.axe import assert_no_axe_violations
from tests.factories.consultation import CommentFactory, ConsultedPageFactory, closed_period

pytestmark = pytest.mark.django_db(transaction=True)

PAYLOADS = [
    "<script>window.__xss = 1</script>",
    "<img src=x onerror=\"window.__xss = 1\">",
    "\"><svg onload=\"window.__xss = 1\">",
    "javascript:window.__xss = 1",
    "{{ 7|add:7 }}<b>tučně</b>",
]


@pytest.fixture
def site(settings, live_server, demo_db):
    settings.KP_CONSULTATION_MIN_FILL_SECONDS = 1
    cache.clear()
    from kpsite.home.models import HomePage

    home = HomePage.objects.get()
    open_draft = ConsultedPageFactory(parent=home, title="Návrh plánu 2026–2030",
                                      slug="navrh-planu")
    return live_server, open_draft, home


def tab_to(page, element_id, limit=250):
    """Press Tab until the element has focus; fail if the keyboard never reaches it."""
    for _ in range(limit):
        if page.evaluate("document.activeElement && document.activeElement.id") == element_id:
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"#{element_id} is not reachable with Tab")


def submit_by_keyboard(page):
    page.wait_for_timeout(1100)  # a person takes longer than the minimum fill time
    page.keyboard.press("Tab")
    while page.evaluate("document.activeElement.type") != "submit":
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")


def test_keyboard_only_comment_flow_is_axe_clean(page, site):
    server, draft, _home = site
    csp_errors = []
    page.on("console", lambda msg: csp_errors.append(msg.text)
            if "Content Security Policy" in msg.text else None)
    page.goto(server.url + draft.url)
    assert_no_axe_violations(page)
    tab_to(page, "kpc-financing-text")
    page.keyboard.type("Chybí terénní odlehčovací služba pro pečující rodiny.")
    tab_to(page, "kpc-financing-role")
    page.keyboard.press("ArrowDown")  # provider
    tab_to(page, "kpc-financing-author_name")
    page.keyboard.type("Jana Nováková")
    tab_to(page, "kpc-financing-municipality")
    page.keyboard.type("Kelč")
    submit_by_keyboard(page)
    # A name without consent: refused, with the text kept and the error announced.
    page.wait_for_url(f"**/konzultace/{draft.pk}/pripominka/#komentare-financing")
    alert = page.locator("#komentare-financing [role=alert]")
    assert "Opravte označená pole" in alert.inner_text()
    assert page.input_value("#kpc-financing-text").startswith("Chybí terénní")
    assert page.get_attribute("#kpc-financing-consent", "aria-invalid") == "true"
    assert_no_axe_violations(page)
    tab_to(page, "kpc-financing-consent")
    page.keyboard.press("Space")
    submit_by_keyboard(page)
    page.wait_for_url(re.compile(r"/navrh-planu/\?odeslano=[^#]+#komentare-financing$"))
    status = page.get_by_role("status")
    assert "Zveřejníme ji po schválení moderátorem" in status.inner_text()
    # The enhancement moves focus to the outcome for screen readers.
    expect(status).to_be_focused()
    assert_no_axe_violations(page)
    comment = Comment.objects.get(page=draft)
    assert (comment.section, comment.municipality, comment.status, comment.consent) == (
        "financing", "Kelč", Status.PENDING, True)
    # A moderator publishes it; it appears in its section.
    Comment.objects.filter(pk=comment.pk).update(status=Status.PUBLISHED)
    page.goto(server.url + draft.url)  # a fresh load, not a jump within the page
    assert page.locator("#komentare-financing .kpc-comment").inner_text().count(
        "Chybí terénní odlehčovací služba") == 1
    assert csp_errors == []


def test_form_works_without_javascript_and_keeps_text_on_error(browser, site):
    server, draft, _home = site
    context = browser.new_context(java_script_enabled=False, locale="cs-CZ")
    page = context.new_page()
    try:
        page.goto(server.url + draft.url)
        page.fill("#kpc-cely-dokument-text", "Připomínka bez JavaScriptu.")
        page.fill("#kpc-cely-dokument-author_name", "Jana Nováková")
        page.wait_for_timeout(1100)
        page.locator("#komentare form button[type=submit]").click()
        page.wait_for_url(f"**/konzultace/{draft.pk}/pripominka/#komentare")
        assert "souhlas se zpracováním" in page.locator("#komentare").inner_text().lower()
        assert page.input_value("#kpc-cely-dokument-text") == "Připomínka bez JavaScriptu."
        assert page.get_attribute("#kpc-cely-dokument-consent", "aria-invalid") == "true"
        page.check("#kpc-cely-dokument-consent")
        page.wait_for_timeout(1100)
        page.locator("#komentare form button[type=submit]").click()
        page.wait_for_url(re.compile(r"/navrh-planu/\?odeslano=[^#]+#komentare$"))
        assert "Děkujeme" in page.locator("#komentare [role=status]").inner_text()
        assert Comment.objects.get(page=draft).author_name == "Jana Nováková"
    finally:
        context.close()


def test_xss_payloads_in_every_field_are_inert(page, site):
    server, draft, home = site
    for payload in PAYLOADS:
        CommentFactory(page=draft, text=payload, author_name=payload, organisation=payload,
                       municipality=payload, section="financing")
        CommentFactory(page=draft, status=Status.REJECTED, moderation_reason=payload)
    settled = ConsultedPageFactory(parent=home, slug="vyporadany", **closed_period())
    for payload in PAYLOADS:
        CommentFactory(page=settled, text=payload, author_name=payload, organisation=payload,
                       decision=Decision.REJECTED, decision_reason=payload,
                       responsible_group=payload, next_draft_link=payload)
    settle(settled)
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for path in (draft.url, settled.url):
        page.goto(server.url + path)
        assert page.evaluate("window.__xss") is None, path
        body = page.locator("main").inner_text()
        for payload in PAYLOADS:
            assert payload in body, (path, payload)
        assert page.locator("main script").count() == 0
        assert page.locator("main img[onerror], main svg").count() == 0
        assert page.locator("main a[href^='javascript']").count() == 0
        assert_no_axe_violations(page)
    api = page.goto(server.url + f"/api/v3/consultations/{draft.pk}/comments/")
    assert api.headers["content-type"].startswith("application/json")
    assert dialogs == []
