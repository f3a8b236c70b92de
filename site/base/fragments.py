"""Parts of public pages that are the same for every visitor of a page (the header with the menu,
the breadcrumbs, the footer, the site's name, the home page's routes), rendered once and kept in
the shared cache.

A page that misses its own caches (the first visitor after a provider's edit or a new comment, or
a new combination of filters) then renders only what that edit or query changed; these parts come
from one cache read. Every key carries the version tokens of what the part shows, so nothing is
ever deleted: an edit replaces a token and the old entries expire unread.

- ``navigation.version``: the page tree, view restrictions, sites and the site settings (titles,
  menu, links, organisation name, crest);
- the caller's own tokens (the catalogue's terms for the home page's search form);
- the source of the part's template, so a changed or overridden template (a town's own header)
  is used at once after a deploy, not when a token next changes;
- the site, the language, and whatever else the caller varies on (the reader's text size).

Previews never read or store a part: they show a page's unpublished title.
"""

import hashlib
import threading

from django.conf import settings
from django.core.cache import cache
from django.template.loader import get_template
from django.utils import timezone
from django.utils.translation import get_language
from wagtail.models import Site

from kpsite.base import navigation

DEFAULT_SECONDS = 24 * 3600


def timeout():
    return getattr(settings, "KPSITE_FRAGMENT_CACHE_SECONDS", DEFAULT_SECONDS)


_sources = {}
_lock = threading.Lock()


def template_version(template_name):
    """A hash of the template's source, read once per process."""
    with _lock:
        found = _sources.get(template_name)
    if found is None:
        source = get_template(template_name).template.source
        found = hashlib.sha256(source.encode()).hexdigest()[:16]
        with _lock:
            _sources[template_name] = found
    return found


def key(name, request, *parts):
    site = Site.find_for_request(request)
    raw = "\n".join(str(part) for part in (
        get_language(), navigation.version(request), getattr(site, "pk", None), *parts))
    return f"kpsite:fragment:{name}:{hashlib.sha256(raw.encode()).hexdigest()}"


def cacheable(request):
    return bool(timeout()) and request is not None and not getattr(request, "is_preview", False)


def want(request, wanted):
    """Names parts (``(name, parts)`` pairs) this request will show, without reading them yet:
    the next ``prefetch``, or the first ``fetch`` of one of them, reads them all with its own
    in one round trip. (A page's view knows its own parts before its template asks for the
    site's.)"""
    if not cacheable(request):
        return
    request._kpsite_wanted = [*getattr(request, "_kpsite_wanted", ()),
                              *(key(name, request, *parts) for name, parts in wanted)]


def prefetch(request, wanted):
    """Reads the parts ``wanted`` (``(name, parts)`` pairs) of this request, and those named by
    ``want`` before, in one round trip; ``fetch`` then takes them from the request."""
    if not cacheable(request):
        return
    keys = [*getattr(request, "_kpsite_wanted", ()),
            *(key(name, request, *parts) for name, parts in wanted)]
    request._kpsite_wanted = []
    found = cache.get_many(keys) if keys else {}
    request._kpsite_fragments = {**getattr(request, "_kpsite_fragments", {}),
                                 **{cache_key: found.get(cache_key) for cache_key in keys}}


def fetch(name, request, parts, render, seconds=None):
    """``render()`` (a string) kept under ``name`` and ``parts``. ``seconds``, a callable asked
    after rendering, shortens the default lifetime of a part that changes with time (``None``:
    the default; 0 or less: do not keep)."""
    if not cacheable(request):
        return render()
    cache_key = key(name, request, *parts)
    if cache_key in getattr(request, "_kpsite_wanted", ()):
        prefetch(request, ())
    prefetched = getattr(request, "_kpsite_fragments", {})
    found = prefetched[cache_key] if cache_key in prefetched else cache.get(cache_key)
    if found is None:
        html = render()
        left = seconds() if seconds is not None else None
        lifetime = timeout() if left is None else min(int(left), timeout())
        # A part that follows the clock is kept with the time it stops being true, so that
        # a page kept whole (kept.py) learns it from a kept part too.
        until = None if left is None else timezone.now().timestamp() + lifetime
        if lifetime > 0:
            cache.set(cache_key, html if seconds is None else (html, until), lifetime)
    else:
        html, until = found if isinstance(found, tuple) else (found, None)
    if until is not None:
        _note_until(request, until)
    return html


def _note_until(request, until):
    """Tells a page being kept whole (kept.py) that it reads differently from ``until``."""
    if hasattr(request, "_kpsite_until"):
        known = request._kpsite_until
        request._kpsite_until = until if known is None else min(known, until)
