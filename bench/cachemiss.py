"""Bench only: a request with the ``X-Bench-Miss`` header is served as the first visitor after an
edit would be.

The site's caches are dropped by replacing version tokens (``kp_catalogue.caching.version``: the
whole-response cache of the catalogue pages and APIs; ``kp_consultation.caching.version``: the
rendered comment lists, counts, blank forms and the comments API per page). After an edit the
token is new, so every key built from it misses. Here each marked request sees tokens that no
other request ever saw: the real token is still read from the cache (the same round trip a real
visitor pays), then made unique for this request, so both layers, including the response
middleware that answers before routing, miss, render and store, exactly as after a provider's
edit or a new comment (which replace these tokens). A page publish also replaces the page tree's
token, which the kept page parts (``kpsite/base/fragments.py``) and the menu depend on; that cost
is given apart in docs/benchmarks.md. A unique query parameter would not do: the comment caches ignore
the URL, and the rendered links would carry it.

Requests without the header are untouched; production settings never load this middleware.
"""

import contextvars
import uuid

from kp_catalogue import caching as catalogue_caching
from kp_consultation import caching as consultation_caching

HEADER = "HTTP_X_BENCH_MISS"
_request_token = contextvars.ContextVar("bench_miss_token", default=None)


def _unique(version):
    def wrapper(*args):
        token = version(*args)
        suffix = _request_token.get()
        return f"{token}-bench-miss-{suffix}" if suffix else token

    wrapper.bench_real = version
    return wrapper


def _unique_many(versions):
    def wrapper(page_ids, other_keys=()):
        suffix = _request_token.get()
        tokens, others = versions(page_ids, other_keys)
        return ({page_id: f"{token}-bench-miss-{suffix}" if suffix else token
                 for page_id, token in tokens.items()}, others)

    wrapper.bench_real = versions
    return wrapper


def install():
    """Wraps both version functions once per process; callers look them up on the module at
    call time (``_key`` and ``fetch``), so the wrapper is what they call."""
    for module in (catalogue_caching, consultation_caching):
        if not hasattr(module.version, "bench_real"):
            module.version = _unique(module.version)
    if not hasattr(consultation_caching.versions, "bench_real"):
        consultation_caching.versions = _unique_many(consultation_caching.versions)


class CacheMissMiddleware:
    def __init__(self, get_response):
        install()
        self.get_response = get_response

    def __call__(self, request):
        if HEADER not in request.META:
            return self.get_response(request)
        token = _request_token.set(uuid.uuid4().hex)
        try:
            return self.get_response(request)
        finally:
            _request_token.reset(token)
