"""Layouts that hold at every width (WCAG 1.4.10 Reflow) and form errors that are seen.

One demo load per test: each width visits one page of every public page type, and at 320 px
also with the largest text size (A+), the size the elderly reader picks on a phone.
"""

import datetime as dt

import pytest
from django.utils import timezone

from kp_plans.models import ConferencePage
from tests.browser.axe import assert_no_axe_violations

pytestmark = pytest.mark.django_db(transaction=True)

DRAFT = "/komunitni-planovani/komunitni-plan-2012-2016/navrh-verze-2/"
PAGES = [
    "/", "/co-je-komunitni-planovani/", "/projekt-esf/", "/aktuality/",
    "/aktuality/zahajeni-projektu/", "/hledat/?q=senior",
    "/katalog-socialnich-sluzeb/", "/katalog-socialnich-sluzeb/mapa/",
    "/komunitni-planovani/", "/komunitni-planovani/pracovni-skupiny/",
    "/komunitni-planovani/pracovni-skupiny/seniori/",
    "/komunitni-planovani/komunitni-plan-2012-2016/", DRAFT, DRAFT + "pripominky/cely-dokument/",
    "/komunitni-planovani/komunitni-plan-2012-2016/akcni-plan-2013/",
    "/komunitni-planovani/akce/", "/komunitni-planovani/akce/den-socialnich-sluzeb/",
    "/komunitni-planovani/konference-2012/", "/komunitni-planovani/dotaznik-potreb/",
]

# What sticks out: the page wider than the window, any element right of the window (except
# inside a scrollable table region, which scrolls by design, and inside the map, which clips its
# layers), anything wider than its card.
LAYOUT = """() => {
    const width = document.documentElement.clientWidth;
    const visible = (el) => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
    const name = (el) => el.tagName.toLowerCase() + (el.className ? '.' + el.className : '')
        + ' "' + (el.textContent || '').trim().slice(0, 40) + '"';
    const outside = [...document.querySelectorAll('body *')].filter((el) => visible(el)
        && !el.closest('.table-wrap, .leaflet-container, .visually-hidden, .kpc-hp, .skip-link')
        && el.getBoundingClientRect().right > width + 1).map(name);
    const overflowing = [];
    for (const card of document.querySelectorAll('.card')) {
        const box = card.getBoundingClientRect();
        for (const el of card.querySelectorAll('*')) {
            if (visible(el) && !el.closest('.visually-hidden')
                && el.getBoundingClientRect().right > box.right + 1) overflowing.push(name(el));
        }
    }
    return {scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth,
            outside: outside.slice(0, 5), overflowing: overflowing.slice(0, 5)};
}"""


def check_layout(page, url, label):
    response = page.goto(url)
    assert response.status == 200, label
    layout = page.evaluate(LAYOUT)
    assert layout["scrollWidth"] <= layout["innerWidth"], (label, layout)
    assert layout["outside"] == [], (label, layout)
    assert layout["overflowing"] == [], (label, layout)


@pytest.mark.parametrize("width", [320, 390, 1366])
def test_no_page_scrolls_sideways_and_nothing_leaves_its_card(browser, demo_site, width):
    sizes = ["normal", "large"] if width == 320 else ["normal"]
    paths = PAGES + detail_pages(browser, demo_site)
    for size in sizes:
        context = browser.new_context(locale="cs-CZ", viewport={"width": width, "height": 800})
        context.add_cookies([{"name": "kp_font_size", "value": size, "url": demo_site.url}])
        page = context.new_page()
        try:
            for path in paths:
                check_layout(page, demo_site.url + path, f"{path} at {width} px, text {size}")
        finally:
            context.close()
    if width == 320:
        assert_wide_tables_scroll_in_labelled_regions(browser, demo_site)


