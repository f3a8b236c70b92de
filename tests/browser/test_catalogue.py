"""The public catalogue in Chromium: axe-clean pages, keyboard-only filtering, the map."""

import pytest

from tests.browser.axe import assert_no_axe_violations

pytestmark = pytest.mark.django_db(transaction=True)

CATALOGUE = "/katalog-socialnich-sluzeb/"


def collect_csp_errors(page):
    errors = []
    page.on("console", lambda msg: errors.append(msg.text)
            if "Content Security Policy" in msg.text else None)
    return errors


def test_catalogue_pages_are_axe_clean(page, demo_site):
    from kp_catalogue.models import CatalogueIndexPage, Service

    catalogue = CatalogueIndexPage.objects.get()
    service = Service.objects.filter(live=True).order_by("pk").first()
    csp_errors = collect_csp_errors(page)
    paths = [
        CATALOGUE, CATALOGUE + "?skupina=24&obec=kelc", CATALOGUE + "?q=nic-takoveho",
        catalogue.service_url(service), catalogue.provider_url(service.provider),
        CATALOGUE + "tisk/?skupina=24", CATALOGUE + "mapa/",
    ]
    for path in paths:
        response = page.goto(demo_site.url + path)
        assert response.status == 200, path
        assert_no_axe_violations(page)
    assert csp_errors == []


def test_keyboard_only_filtering(page, demo_site):
    page.goto(demo_site.url + CATALOGUE)
    page.focus("#f-q")
    page.keyboard.type("pecovatelska")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "f-obec"
    page.keyboard.type("Kel")  # type-ahead picks the option in a closed select
    assert page.locator("#f-obec").input_value() == "kelc"
    page.keyboard.press("Shift+Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")  # submits the GET form
    assert "q=pecovatelska" in page.url and "obec=kelc" in page.url
    titles = page.locator(".service-card .card__title").all_inner_texts()
    assert titles == ["Pečovatelská služba Kelč"]
    # Follow the result link with the keyboard.
    page.locator(".service-card .card__title a").first.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("h1").inner_text() == "Pečovatelská služba Kelč"


def test_map_shows_markers_with_javascript_and_list_without(browser, page, demo_site):
    csp_errors = collect_csp_errors(page)
    page.goto(demo_site.url + CATALOGUE + "mapa/?skupina=zavislosti")
    # map.js marks the map once its markers are drawn at their final zoom; counting earlier
    # could catch a zoom animation, when the old and the new clusters are both on the page.
    page.wait_for_selector("#catalogue-map[data-places]")
    assert page.locator(".leaflet-marker-icon").count() > 0
    # Markers close together are drawn as one cluster icon that shows how many it holds.
    singles = page.locator(".leaflet-marker-icon:not(.marker-cluster)").count()
    clustered = sum(int(text) for text in page.locator(".marker-cluster").all_inner_texts())
    places = page.locator(".place-list li").count()
    assert singles + clustered == places > 0
    # The whole catalogue: dense places cluster, and the base layer is the municipality outlines
    # from this site's static files (no tile host), each polygon drawn and named.
    page.goto(demo_site.url + CATALOGUE + "mapa/")
    page.wait_for_selector("#catalogue-map[data-places]")
    page.wait_for_selector(".marker-cluster")
    page.wait_for_selector(".map-outline-label")
    total = page.locator(".place-list li").count()
    singles = page.locator(".leaflet-marker-icon:not(.marker-cluster)").count()
    clustered = sum(int(text) for text in page.locator(".marker-cluster").all_inner_texts())
    assert clustered > 1 and singles + clustered == total
    labels = set(page.locator(".map-outline-label").all_inner_texts())
    assert {"Kelč", "Zašová", "Valašské Meziříčí"} <= labels
    assert page.locator(".leaflet-overlay-pane path").count() == len(labels)
    assert csp_errors == []

    context = browser.new_context(java_script_enabled=False, locale="cs-CZ")
    no_js = context.new_page()
    try:
        no_js.goto(demo_site.url + CATALOGUE + "mapa/?skupina=zavislosti")
        assert not no_js.locator("#catalogue-map").is_visible()
        assert no_js.locator(".place-list li").count() == places
    finally:
        context.close()


def test_print_view_uses_print_stylesheet(page, demo_site):
    page.goto(demo_site.url + CATALOGUE + "tisk/?obec=zasova")
    page.emulate_media(media="print")
    assert not page.locator(".main-nav").first.is_visible()
    assert page.locator(".print-stamp").inner_text().startswith("Stav k ")
