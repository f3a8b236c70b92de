"""The public look's assets: every stylesheet, script and image a template names is there, no
CSS reaches another host (the Content-Security-Policy is 'self'), and the vendored Gov.cz
component styles are the small, aliased, valid-HTML variant that `make vendor` makes."""

import importlib.util
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

from tests.factories.site import NewsIndexPageFactory, NewsPageFactory, TextPageFactory
from tests.site.test_pages import soup

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE_DIRS = [ROOT / "site" / "templates"] + [
    ROOT / app / "templates" for app in ("kp_catalogue", "kp_plans", "kp_consultation")
]
STATIC_DIRS = [ROOT / "site" / "static"] + [
    ROOT / app / "static" for app in ("kp_catalogue", "kp_plans", "kp_consultation")
]
GOV = ROOT / "site" / "static" / "vendor" / "gov"
EXTERNAL = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])\s*(?:[a-z][a-z0-9+.-]*:)?//""", re.I)
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)""")


def load_vendor_script():
    spec = importlib.util.spec_from_file_location("vendor_gov", ROOT / ".ci" / "vendor_gov.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def css_files():
    return [path for folder in STATIC_DIRS for path in folder.rglob("*.css")]


def test_every_static_file_a_template_names_exists():
    named = set()
    for folder in TEMPLATE_DIRS:
        for template in folder.rglob("*.html"):
            named |= set(re.findall(r"""{%\s*static\s+['"]([^'"]+)['"]""", template.read_text()))
    assert "vendor/gov/components.css" in named
    missing = sorted(name for name in named if not finders.find(name))
    assert missing == []


def test_no_stylesheet_reaches_another_host():
    files = css_files()
    assert GOV / "components.css" in files
    offenders = [str(path.relative_to(ROOT)) for path in files if EXTERNAL.search(path.read_text())]
    assert offenders == []


def test_the_external_host_check_would_catch_one():
    for text in ['a{background:url("https://x.example/a.png")}', "a{background:url(//x.example/a)}",
                 '@import "http://x.example/a.css";', "a{mask:url( 'HTTPS://x.example/i.svg' )}"]:
        assert EXTERNAL.search(text), text
    assert not EXTERNAL.search('a{mask:url("../vendor/gov/icons/search.svg")}')


def test_every_file_a_stylesheet_points_to_exists():
    for path in css_files():
        for target in CSS_URL.findall(path.read_text()):
            if target.startswith(("data:", "#")):
                continue
            assert (path.parent / target).resolve().is_file(), (path, target)


@pytest.mark.django_db
def test_base_template_loads_the_component_styles_between_the_tokens_and_the_site(client, home_page):
    hrefs = [link["href"] for link in soup(client.get("/")).select("link[rel=stylesheet]")]
    order = [next(i for i, href in enumerate(hrefs) if href.endswith(name))
             for name in ("vendor/gov/tokens.css", "vendor/gov/components.css", "css/site.css")]
    assert order == sorted(order)


def test_vendored_components_are_the_small_html_variant_with_the_sites_aliases():
    css = (GOV / "components.css").read_text()
    assert len(css.encode()) < 80_000  # gov-button.css alone is 173 kB before filtering
    # The plain-HTML variant selects variants with data attributes, so nothing clashes with
    # <button type="submit">; the web component's [type=solid] is gone.
    assert "[data-type=solid]" in css
    assert not re.search(r"\[type=(?:solid|outlined|link|base)\]", css)
    # Unused sizes and web-component element selectors are filtered out.
    assert "[data-size=xl]" not in css
    assert not re.search(r"(?:^|[,}])gov-button[\s,{.:\[]", css)
    # The site's own classes carry the system's rules.
    for alias in [".button:not([data-type]):not([data-color]),", ".gov-card,.card{", ".notice:not([data-color])",
                  ".notice.notice--error:not([data-color])", ".form__error", ".kpc-field > label",
                  "main form button[type=submit]:not([data-type]):not([data-color])"]:
        assert alias in css, alias
    assert "EUPL-1.2" in (GOV / "LICENCE.md").read_text()
    assert "components.css" in (GOV / "VERSIONS.md").read_text()


def test_vendor_filter_drops_unused_variants_and_element_selectors():
    vendor = load_vendor_script()
    source = (
        "gov-button,.gov-button{height:2.5rem}"
        ".gov-button[data-size=xl]{height:4rem}"
        ".gov-button[data-type=solid][data-color=primary]{background:blue}"
        ".gov-button[data-type=solid][data-color=secondary]{background:yellow}"
        ".gov-button[data-type=outlined][data-color=primary]{border-color:blue}"
        "@media not all and (pointer: coarse){.gov-button[data-type=solid][data-color=primary]:hover"
        "{background:navy}.gov-button[data-size=s]:hover{color:red}}"
        "@media(max-width: 10em){.gov-button[data-size=l]{height:3rem}}"
        ".gov-pagination .is-active .gov-button[data-type=solid][data-color=primary]{color:white}"
    )
    out = vendor.filter_css(source)
    assert not re.search(r"(?:^|[,}])gov-button[,{]", out)  # the web component's element
    assert "data-size" not in out and "data-color=secondary" not in out and "yellow" not in out
    assert "max-width: 10em" not in out  # an @media left empty is dropped
    assert ".gov-button,.button,main form button[type=submit]" in out
    # A variant's alias has the same specificity as the system's selector.
    assert (".button:not([data-type]):not([data-color]),"
            "main form button[type=submit]:not([data-type]):not([data-color]){background:blue}") in out
    assert ("@media not all and (pointer: coarse){.gov-button[data-type=solid][data-color=primary]"
            ":hover,.button:not([data-type]):not([data-color]):hover,") in out
    assert ".button--secondary:not([data-type]):not([data-color])," in out
    # The outlined variant is not given to `.button` by the base alias.
    assert ".button[data-type=outlined]" not in out
    # Only a selector that starts with the component is aliased.
    assert ".gov-pagination .is-active .gov-button[data-type=solid][data-color=primary]{color:white}" in out


@pytest.mark.parametrize(
    ("selector", "expected"),
    [
        (".gov-card", [".card"]),
        ("a.gov-card:hover", ["a.card:hover"]),
        (".gov-card__content", []),  # a longer class name is not the component
        (".gov-message[data-color=error][data-type=subtle] a",
         [".notice.notice--error:not([data-color]):not([data-type]) a",
          ".kpc-flash--error:not([data-color]):not([data-type]) a"]),
    ],
)
def test_vendor_aliases(selector, expected):
    assert load_vendor_script().aliases(selector) == expected


@pytest.mark.django_db
def test_breadcrumbs_and_pagination_use_the_systems_markup(client, home_page):
    page = TextPageFactory(parent=home_page, slug="text")
    nav = soup(client.get(page.url)).select_one("nav.breadcrumbs")
    assert "gov-breadcrumbs" in nav["class"]
    assert [a.get_text(strip=True) for a in nav.select("ul > li > a")][-1] == page.title

    index = NewsIndexPageFactory(parent=home_page)
    for _ in range(11):
        NewsPageFactory(parent=index)
    pagination = soup(client.get(index.url)).select_one("nav.pagination")
    (following,) = pagination.select("ul.gov-pagination__list > li.gov-pagination__item > a")
    assert following["rel"] == ["next"]
    assert (following["class"], following["data-type"], following["data-color"]) == (
        ["gov-button"], "outlined", "primary")


CSS_VAR_USE = re.compile(r"var\(\s*(--[\w-]+)")
CSS_VAR_DEF = re.compile(r"(--[\w-]+)\s*:")


def test_site_stylesheet_reads_only_custom_properties_that_are_defined():
    """The table and form adapters in site.css read the system's tokens with a fallback; a
    misspelt token would silently take the fallback, so every name read must be defined in
    tokens.css, the vendored components or site.css itself."""
    site_css = (ROOT / "site" / "static" / "css" / "site.css").read_text()
    defined = set()
    for path in [GOV / "tokens.css", GOV / "components.css", ROOT / "site" / "static" / "css" / "site.css"]:
        defined |= set(CSS_VAR_DEF.findall(path.read_text()))
    used = set(CSS_VAR_USE.findall(site_css))
    assert "--border-subtle" in used  # the table rules read the system's tokens
    assert sorted(used - defined) == []
