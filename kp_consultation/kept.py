"""A consulted page kept rendered for anonymous readers, with the reader's own parts as holes.

Most people who open a plan draft read it and leave. Rendering it costs tens of milliseconds
(each section with its newest comments and a comment form), so the rendered page is kept and
only what must be new per reader is filled in on each request: the CSRF token and a fresh
form token for every form (the form token carries the render time and a nonce that names one
submission, so two readers, or two forms, never share one).

The holes are written as raw markup (``<kpc-hole:…>``). Text a commenter or an editor writes is
escaped or cleaned before it reaches the page, so it can never contain one and be filled in.

What the kept page shows is dropped with the page's comment tokens (any comment saved or
deleted, ``caching.invalidate``, and one awaiting moderation, whose count the page shows,
``caching.invalidate_pending``), a new revision, the ``tokens`` the caller adds (what around
the page changed: other pages' comments, the page tree) and at ``expires_at`` (a countdown).
The site around the plugin adds its own token through the ``kp_consultation_kept_page_tokens``
hook (a function of the request returning the cache key of a version token): whatever its
header, menu and footer are kept under.
It is only used for an anonymous GET without a session or flash, and without a query string
other than a paragraph to comment on (``?odstavec=``, one of the page's own paragraphs: the
links beside every paragraph), which is kept as a variant of its own; everything else renders as
before. Once a page's view has kept it, ``KeptPageMiddleware`` answers that address
before routing (the same key, so the same page).
"""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from wagtail import hooks

from . import caching
from .flash import REQUEST_ATTRIBUTE
from .submission import issue_form_token
from .views import PARAGRAPH_PARAM

CSRF_HOLE = mark_safe("<kpc-hole:csrf>")  # noqa: S308 - a constant, replaced before sending
FORM_TOKEN_HOLE = mark_safe("<kpc-hole:form-token>")  # noqa: S308
KEEPING = "_kp_consultation_keeping"
TOKENS_HOOK = "kp_consultation_kept_page_tokens"


def keeping(request):
    """True while the page is rendered to be kept: tokens must be holes, not values."""
    return bool(getattr(request, KEEPING, False))


def _eligible(request):
    if not caching.timeout() or request.method not in ("GET", "HEAD"):
        return False
    if getattr(request, "is_preview", False):
        return False
    if request.COOKIES.get(settings.SESSION_COOKIE_NAME) or hasattr(request, REQUEST_ATTRIBUTE):
        return False
    user = getattr(request, "user", None)
    return user is None or not user.is_authenticated


def paragraph_anchors(page):
    """The anchors a kept page of ``page`` may be asked for with ``?odstavec=``."""
    return tuple(dict.fromkeys(paragraph.anchor for section in page.consultation_sections()
                               for paragraph in section.paragraphs))


def _variant(request, paragraphs):
    """``""`` for no query string, the paragraph asked for when that is the whole query and one
    of ``paragraphs``, else None (not kept)."""
    query = request.META.get("QUERY_STRING", "")
    if not query:
        return ""
    values = request.GET.getlist(PARAGRAPH_PARAM)
    if len(request.GET) == 1 and len(values) == 1 and values[0] in paragraphs:
        return values[0]
    return None


def _key(request, known, variant):
    """The key of the kept page (``variant``: what ``_variant`` found) and the page's own
    comment token."""
    # Every cookie but the CSRF one may change the page (a font size, a language): a reader
    # with other cookies gets a copy of their own rather than someone else's.
    cookies = sorted((name, value) for name, value in request.COOKIES.items()
                     if name != settings.CSRF_COOKIE_NAME)
    # Every token in one read of the cache: a returning reader's page costs two reads.
    # The page shows how many comments await moderation: their token too (caching.py).
    token_keys = [caching.pending_key(known.page), *known.token_keys,
                  *(hook(request) for hook in hooks.get_hooks(TOKENS_HOOK))]
    comments, tokens = caching.versions([known.page, *known.pages], token_keys)
    raw = repr((request.get_host(), request.path, variant, cookies,
                sorted(comments.items()), list(zip(token_keys, tokens, strict=True))))
    key = (f"kp_consultation:kept:{known.page}:{known.revision}:{get_language()}:"
           f"{hashlib.sha256(raw.encode()).hexdigest()}")
    return key, comments[known.page]


