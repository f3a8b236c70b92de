"""The main menu of each site, read from the page tree once per process rather than on every page.

Every public page shows the menu: the home page's live, public children marked "show in
menus". Reading it took two queries and a URL look-up per item on every request. Each process
keeps the items it read with the version token it read them under; the token lives in the shared
cache, and everything that can change the menu replaces it (``connect``): saving, moving or
deleting any page (publishing and unpublishing save it), a view restriction or a site. The
cached parts of pages (``fragments``) key on the same token, so the site settings and images
replace it too; so does each host's Wagtail Site (``site_for``). A missing token (cache emptied
or failing) counts as a change.
"""

import contextvars
import copy
import threading
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.urls import Resolver404
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import post_page_move

from kp_catalogue import caching

VERSION_KEY = "kpsite:menu:version"

_memo = {}
_lock = threading.Lock()


@dataclass(frozen=True)
class MenuItem:
    pk: int
    path: str
    title: str
    url: str


# Read with the tree's token in the same round trip: the home page's search form lists the
# catalogue's code lists and is kept under their token too (home/blocks.py).
REQUEST_TOKENS = (VERSION_KEY, caching.TERMS_VERSION_KEY)


def _request_tokens(request):
    found = getattr(request, "_kpsite_tokens", None)
    if found is None:
        found = dict(zip(REQUEST_TOKENS, caching.tokens(REQUEST_TOKENS), strict=True))
        if request is not None:
            request._kpsite_tokens = found
    return found


def version(request=None):
    """The token, read from the cache once per request (kept on the request)."""
    return _request_tokens(request)[VERSION_KEY]


def terms_version(request):
    """The catalogue's code lists' token (``kp_catalogue.public.terms``), read with ``version``."""
    return _request_tokens(request)[caching.TERMS_VERSION_KEY]


def _remembered(key, token, read):
    with _lock:
        found = _memo.get(key)
    if found is not None and found[0] == token:
        return found[1]
    value = read()
    with _lock:
        _memo[key] = (token, value)
    return value


def menu_items(request):
    """The menu of the request's site as ``MenuItem``s, in tree order."""
    site = Site.find_for_request(request)
    if site is None:
        return ()

    def read():
        pages = site.root_page.get_children().live().in_menu()
        return tuple(MenuItem(page.pk, page.path, page.title, page.get_url(request))
                     for page in public(pages, request))

    return _remembered(("menu", site.pk), version(request), read)


_NO_SITE = object()


def _site_with_specific_root(request):
    site = Site._find_for_request(request)
    if site is None:
        return _NO_SITE
    # Wagtail routes every page request from ``site.root_page.specific``: one query for the
    # home page on every page of the site. The specific page is read here, once per version.
    site._state.fields_cache["root_page"] = site.root_page.specific
    return site


def site_for(request):
    """Wagtail's Site for the request's host, with its root page in its specific type, read
    once per process and tree version instead of by two queries on every page (saving any page
    or Site replaces the token). Each request gets its own copies, so nothing a request caches
    on the Site or on the page it routes from is shared between requests."""
    found = _remembered(("site", request.get_host(), request.get_port()), version(request),
                        lambda: _site_with_specific_root(request))
    if found is _NO_SITE:
        return None
    site = copy.copy(found)
    root = found._state.fields_cache.get("root_page")
    if root is not None:
        # A deep copy: the page's StreamField values keep what a request renders from them
        # (blocks converted, prefetched). 0.1 ms against 0.6 ms for the query.
        site._state.fields_cache["root_page"] = copy.deepcopy(root)
    return site


def site_root_paths(request):
    """Wagtail's ``Site.get_site_root_paths()`` (a cache read each time a page's URL is asked
    for without a request, and once per request with one), read once per process and tree
    version: saving a page or a Site replaces the token, as it clears Wagtail's own copy."""
    return _remembered("root_paths", version(request), lambda: tuple(Site.get_site_root_paths()))


def remember_site_root_paths(request, *pages):
    """Gives ``request`` and ``pages`` (pages it routed) the site root paths Wagtail would
    otherwise read from the cache for each of them."""
    paths = site_root_paths(request)
    for holder in (request, *pages):
        holder._wagtail_cached_site_root_paths = paths


# The request a page is being served for (set by site_lookup.KnownSiteMiddleware), so that
# code Wagtail calls without it (``get_view_restrictions``) reads the token the request read.
current_request = contextvars.ContextVar("kpsite_current_request", default=None)


def restricted_sections(request=None):
    """``(path, depth)`` of every page with a view restriction, read once per process and tree
    version."""
    return _remembered("restricted", version(request or current_request.get()), lambda: tuple(
        PageViewRestriction.objects.values_list("page__path", "page__depth")))


