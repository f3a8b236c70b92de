"""The main menu of each site, read from the page tree once per process rather than on every page.

Every public page shows the menu: the home page's live, public children marked "show in
menus". Reading it took two queries and a URL look-up per item on every request. Each process
keeps the items it read with the version token it read them under; the token lives in the shared
cache, and everything that can change the menu replaces it (``connect``): saving, moving or
deleting any page (publishing and unpublishing save it), a view restriction or a site. A missing
token (cache emptied or failing) counts as a change.
"""

import threading
import uuid
from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import post_page_move

VERSION_KEY = "kpsite:menu:version"

_memo = {}
_lock = threading.Lock()


@dataclass(frozen=True)
class MenuItem:
    pk: int
    path: str
    title: str
    url: str


def version():
    token = cache.get(VERSION_KEY)
    if token is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, None)
        token = cache.get(VERSION_KEY) or uuid.uuid4().hex
    return token


def menu_items(request):
    """The menu of the request's site as ``MenuItem``s, in tree order."""
    site = Site.find_for_request(request)
    if site is None:
        return ()
    token = version()
    with _lock:
        found = _memo.get(site.pk)
    if found is not None and found[0] == token:
        return found[1]
    pages = site.root_page.get_children().live().public().in_menu().specific(defer=True)
    items = tuple(MenuItem(page.pk, page.path, page.title, page.get_url(request))
                  for page in pages)
    with _lock:
        _memo[site.pk] = (token, items)
    return items


def _new_version():
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)


def changed(*args, **kwargs):
    # Again after the commit: a process reading the old tree meanwhile would keep it.
    _new_version()
    transaction.on_commit(_new_version)


def page_saved_or_deleted(sender, instance, **kwargs):
    # Every page type is its own sender, so this listens to all models and keeps pages. Any
    # save counts (a draft saved in the admin too): pages are also created live in code
    # (add_child) without a publish signal, and an extra token after an edit costs one menu read.
    if isinstance(instance, (Page, PageViewRestriction, Site)):
        changed()


def connect():
    post_save.connect(page_saved_or_deleted, dispatch_uid="kpsite.menu.saved")
    post_delete.connect(page_saved_or_deleted, dispatch_uid="kpsite.menu.deleted")
    # A move rewrites the paths of the moved page's descendants with an UPDATE.
    post_page_move.connect(changed, dispatch_uid="kpsite.menu.moved")
