from django import template

from kpsite.base import navigation

register = template.Library()


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
