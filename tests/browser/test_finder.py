"""Finding help in Chromium: the needs finder by keyboard only with JavaScript off, contacts
within one phone screen, a shortlist of four that prints and downloads, axe-clean pages."""

import pytest

from tests.browser.axe import assert_no_axe_violations

pytestmark = pytest.mark.django_db(transaction=True)

CATALOGUE = "/katalog-socialnich-sluzeb/"


@pytest.fixture
def no_js_page(browser):
    context = browser.new_context(locale="cs-CZ", java_script_enabled=False,
                                  viewport={"width": 390, "height": 844})
    page = context.new_page()
    yield page
    context.close()


def focused_text(page):
    return page.evaluate("document.activeElement ? document.activeElement.innerText : ''")


def tab_to(page, text=None, name=None, limit=80):
    """Press Tab until the focus is on the element with this text (or form field name)."""
    for _step in range(limit):
        page.keyboard.press("Tab")
        if name is not None and page.evaluate("document.activeElement.name") == name:
            return
        if text is not None and focused_text(page).strip() == text:
            return
    raise AssertionError(f"{text or name!r} not reached by Tab")


def test_mother_in_kelc_needs_help_at_home_by_keyboard_without_javascript(no_js_page,
                                                                          demo_site):
    page = no_js_page
    page.goto(demo_site.url + "/")
    # Action 1: the situation on the home page's "Hledám pomoc" block.
    tab_to(page, "Potřebuji pomoc doma")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "situace=pomoc-doma" in page.url
    # Action 2: the municipality (arrows move within a radio group), her age, submit.
    tab_to(page, name="obec")  # Tab enters the radio group at its first radio
    while page.evaluate("document.activeElement.value") != "kelc":
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "vek"
    while page.evaluate("document.activeElement.value") != "starsi-seniori":
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    assert focused_text(page) == "Zobrazit služby"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "obec=kelc" in page.url and "vek=starsi-seniori" in page.url
    titles = page.locator(".service-card .card__title").all_inner_texts()
    assert titles == ["Pečovatelská služba Kelč", "Tísňová péče Kelečsko"]
    assert page.locator("h2#finder-results").inner_text() == "2 služby pro obec Kelč"


def test_detail_shows_phone_email_and_address_within_one_phone_screen(no_js_page, demo_site):
    from kp_catalogue.models import CatalogueIndexPage, Service

    catalogue = CatalogueIndexPage.objects.get()
    service = Service.objects.get(name="Pečovatelská služba Kelč")
    page = no_js_page
    page.goto(demo_site.url + catalogue.service_url(service))
    for selector in [".service-contacts a[href^='tel:']", ".service-contacts a[href^='mailto:']",
                     ".service-contacts dd:has-text('Kelč')"]:
        box = page.locator(selector).first.bounding_box()
        assert box is not None and box["y"] + box["height"] <= 844, selector


def test_a_shortlist_of_four_prints_and_downloads(no_js_page, demo_site):
    page = no_js_page
    page.goto(demo_site.url + CATALOGUE + "?obec=kelc")
    names = page.locator(".service-card .card__title").all_inner_texts()[:4]
    for name in names:
        card = page.locator(".service-card", has_text=name).first
        with page.expect_navigation():
            card.locator(".shortlist-toggle a").click()
    assert page.url.count("s=") == 4
    assert "obec=kelc" in page.url  # the filters stay
    with page.expect_navigation():
        page.locator(".shortlist-bar a").click()
    assert page.locator("h1").inner_text() == "Můj výběr sociálních služeb"
    assert page.locator("article.print-service h2").all_inner_texts() == names
    page.emulate_media(media="print")
    assert page.locator(".shortlist-actions").is_hidden()
    assert page.locator("article.print-service").count() == 4
    page.emulate_media(media="screen")
    pdf_url = page.get_by_role("link", name="Stáhnout PDF").get_attribute("href")
    response = page.request.get(demo_site.url + pdf_url)
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body()[:5] == b"%PDF-"


def test_finder_and_shortlist_pages_are_axe_clean(page, demo_site):
    from kp_catalogue.models import Service

    ids = "&".join(f"s={pk}" for pk in Service.objects.filter(live=True)
                   .order_by("pk").values_list("pk", flat=True)[:4])
    for path in ["co-potrebuji/", "co-potrebuji/?situace=pomoc-doma",
                 "co-potrebuji/?situace=pomoc-doma&obec=kelc",
                 "co-potrebuji/?situace=pomoc-doma&obec=kelc&vek=vse",
                 "muj-vyber/?" + ids, "?blizko=kelc&" + ids]:
        response = page.goto(demo_site.url + CATALOGUE + path)
        assert response.status == 200, path
        assert_no_axe_violations(page)