def detail_pages(browser, demo_site):
    """A service and its provider: their addresses carry database ids, so they are looked up."""
    context = browser.new_context(locale="cs-CZ")
    page = context.new_page()
    try:
        page.goto(demo_site.url + "/katalog-socialnich-sluzeb/")
        service = page.locator(".service-card a").first.get_attribute("href")
        page.goto(demo_site.url + service)
        provider = page.locator("main a[href*='/poskytovatel/']").first.get_attribute("href")
        return [service, provider]
    finally:
        context.close()


def assert_wide_tables_scroll_in_labelled_regions(browser, demo_site):
    context = browser.new_context(locale="cs-CZ", viewport={"width": 320, "height": 800})
    page = context.new_page()
    try:
        page.goto(demo_site.url + "/komunitni-planovani/komunitni-plan-2012-2016/akcni-plan-2013/")
        regions = page.locator(".table-wrap")
        assert regions.count() >= 1
        for index in range(regions.count()):
            region = regions.nth(index)
            assert region.get_attribute("role") == "region"
            assert region.get_attribute("tabindex") == "0"
            labelled_by = region.get_attribute("aria-labelledby")
            label = (region.get_attribute("aria-label")
                     or (page.locator(f"#{labelled_by}").inner_text() if labelled_by else ""))
            assert label.strip(), index
        assert_no_axe_violations(page)
    finally:
        context.close()


def test_invalid_conference_registration_puts_focus_on_the_error_summary(page, demo_site):
    now = timezone.now()
    ConferencePage.objects.update(start=now + dt.timedelta(days=20),
                                  end=now + dt.timedelta(days=20, hours=6),
                                  registration_closes=now + dt.timedelta(days=10), capacity=None)
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(demo_site.url + "/komunitni-planovani/konference-2012/")
    submit = page.locator("main form button[type=submit]")
    submit.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")  # sent empty, by keyboard
    summary = page.locator("[data-error-summary]")
    assert summary.is_visible()
    page.wait_for_function("document.activeElement && document.activeElement.matches('[data-error-summary]')")
    assert page.locator("[data-error-summary] h2").inner_text() == "Formulář obsahuje chyby"
    # Every link leads to a field that exists and describes its error through aria-describedby.
    links = summary.locator("a")
    assert links.count() >= 1
    for index in range(links.count()):
        target = links.nth(index).get_attribute("href")[1:]
        field = page.locator(f"#{target}")
        assert field.count() == 1
        for described in (field.get_attribute("aria-describedby") or "").split():
            assert page.locator(f"#{described}").count() == 1, described
        assert field.get_attribute("aria-invalid") == "true"
    page.keyboard.press("Tab")
    first = links.first.get_attribute("href")[1:]
    assert page.evaluate("document.activeElement.getAttribute('href')") == f"#{first}"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == first
    ids = page.evaluate("[...document.querySelectorAll('[id]')].map((el) => el.id)")
    assert sorted({i for i in ids if ids.count(i) > 1}) == []
    assert_no_axe_violations(page)


def test_comment_form_opens_from_its_button_and_errors_are_summarised(page, demo_site):
    page.goto(demo_site.url + DRAFT)
    section = page.locator("section.draft-section").first
    form = section.locator("form")
    assert not form.is_visible()
    section.locator("summary").focus()
    page.keyboard.press("Enter")
    assert form.is_visible()
    form.locator("textarea").fill("Chybí odlehčovací služba.")
    form.locator("input[name=author_name]").fill("Jana Nováková")  # a name, but no consent
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    page.wait_for_function(
        "document.activeElement && document.activeElement.matches('[data-kpc-error-summary]')")
    summary = page.locator("[data-kpc-error-summary]")
    assert "souhlas" in summary.inner_text().lower()
    assert section.locator("details").get_attribute("open") is not None  # reopened for the fix
    ids = page.evaluate("[...document.querySelectorAll('[id]')].map((el) => el.id)")
    assert sorted({i for i in ids if ids.count(i) > 1}) == []
    assert_no_axe_violations(page)
    page.goto(demo_site.url + DRAFT + "pripominky/cely-dokument/")
    assert_no_axe_violations(page)
