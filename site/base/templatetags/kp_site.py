from django import template
from django.template.defaultfilters import urlencode
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from kpsite.base import fragments, navigation
from kpsite.base.models import SiteSettings

register = template.Library()

# Stands for the address of the page in the cached header (the text-size links return to it).
NEXT_PATH = "kp-next-path-d41c7e"


def _render_part(context, template_name):
    # As {% include %} does: the page's own context, so the part sees what the page sees.
    template = context.template.engine.get_template(template_name)
    with context.push(next_path=NEXT_PATH):
        return template.render(context)


def _page_key(context):
    page = context.get("page")
    return getattr(page, "pk", None)


def _header_parts(context):
    return (fragments.template_version("includes/header.html"), _page_key(context),
            context.get("font_size"))


def _breadcrumbs_parts(context):
    return (fragments.template_version("includes/breadcrumbs.html"), _page_key(context))


def _footer_parts(context):
    return (fragments.template_version("includes/footer.html"),)


@register.simple_tag(takes_context=True)
def site_header(context):
    """includes/header.html, kept per page, tree version and text size
    (``kpsite.base.fragments``); only the return address of the text-size links is the
    request's own."""
    request = context.get("request")
    html = fragments.fetch("header", request, _header_parts(context),
                           lambda: _render_part(context, "includes/header.html"))
    path = escape(urlencode(request.get_full_path())) if request is not None else ""
    return mark_safe(html.replace(NEXT_PATH, path))  # noqa: S308 - our template, escaped path


@register.simple_tag(takes_context=True)
def site_breadcrumbs(context):
    return mark_safe(fragments.fetch(  # noqa: S308 - rendered by our template
        "breadcrumbs", context.get("request"), _breadcrumbs_parts(context),
        lambda: _render_part(context, "includes/breadcrumbs.html")))


@register.simple_tag(takes_context=True)
def site_footer(context):
    return mark_safe(fragments.fetch(  # noqa: S308 - rendered by our template
        "footer", context.get("request"), _footer_parts(context),
        lambda: _render_part(context, "includes/footer.html")))


@register.simple_tag(takes_context=True)
def site_name(context):
    """The organisation's name from the site settings, or the generic name. First of the
    page's kept parts (in ``<title>``): reads all of them in one round trip."""
    request = context.get("request")
    fragments.prefetch(request, [
        ("site_name", ()), ("header", _header_parts(context)),
        ("breadcrumbs", _breadcrumbs_parts(context)), ("footer", _footer_parts(context))])

    def read():
        name = SiteSettings.for_request(request).organisation_name if request else ""
        return escape(name or gettext("Community planning of social services"))

    return mark_safe(fragments.fetch("site_name", request, (), read))  # noqa: S308 - escaped


@register.simple_tag(takes_context=True)
def main_menu(context):
    """Children of the site's home page marked "show in menus", in tree order
    (``navigation.MenuItem``s, kept per process until the page tree changes)."""
    request = context.get("request")
    return navigation.menu_items(request) if request else ()


@register.simple_tag
def breadcrumbs(page):
    """Ancestors of ``page`` below the tree root, home first; empty on the home page."""
    if page is None or page.depth <= 2:
        return []
    return list(page.get_ancestors().filter(depth__gte=2))


@register.simple_tag(takes_context=True)
def is_current_section(context, menu_page):
    page = context.get("page")
    if page is None:
        return False
    return page.path.startswith(menu_page.path)
