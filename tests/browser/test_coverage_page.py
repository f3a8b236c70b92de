"""The demo's coverage page in Chromium: axe-clean, reflows at 320 px (also with the largest
text), and a gap leads by keyboard, without JavaScript, to the measure addressing it."""

import pytest

from tests.browser.axe import assert_no_axe_violations
from tests.browser.test_reflow import check_layout

pytestmark = pytest.mark.django_db(transaction=True)

COVERAGE = "/komunitni-planovani/pokryti-potreb/"
RESULTS = "/komunitni-planovani/dotaznik-potreb/vysledky/"


def test_coverage_and_results_are_axe_clean_and_reflow_at_320(browser, page, demo_site):
    for path in (COVERAGE, COVERAGE + "?skupina=disabled", RESULTS):
        response = page.goto(demo_site.url + path)
        assert response.status == 200, path
        assert_no_axe_violations(page)
    for size in ("normal", "large"):
        context = browser.new_context(locale="cs-CZ", viewport={"width": 320, "height": 800})
        context.add_cookies([{"name": "kp_font_size", "value": size, "url": demo_site.url}])
        narrow = context.new_page()
        try:
            for path in (COVERAGE, RESULTS):
                check_layout(narrow, demo_site.url + path, f"{path} at 320 px, text {size}")
        finally:
            context.close()


def test_a_gap_leads_to_its_measure_without_javascript(browser, demo_site):
    context = browser.new_context(java_script_enabled=False, locale="cs-CZ")
    page = context.new_page()
    try:
        page.goto(demo_site.url + COVERAGE)
        page.get_by_label("Cílová skupina").select_option("disabled")
        with page.expect_navigation():  # waits for the load, so is_visible() sees the page
            page.get_by_role("button", name="Zobrazit", exact=True).click()
        assert "skupina=disabled" in page.url
        assert page.get_by_role("img", name="Obce vybarvené podle počtu cílových skupin bez "
                                             "služby (schematické hranice)").is_visible()
        gaps = page.locator("section[aria-labelledby=coverage-gaps]")
        assert "Zdravotně postižení" in gaps.inner_text()
        gaps.get_by_role("link", name="opatření 3.1").first.focus()
        page.keyboard.press("Enter")
        page.wait_for_url("**/komunitni-plan-2012-2016/#opatreni-3-1")
        assert "Rozvoj osobní asistence" in page.locator("#opatreni-3-1").inner_text()
    finally:
        context.close()