@dataclass(frozen=True)
class Known:
    """What a kept page's key is made of, apart from the tokens read on each request."""

    page: int
    revision: int | None
    pages: tuple
    token_keys: tuple
    paragraphs: tuple = ()


# Per process: the pages kept at each address (host, path), learned when their view kept them,
# so that ``KeptPageMiddleware`` can answer before routing. Bounded like any memo here.
_known = {}
KNOWN_LIMIT = 10_000


def _learn(request, known):
    address = (request.get_host(), request.path)
    if _known.get(address) != known:
        if len(_known) >= KNOWN_LIMIT:
            _known.clear()
        _known[address] = known


class KeptPageMiddleware:
    """Answers an anonymous reader with a kept page before Wagtail routes the request (no
    query): only at an address whose view kept a page in this process, and only under the key
    that view would use now (a page published, moved, unpublished or restricted since then
    has new tokens, so the view runs again). Goes near the end of MIDDLEWARE, after the
    session, CSRF and authentication middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        known = _known.get((request.get_host(), request.path)) if _known else None
        variant = (_variant(request, known.paragraphs)
                   if known is not None and _eligible(request) else None)
        if variant is not None:
            kept = cache.get(_key(request, known, variant)[0])
            if kept is not None:
                return HttpResponse(fill(kept["html"], request),
                                    content_type=kept["content_type"])
        return self.get_response(request)


def fill(html, request):
    """The kept page with this reader's CSRF token and a new token in each form."""
    if CSRF_HOLE in html:
        html = html.replace(CSRF_HOLE, get_token(request))
    if FORM_TOKEN_HOLE in html:
        parts = html.split(FORM_TOKEN_HOLE)
        html = "".join(part + issue_form_token() for part in parts[:-1]) + parts[-1]
    return html


def _personal(request, response, csrf_before):
    # Asked for the reader's CSRF token, set a cookie or touched the session: what was rendered
    # belongs to this reader.
    session = getattr(request, "session", None)
    return bool(response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE") != csrf_before
                or (session is not None and session.modified))


def _no_pages():
    return ()


def serve(request, page, render, pages=_no_pages, token_keys=(), expires_at=None):
    """``render()``'s page, kept for the next anonymous readers. ``render`` must pass
    ``CSRF_HOLE`` as ``csrf_token`` to the template while ``keeping(request)``.

    ``pages``: a function returning the ids of other consulted pages whose comments it shows
    (asked only when the page may be kept); ``token_keys``: the cache keys of
    other version tokens the page changes with (an app that replaces its token on a change,
    storing a new one when it finds none); ``expires_at``: when its text changes with the
    time."""
    if not _eligible(request):
        return render()
    paragraphs = paragraph_anchors(page)
    variant = _variant(request, paragraphs)
    if variant is None:
        return render()
    known = Known(page.pk, page.live_revision_id, tuple(pages()), tuple(token_keys), paragraphs)
    key, page._kp_cache_version = _key(request, known, variant)
    _learn(request, known)
    kept = cache.get(key)
    if kept is None:
        csrf_before = request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        setattr(request, KEEPING, True)
        try:
            response = render()
            if hasattr(response, "render"):
                response.render()
        finally:
            setattr(request, KEEPING, False)
        if response.status_code != 200 or response.streaming:
            if not response.streaming and b"<kpc-hole:" in response.content:
                response.content = fill(response.content.decode(response.charset), request)
            return response
        kept = {"html": response.content.decode(response.charset),
                "content_type": response["Content-Type"]}
        seconds = caching.timeout()
        if expires_at is not None:
            seconds = min(seconds, (expires_at - timezone.now()).total_seconds())
        if seconds >= 1 and not _personal(request, response, csrf_before):
            cache.set(key, kept, int(seconds))
    return HttpResponse(fill(kept["html"], request), content_type=kept["content_type"])
