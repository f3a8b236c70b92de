"""A paragraph comment and a co-signature in Chromium, by keyboard alone and by touch on a
390 px viewport (CONSUL's annotations fail on touch devices: these are links and buttons)."""

import re

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from kp_consultation.models import Comment, CoSignature
from kp_plans.models import PlanDraftPage
from tests.browser.axe import assert_no_axe_violations

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def draft(demo_site, settings):
    settings.KP_CONSULTATION_MIN_FILL_SECONDS = 1
    cache.clear()
    return PlanDraftPage.objects.get(slug="navrh-verze-2")


@pytest.fixture
def touch_page(browser):
    context = browser.new_context(locale="cs-CZ", viewport={"width": 390, "height": 844},
                                  has_touch=True, is_mobile=True, device_scale_factor=2)
    page = context.new_page()
    yield page
    context.close()


def tab_until(page, predicate, limit=400):
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(predicate):
            return
    raise AssertionError(f"the keyboard never reached: {predicate}")


def focused_text(text):
    return f"document.activeElement && document.activeElement.textContent.includes({text!r})"


def test_paragraph_comment_and_cosign_by_keyboard(page, draft, demo_site):
    page.goto(demo_site.url + draft.url)
    tab_until(page, focused_text("Připomínkovat odstavec 3.1"))
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"\?odstavec=odst-1#komentare-seniori$"))
    expect(page.locator("#kpc-seniori-paragraph")).to_have_value("odst-1")
    tab_until(page, "document.activeElement.id === 'kpc-seniori-text'")
    page.keyboard.type("Odlehčovací službu potřebujeme i v Poličné.")
    page.wait_for_timeout(1100)
    tab_until(page, "document.activeElement.classList.contains('kpc-form__submit') && "
                    "!!document.activeElement.closest('#komentare-seniori')")
    page.keyboard.press("Enter")
    expect(page.locator("#komentare-seniori .kpc-flash--success")).to_be_visible()
    comment = Comment.objects.get(text="Odlehčovací službu potřebujeme i v Poličné.")
    assert (comment.section, comment.paragraph) == ("seniori", "odst-1")

    before = CoSignature.objects.count()
    page.goto(demo_site.url + draft.url)
    tab_until(page, focused_text("Připojit se"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Připojit se k připomínce", exact=True)).to_be_visible()
    page.wait_for_timeout(1100)
    tab_until(page, "document.activeElement.classList.contains('kpc-form__submit')")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Děkujeme, připojili jste se k připomínce.")).to_be_visible()
    assert CoSignature.objects.count() == before + 1


def test_paragraph_comment_and_cosign_by_touch_at_390_px(touch_page, draft, demo_site):
    page = touch_page
    page.goto(demo_site.url + draft.url)
    link = page.get_by_role("link", name="Připomínkovat odstavec 2.1")
    box = link.bounding_box()
    assert box["height"] >= 44 and box["x"] + box["width"] <= 390  # a finger-sized target
    link.tap()
    expect(page).to_have_url(re.compile(r"\?odstavec=odst-1#komentare-analyza-zdroju-a-potreb$"))
    form = page.locator("#komentare-analyza-zdroju-a-potreb form")
    expect(form.locator("select[name=paragraph]")).to_have_value("odst-1")
    form.locator("textarea[name=text]").tap()
    page.keyboard.type("Chybí počet odmítnutých žadatelů.")
    page.wait_for_timeout(1100)
    form.locator("button[type=submit]").tap()
    expect(page.locator("#komentare-analyza-zdroju-a-potreb .kpc-flash--success")).to_be_visible()
    comment = Comment.objects.get(text="Chybí počet odmítnutých žadatelů.")
    assert (comment.section, comment.paragraph) == ("analyza-zdroju-a-potreb", "odst-1")
    # Nothing wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    before = CoSignature.objects.count()
    page.goto(demo_site.url + draft.url)
    join = page.locator("a.kpc-cosign").first
    assert join.bounding_box()["height"] >= 44
    join.tap()
    page.wait_for_timeout(1100)
    page.get_by_role("button", name="Připojit se k připomínce").tap()
    expect(page.get_by_text("Děkujeme, připojili jste se k připomínce.")).to_be_visible()
    assert CoSignature.objects.count() == before + 1
    # The same phone cannot join the same comment twice.
    page.go_back()
    page.go_back()
    page.locator("a.kpc-cosign").first.tap()
    expect(page.get_by_text("Už jste se k této připomínce připojili.")).to_be_visible()
    assert CoSignature.objects.count() == before + 1


def test_tracing_cosign_and_notice_pages_are_axe_clean(page, draft, demo_site):
    page.goto(demo_site.url + draft.url + "zmeny-z-pripominek/")
    expect(page.locator("#zmena-financovani .trace__comments")).to_contain_text(
        "kolik která služba stojí")
    assert_no_axe_violations(page)
    page.goto(demo_site.url + draft.url)
    assert_no_axe_violations(page)
    page.locator("a.kpc-cosign").first.click()
    expect(page.get_by_role("button", name="Připojit se k připomínce")).to_be_visible()
    assert_no_axe_violations(page)
    previous = PlanDraftPage.objects.get(slug="navrh-verze-1")
    page.goto(f"{demo_site.url}/konzultace/{previous.pk}/vyporadani/vyveska/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Vypořádání připomínek")
    assert_no_axe_violations(page)
