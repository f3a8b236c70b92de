"""Bench only: a request with the ``X-Bench-Miss`` header is served as the first visitor after an
edit would be.

The site's caches are dropped by replacing version tokens (``kp_catalogue.caching.version``: the
whole-response cache of the catalogue pages and APIs; ``kp_consultation.caching.version``: the
rendered comment lists, counts, blank forms and the comments API per page). After an edit the
token is new, so every key built from it misses. Here each marked request sees tokens that no
other request ever saw: the real token is still read from the cache (the same round trip a real
visitor pays), then made unique for this request, so both layers, including the response
middleware that answers before routing, miss, render and store, exactly as after a provider's
edit or a new comment (which replace these tokens). A unique query parameter would not do: the
comment caches ignore the URL, and the rendered links would carry it.

``X-Bench-Miss: publish`` also replaces the page tree's token (``kpsite.base.navigation``), as
a page publish does: the menu, the Site, the routes and the kept page parts are read again.

Each response says in ``X-Bench-Miss-Reads`` how many of the replaced tokens the request read.
A page that reads none of them (the home page shows no service and no comment) has nothing the
bench's miss could drop: its miss is its hit, and the bench reports it so.

Requests without the header are untouched; production settings never load this middleware.
"""

import contextvars
import uuid
from dataclasses import dataclass

from kp_catalogue import caching as catalogue_caching
from kp_consultation import caching as consultation_caching
from kpsite.base import navigation

HEADER = "HTTP_X_BENCH_MISS"
PUBLISH = "publish"


@dataclass
class _Miss:
    suffix: str
    publish: bool
    reads: int = 0

    def unique(self, token):
        self.reads += 1
        return f"{token}-bench-miss-{self.suffix}"


_request_miss = contextvars.ContextVar("bench_miss", default=None)


def _tree_key(key):
    miss = _request_miss.get()
    return miss is not None and miss.publish and key == navigation.VERSION_KEY


def _unique(version):
    def wrapper(*args):
        token = version(*args)
        miss = _request_miss.get()
        return miss.unique(token) if miss else token

    wrapper.bench_real = version
    return wrapper


def _unique_many(versions):
    def wrapper(page_ids, other_keys=()):
        miss = _request_miss.get()
        tokens, others = versions(page_ids, other_keys)
        if not miss:
            return tokens, others
        return ({page_id: miss.unique(token) for page_id, token in tokens.items()},
                [miss.unique(token) if _tree_key(key) else token
                 for key, token in zip(other_keys, others, strict=True)])

    wrapper.bench_real = versions
    return wrapper


def _unique_tokens(tokens):
    def wrapper(keys):
        found = tokens(keys)
        return [_request_miss.get().unique(token) if _tree_key(key) else token
                for key, token in zip(keys, found, strict=True)]

    wrapper.bench_real = tokens
    return wrapper


def install():
    """Wraps the version functions once per process; callers look them up on the module at
    call time (``_key``, ``fetch``, ``navigation``), so the wrapper is what they call."""
    for module in (catalogue_caching, consultation_caching):
        if not hasattr(module.version, "bench_real"):
            module.version = _unique(module.version)
    if not hasattr(consultation_caching.versions, "bench_real"):
        consultation_caching.versions = _unique_many(consultation_caching.versions)
    if not hasattr(catalogue_caching.tokens, "bench_real"):
        catalogue_caching.tokens = _unique_tokens(catalogue_caching.tokens)


class CacheMissMiddleware:
    def __init__(self, get_response):
        install()
        self.get_response = get_response

    def __call__(self, request):
        if HEADER not in request.META:
            return self.get_response(request)
        miss = _Miss(uuid.uuid4().hex, request.META[HEADER] == PUBLISH)
        bound = _request_miss.set(miss)
        try:
            response = self.get_response(request)
        finally:
            _request_miss.reset(bound)
        response["X-Bench-Miss-Reads"] = str(miss.reads)
        return response
