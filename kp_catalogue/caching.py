"""Whole-response cache of the public catalogue (pages and API), dropped on every change.

Every key carries a version token; saving or deleting anything the catalogue shows (services,
their provisions, locations, contacts and tags, providers, code lists) and publishing or
unpublishing any page (the menu is part of each page) replaces the token, so the next request
renders afresh. The token lives in Django's cache, which must therefore be shared by all app
processes (the site uses Redis, or a file cache its workers share on one server); the cache is off
unless ``KP_CATALOGUE_CACHE_SECONDS`` is set.
Only anonymous GET requests are served from the cache, so editors never get a stored page and
a stored page never holds an editor's toolbar.

The views store and serve their responses themselves; ``CachedResponseMiddleware`` (last in
MIDDLEWARE) also serves the stored ones before Wagtail routes the request, which saves the
site and page look-ups. It can only serve what a view stored, i.e. what an anonymous visitor
was shown; a view restriction added later drops the cache like any other change. It only looks
for paths this process has seen a cached view answer (``_cached_paths``): every other page of
the site (the home page, news, plans) would pay two cache reads for an answer that is never
there. A path another process stored is still served from the cache, by the view itself.

Code that writes with ``QuerySet.update()`` or ``bulk_create()`` sends no signals: call
``invalidate()`` after it.
"""

import contextvars
import hashlib
import uuid
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from wagtail import hooks

VERSION_KEY = "kp_catalogue:version"
# The code lists' token (public/terms.py), here so that a site can read it with its own tokens
# without importing the models.
TERMS_VERSION_KEY = "kp:terms:version"

# The paths (without the query) a cached view answered in this process. Bounded: a catalogue
# has thousands of services, not millions; past the limit the set starts again.
_cached_paths = set()
CACHED_PATHS_LIMIT = 50_000


def timeout():
    return getattr(settings, "KP_CATALOGUE_CACHE_SECONDS", 0)


# The tokens a request has read, so that each is read once per request however many parts ask
# (the catalogue's own, the code lists', and those a site adds through the
# ``kp_catalogue_request_tokens`` hook, read together by ``CachedResponseMiddleware``). Bound
# to a request by the middleware; outside a request every call reads the cache.
_request_tokens = contextvars.ContextVar("kp_catalogue_request_tokens", default=None)
TOKENS_HOOK = "kp_catalogue_request_tokens"


def token(key):
    """The version token stored under ``key``, stored first when there is none. A missing token
    (the cache emptied, evicted or failing) counts as a change."""
    return tokens([key])[0]


def _stored(key):
    found = cache.get(key)
    if found is None:
        # add(): of two processes that find no token at once, both keep the first one stored.
        cache.add(key, uuid.uuid4().hex, None)
        found = cache.get(key) or uuid.uuid4().hex
    return found


def tokens(keys):
    """``[token(key) for key in keys]``: those this request has not read yet in one read of the
    cache (when every one is there)."""
    memo = _request_tokens.get()
    known = {} if memo is None else memo
    wanted = [key for key in dict.fromkeys(keys) if key not in known]
    if wanted:
        found = cache.get_many(wanted)
        known.update({key: found[key] if found.get(key) is not None else _stored(key)
                      for key in wanted})
    return [known[key] for key in keys]


def replace_token(key):
    """A new token under ``key``, now and again after the commit: inside a transaction, a request
    running meanwhile still reads the old rows and could keep them under the first new token.
    (Outside a transaction on_commit runs at once: a harmless second token.)"""

    def new():
        cache.set(key, uuid.uuid4().hex, None)
        memo = _request_tokens.get()
        if memo is not None:
            memo.pop(key, None)

    new()
    transaction.on_commit(new)


def version():
    return token(VERSION_KEY)


def invalidate(*args, **kwargs):
    replace_token(VERSION_KEY)


