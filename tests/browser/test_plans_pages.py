"""The planning pages of the demo in Chromium: axe-clean, no CSP violations, usable without JS."""

import pytest

from tests.browser.axe import assert_no_axe_violations

pytestmark = pytest.mark.django_db(transaction=True)

BASE = "/komunitni-planovani/"
PLAN = BASE + "komunitni-plan-2012-2016/"
PAGES = [
    BASE, BASE + "pracovni-skupiny/", BASE + "pracovni-skupiny/seniori/",
    BASE + "pracovni-skupiny/manazersky-tym/", PLAN, PLAN + "navrh-verze-2/",
    PLAN + "navrh-verze-2/porovnani/", PLAN + "navrh-verze-1/", PLAN + "akcni-plan-2013/",
    BASE + "konference-2012/", BASE + "akce/", BASE + "akce/den-socialnich-sluzeb/",
    BASE + "dotaznik-potreb/",
]


def test_planning_pages_are_axe_clean_without_csp_errors(page, demo_site):
    csp_errors = []
    page.on("console", lambda msg: csp_errors.append(msg.text)
            if "Content Security Policy" in msg.text else None)
    for path in PAGES:
        response = page.goto(demo_site.url + path)
        assert response.status == 200, path
        assert_no_axe_violations(page)
    assert csp_errors == []


def test_the_cycle_can_be_followed_by_keyboard_without_javascript(browser, demo_site):
    context = browser.new_context(java_script_enabled=False, locale="cs-CZ")
    page = context.new_page()
    try:
        page.goto(demo_site.url + BASE)
        page.get_by_role("link", name="Komunitní plán sociálních služeb 2012–2016").focus()
        page.keyboard.press("Enter")
        page.wait_for_url("**" + PLAN)
        page.get_by_role("link", name="Návrh komunitního plánu – verze 2.0").click()
        assert "zbývá" in page.locator(".countdown").inner_text()
        page.get_by_role("link", name="Porovnat s jiným návrhem po oddílech").click()
        # click() returns once the navigation commits; count() does not wait, so wait for the
        # whole comparison to load first (CI counted a half-parsed page once).
        page.wait_for_url("**" + PLAN + "navrh-verze-2/porovnani/", wait_until="load")
        assert page.locator("section.diff-section ins").count() >= 1
        page.goto(demo_site.url + BASE + "dotaznik-potreb/")
        page.get_by_label("Jste").select_option("uživatel služby")
        page.get_by_label("Kterou sociální službu postrádáte?").fill("Odlehčovací službu")
        page.get_by_label("Kterou sociální službu postrádáte?").press("Tab")
        assert page.evaluate("document.activeElement.textContent.trim()") == "Odeslat odpovědi"
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert "Děkujeme za vaše odpovědi." in page.content()
    finally:
        context.close()


def test_action_plan_chart_is_an_svg_image_with_numbers(page, demo_site):
    page.goto(demo_site.url + PLAN + "akcni-plan-2013/")
    chart = page.get_by_role("img", name="Položky podle stavu")
    assert chart.is_visible()
    assert "splněno: 3" in page.locator("svg.chart desc").text_content()
