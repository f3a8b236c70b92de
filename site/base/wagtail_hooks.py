"""The site's answers to the plugin's hooks."""

from wagtail import hooks

from kpsite.base import navigation


@hooks.register("kp_consultation_kept_page_tokens")
def page_tree_token(request):
    # A consulted page kept rendered (kp_consultation.kept) shows the site's header, menu,
    # breadcrumbs and footer: it is kept under the token they are kept under (fragments.py).
    return navigation.VERSION_KEY


@hooks.register("kp_catalogue_request_tokens")
def tokens_read_with_the_catalogues():
    # A catalogue page shows the header and menu kept under the page tree's token: read with
    # the catalogue's own token in one round trip (kp_catalogue/caching.py).
    return navigation.VERSION_KEY
