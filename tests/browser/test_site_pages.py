import pytest

from tests.browser.axe import assert_no_axe_violations

pytestmark = pytest.mark.django_db(transaction=True)

PAGES = ["/", "/co-je-komunitni-planovani/", "/projekt-esf/", "/aktuality/",
         "/aktuality/zahajeni-projektu/", "/prohlaseni-o-pristupnosti/", "/osobni-udaje/"]


def test_site_pages_are_axe_clean(page, demo_site):
    csp_errors = []
    page.on("console", lambda msg: csp_errors.append(msg.text)
            if "Content Security Policy" in msg.text else None)
    for path in PAGES:
        response = page.goto(demo_site.url + path)
        assert response.status == 200, path
        assert_no_axe_violations(page)
    assert csp_errors == []


def test_skip_link_is_first_tab_stop_and_moves_focus_to_main(page, demo_site):
    page.goto(demo_site.url + "/projekt-esf/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Přeskočit na obsah"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_font_size_control_persists_across_pages_with_javascript(page, demo_site):
    page.goto(demo_site.url + "/")
    page.get_by_role("link", name="Větší písmo").click()
    assert "fs-large" in page.evaluate("document.documentElement.className")
    page.goto(demo_site.url + "/projekt-esf/")
    assert "fs-large" in page.evaluate("document.documentElement.className")


def test_font_size_control_works_without_javascript(browser, demo_site):
    context = browser.new_context(java_script_enabled=False, locale="cs-CZ")
    page = context.new_page()
    try:
        page.goto(demo_site.url + "/projekt-esf/")
        with page.expect_navigation():
            page.get_by_role("link", name="Menší písmo").click()
        assert page.url == demo_site.url + "/projekt-esf/"
        assert "fs-small" in page.locator("html").get_attribute("class")
    finally:
        context.close()


def test_search_by_keyboard_without_diacritics_is_axe_clean(page, demo_site):
    page.goto(demo_site.url + "/")
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")  # the site name
    page.keyboard.press("Tab")  # the search field in the header
    assert page.evaluate("document.activeElement.id") == "header-search-query"
    page.keyboard.type("pecovatelska")
    page.keyboard.press("Enter")
    page.wait_for_url("**/hledat/?q=pecovatelska")
    assert page.locator("h1").inner_text() == "Hledat"
    services = page.locator("section[aria-labelledby=search-services] li a")
    assert services.count() >= 1
    assert "Pečovatelská" in services.first.inner_text()
    assert_no_axe_violations(page)
    page.goto(demo_site.url + "/hledat/?q=xyzzy")
    assert "neodpovídá žádná stránka" in page.locator("main").inner_text()
    assert_no_axe_violations(page)