def anonymous_get(request):
    """A GET or HEAD of an anonymous reader without a session, not a preview: what may be
    answered from, and stored in, a cache shared by every reader."""
    if request.method not in ("GET", "HEAD") or getattr(request, "is_preview", False):
        return False
    if request.COOKIES.get(settings.SESSION_COOKIE_NAME):
        return False
    user = getattr(request, "user", None)
    return user is None or not user.is_authenticated


def _key(request):
    # Kept on the request: the middleware and the view ask for it, and the token is a cache
    # read.
    key = getattr(request, "_kp_catalogue_key", None)
    if key is None:
        cookies = [request.COOKIES.get(name, "")
                   for name in getattr(settings, "KP_CATALOGUE_CACHE_VARY_COOKIES", [])]
        raw = "\n".join([request.get_host(), request.get_full_path(), *cookies])
        key = f"kp_catalogue:response:{version()}:{hashlib.sha256(raw.encode()).hexdigest()}"
        request._kp_catalogue_key = key
    return key


def personal(request, response):
    """Whether the response may carry something of this visitor: a cookie, a CSRF token (its
    cookie is only set by the middleware after the view), or a new session. Reading the
    session is harmless here: without a session cookie it is empty."""
    session = getattr(request, "session", None)
    return bool(response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
                or (session is not None and session.modified))


def cached_response(render):
    """Serve ``render(request) -> HttpResponse`` from the cache when it is safe to."""
    if not timeout() or not anonymous_get(render.request):
        return render()
    if render.request.path not in _cached_paths:
        if len(_cached_paths) >= CACHED_PATHS_LIMIT:
            _cached_paths.clear()
        _cached_paths.add(render.request.path)
    key = _key(render.request)
    # The middleware has looked already when it let the request through.
    looked = getattr(render.request, "_kp_catalogue_missed", False)
    response = None if looked else cache.get(key)
    if response is None:
        response = render()
        if hasattr(response, "render"):
            response.render()
        if response.status_code == 200 and not personal(render.request, response):
            cache.set(key, response, timeout())
    return response


class CachedResponseMiddleware:
    """Answers from the cache before URL resolution; goes last in MIDDLEWARE, so every other
    middleware (security headers, CSP) still handles the response. Binds the request's token
    memo (``tokens``) for everything after it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        bound = _request_tokens.set({})
        try:
            return self._answer(request)
        finally:
            _request_tokens.reset(bound)

    def _answer(self, request):
        if (request.path in _cached_paths and timeout()
                and request.method in ("GET", "HEAD")
                and not request.COOKIES.get(settings.SESSION_COOKIE_NAME)):
            # Every token the page would read, in the round trip its own token needs anyway.
            tokens([VERSION_KEY, TERMS_VERSION_KEY,
                    *(hook() for hook in hooks.get_hooks(TOKENS_HOOK))])
            response = cache.get(_key(request))
            if response is not None:
                return response
            request._kp_catalogue_missed = True
        return self.get_response(request)


class _Call:
    def __init__(self, function, request, args, kwargs):
        self.function, self.request, self.args, self.kwargs = function, request, args, kwargs

    def __call__(self):
        return self.function(*self.args, **self.kwargs)


def cached_page_view(method):
    """For a RoutablePageMixin view method ``(self, request, ...)``."""

    @wraps(method)
    def wrapper(self, request, *args, **kwargs):
        return cached_response(_Call(method, request, (self, request, *args), kwargs))

    return wrapper


def cached_api_view(schema):
    """For a django-ninja operation ``(request, ...)`` whose data ``schema`` describes: the
    stored response is the schema's JSON, which Ninja passes through unchanged."""

    def decorator(function):
        def render(request, *args, **kwargs):
            data = function(request, *args, **kwargs)
            if isinstance(data, HttpResponse):  # already the schema's JSON (api/summaries.py)
                return data
            return HttpResponse(schema.model_validate(data).model_dump_json(by_alias=True),
                                content_type="application/json; charset=utf-8")

        @wraps(function)
        def wrapper(request, *args, **kwargs):
            if not timeout():
                return function(request, *args, **kwargs)
            return cached_response(_Call(render, request, (request, *args), kwargs))

        return wrapper

    return decorator