class KnownRestrictionsMixin:
    """For the site's page types: while no page of the site has a view restriction (the usual
    public site), Wagtail's check before serving a page needs no query (it ran two: the
    ancestors, for aliases, and their restrictions). With any restriction, Wagtail's own."""

    def get_view_restrictions(self):
        if not restricted_sections():
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()


def _no_restrictions():
    return PageViewRestriction.objects.none()


def _route_table(root):
    """``{path components below root: (pk, model, routes itself)}`` of every live page."""
    table = {}
    rows = Page.objects.descendant_of(root).live().values_list("pk", "url_path", "content_type")
    for pk, url_path, content_type in rows:
        model = ContentType.objects.get_for_id(content_type).model_class()
        if model is None:  # a page type whose code is gone: Wagtail's own routing decides
            continue
        components = tuple(c for c in url_path[len(root.url_path):].split("/") if c)
        # A plain page only passes the request on to a child. A routable page's sub-URLs go
        # before its children (its URL resolver is per class, so no instance is needed to
        # ask); any other route() of its own must be asked.
        if model.route is Page.route:
            kind = PLAIN
        elif model.route is RoutablePageMixin.route:
            kind = ROUTABLE
        else:
            kind = OWN
        table[components] = (pk, model, kind)
    return table


PLAIN, ROUTABLE, OWN = "plain", "routable", "own"


def _routes_itself(model, kind, remaining):
    if kind == OWN:
        return True
    if kind == ROUTABLE:
        try:
            model.get_resolver().resolve("/" + "".join(f"{c}/" for c in remaining))
        except Resolver404:
            return False
        return True
    return False


class KnownRoutesMixin:
    """For a site's root page type: Wagtail routes a request one level at a time, two queries
    per level (the child by its slug, then its specific page), seven for a plan draft three
    levels down. The live pages' addresses are read once per process and tree version; a request
    loads the page it reaches (or the first page on the way that routes by itself) in one query
    and lets that page's own ``route`` go on, so the answer is Wagtail's."""

    def route(self, request, path_components):
        if not path_components:
            return super().route(request, path_components)
        table = _remembered(("routes", self.pk), version(request), lambda: _route_table(self))
        start = None
        for depth in range(1, len(path_components) + 1):
            # A prefix that is missing is a page that is not live (or no page): Wagtail walks
            # through a draft to its live children, and so do we.
            found = table.get(tuple(path_components[:depth]))
            if found is not None:
                start = (found, depth)
                if _routes_itself(found[1], found[2], path_components[depth:]):
                    break
        if start is None:
            return super().route(request, path_components)
        (pk, model, _kind), depth = start
        # filter().first() would order by path and compile the query twice; a page's forty
        # columns make the compile most of the look-up's cost.
        page = next(iter(model.objects.filter(pk=pk)), None)
        if page is None:  # deleted since the table was read; the token will follow
            return super().route(request, path_components)
        # Its URL (``page.url``, asked without the request) from the paths kept per process.
        remember_site_root_paths(request, page)
        if not restricted_sections(request):
            # The page types of the plugin apps cannot take KnownRestrictionsMixin; Wagtail
            # asks the page it serves, so this one answers without the two queries.
            page.get_view_restrictions = _no_restrictions
        return page.route(request, list(path_components[depth:]))


def public(queryset, request=None):
    """``queryset.public()``, with the view restrictions read once per process and tree
    version instead of by a query on every call (a page shows several lists of pages)."""
    sections = restricted_sections(request)
    private = Q()
    for path, depth in sections:
        # Wagtail's own test (PageQuerySet.descendant_of_q, inclusive).
        private |= Q(path__startswith=path, depth__gte=depth)
    return queryset.exclude(private) if private else queryset


def changed(*args, **kwargs):
    caching.replace_token(VERSION_KEY)


def page_saved_or_deleted(sender, instance, **kwargs):
    # Every page type is its own sender, so this listens to all models and keeps pages. Any
    # save counts (a draft saved in the admin too): pages are also created live in code
    # (add_child) without a publish signal, and an extra token after an edit costs one menu read.
    # The cached page parts (fragments.py) share the token: they also show the site settings and
    # the crest image (a replaced image file drops its renditions). Pages kept whole (kept.py)
    # link documents from their body.
    if isinstance(instance, BaseSiteSetting) and kwargs.get("created"):
        # Created on the first read (for_request), with the defaults pages showed before.
        return
    if isinstance(instance, (Page, PageViewRestriction, Site, BaseSiteSetting, get_image_model(),
                             get_document_model())):
        changed()


def connect():
    post_save.connect(page_saved_or_deleted, dispatch_uid="kpsite.menu.saved")
    post_delete.connect(page_saved_or_deleted, dispatch_uid="kpsite.menu.deleted")
    # A move rewrites the paths of the moved page's descendants with an UPDATE.
    post_page_move.connect(changed, dispatch_uid="kpsite.menu.moved")
