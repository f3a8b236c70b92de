"""The measure page, the plan's dashboard, the network of services and a municipality's
statement in Chromium: axe-clean, no sideways scrolling at 320 px (also with the largest text),
and the mayor's way to the statement by keyboard without JavaScript."""

import pytest

from tests.browser.axe import assert_no_axe_violations
from tests.browser.test_reflow import check_layout

pytestmark = pytest.mark.django_db(transaction=True)

PLAN = "/komunitni-planovani/komunitni-plan-2012-2016/"
NETWORK = PLAN + "sit-socialnich-sluzeb/"
PAGES = [PLAN + "opatreni/2-1/", PLAN + "prehled/", NETWORK, NETWORK + "obec/kelc/"]


def test_pages_are_axe_clean_and_reflow_at_320_px(browser, demo_site):
    for size in ["normal", "large"]:
        context = browser.new_context(locale="cs-CZ", viewport={"width": 320, "height": 800})
        context.add_cookies([{"name": "kp_font_size", "value": size, "url": demo_site.url}])
        page = context.new_page()
        try:
            for path in PAGES:
                check_layout(page, demo_site.url + path, f"{path} at 320 px, text {size}")
                assert_no_axe_violations(page)
        finally:
            context.close()


def test_a_mayor_downloads_the_statement_by_keyboard_without_javascript(browser, demo_site):
    context = browser.new_context(java_script_enabled=False, locale="cs-CZ",
                                  accept_downloads=True)
    page = context.new_page()
    try:
        page.goto(demo_site.url + NETWORK)
        assert "VH 6/2013" in page.locator("main").inner_text()
        page.get_by_role("link", name="Výpis pro obec Kelč").focus()
        page.keyboard.press("Enter")
        page.wait_for_url("**/obec/kelc/")
        assert page.get_by_role("heading", level=1).inner_text() == \
            "Výpis spolufinancování pro obec Kelč"
        with page.expect_download() as download:
            page.get_by_role("link", name="Stáhnout výpis (PDF)").click()
        assert download.value.suggested_filename.startswith("spolufinancovani-kelc-")
        with open(download.value.path(), "rb") as pdf:
            assert pdf.read(4) == b"%PDF"
    finally:
        context.close()


def test_the_measure_chart_is_an_image_with_its_numbers(page, demo_site):
    page.goto(demo_site.url + PLAN + "opatreni/2-1/")
    chart = page.get_by_role("img", name="Počet obcí s pečovatelskou službou (obce)")
    assert chart.is_visible()
    assert "2015: 16" in page.locator("section.indicator svg desc").first.text_content()
