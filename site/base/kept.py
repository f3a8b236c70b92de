"""Pages of the site kept rendered whole for anonymous readers (the home page).

The home page is the most visited page and shows nothing a provider's edit or a comment
changes: its parts are already kept (``fragments``), yet assembling them still cost a Site copy,
the page's template and its blocks on every visit. The whole answer is now kept under:

- the host, path and language, and every cookie but the CSRF one (a text size);
- the page tree's and the code lists' tokens (``navigation``), read in the request's one round
  trip for tokens: a publish, a move, a view restriction, a site setting or a term replaces them;
- ``templates_version()``, so a release that changes a template is shown at once;

until the first of its time-limited parts (the open consultation's countdown, the next
meeting) would read differently (``fragments.fetch`` reports when), and at most
``KPSITE_KEPT_PAGE_SECONDS``.

Only an anonymous GET or HEAD without a query string, a session or a preview is kept, and only
an answer that set no cookie, asked for no CSRF token and touched no session. Once a page's
``serve`` kept an answer, ``KeptSitePageMiddleware`` serves that address before routing (under
the same key, so the same answer); before that, each request is routed as before.
"""

import hashlib
import threading
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import get_language

from kp_catalogue import caching
from kpsite.base import navigation

DEFAULT_SECONDS = 600
# Per process: the addresses (host, path) whose page kept an answer. Bounded like every memo.
_known = set()
KNOWN_LIMIT = 10_000
_lock = threading.Lock()
_templates = {}


def timeout():
    return getattr(settings, "KPSITE_KEPT_PAGE_SECONDS", DEFAULT_SECONDS)


def templates_version():
    """A hash of every template the site and the plugin ship (the site's template folders and
    those of the ``kpsite`` and ``kp_*`` apps), read once per process: the same on every server
    of one release, new with a release that changes any of them."""
    with _lock:
        found = _templates.get("version")
    if found is None:
        folders = [Path(folder) for engine in settings.TEMPLATES
                   for folder in engine.get("DIRS", ())]
        folders += [Path(config.path) / "templates" for config in apps.get_app_configs()
                    if config.name.startswith(("kpsite", "kp_"))]
        digest = hashlib.sha256()
        for folder in sorted(set(folders)):
            for path in sorted(folder.rglob("*.html")) if folder.is_dir() else ():
                digest.update(str(path.relative_to(folder)).encode())
                digest.update(path.read_bytes())
        found = digest.hexdigest()[:16]
        with _lock:
            _templates["version"] = found
    return found


def _eligible(request):
    return bool(timeout()) and not request.META.get("QUERY_STRING") and caching.anonymous_get(
        request)


def _key(request):
    cookies = sorted((name, value) for name, value in request.COOKIES.items()
                     if name != settings.CSRF_COOKIE_NAME)
    raw = repr((request.get_host(), request.path, get_language(), cookies,
                navigation.version(request), navigation.terms_version(request),
                templates_version()))
    return f"kpsite:kept:{hashlib.sha256(raw.encode()).hexdigest()}"


def _learn(request):
    address = (request.get_host(), request.path)
    if address not in _known:
        if len(_known) >= KNOWN_LIMIT:
            _known.clear()
        _known.add(address)


def _answer(kept):
    return HttpResponse(kept["html"], content_type=kept["content_type"])


def serve(request, render):
    """``render()``'s answer (a page's ``serve``), kept for the next anonymous readers."""
    if not _eligible(request):
        return render()
    _learn(request)
    key = _key(request)
    if not getattr(request, "_kpsite_kept_missed", False):
        kept = cache.get(key)
        if kept is not None:
            return _answer(kept)
    request._kpsite_until = None
    response = render()
    if hasattr(response, "render"):
        response.render()
    if response.status_code != 200 or response.streaming or caching.personal(request, response):
        return response
    seconds = timeout()
    if request._kpsite_until is not None:
        seconds = min(seconds, request._kpsite_until - timezone.now().timestamp())
    if seconds >= 1:
        cache.set(key, {"html": response.content.decode(response.charset),
                        "content_type": response["Content-Type"]}, int(seconds))
    return response


class KeptPageMixin:
    """For a page type whose answer is the same for every anonymous reader and changes only
    with the page tree, the code lists, the clock (through its kept parts) and a release."""

    def serve(self, request, *args, **kwargs):
        return serve(request, lambda: super(KeptPageMixin, self).serve(request, *args, **kwargs))


class KeptSitePageMiddleware:
    """Answers an anonymous reader with a kept page before Wagtail routes the request: only at
    an address whose page kept an answer in this process. Goes after the session, CSRF and
    authentication middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _known and (request.get_host(), request.path) in _known and _eligible(request):
            kept = cache.get(_key(request))
            if kept is not None:
                return _answer(kept)
            request._kpsite_kept_missed = True
        return self.get_response(request)
