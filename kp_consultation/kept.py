"""A consulted page kept rendered for anonymous readers, with the reader's own parts as holes.

Most people who open a plan draft read it and leave. Rendering it costs tens of milliseconds
(each section with its newest comments and a comment form), so the rendered page is kept and
only what must be new per reader is filled in on each request: the CSRF token and a fresh
form token for every form (the form token carries the render time and a nonce that names one
submission, so two readers, or two forms, never share one).

The holes are written as raw markup (``<kpc-hole:…>``). Text a commenter or an editor writes is
escaped or cleaned before it reaches the page, so it can never contain one and be filled in.

What the kept page shows is dropped with the page's comment token (any comment saved or
deleted, ``caching.invalidate``), a new revision, the ``tokens`` the caller adds (what around
the page changed: other pages' comments, the page tree) and at ``expires_at`` (a countdown).
The site around the plugin adds its own tokens through the ``kp_consultation_kept_page_tokens``
hook (a function of the request returning a string): whatever its header, menu and footer are
kept under.
It is only used for an anonymous GET without a query string, session or flash: everything else
renders as before.
"""

import hashlib

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
    if request.META.get("QUERY_STRING") or getattr(request, "is_preview", False):
        return False
    if request.COOKIES.get(settings.SESSION_COOKIE_NAME) or hasattr(request, REQUEST_ATTRIBUTE):
        return False
    user = getattr(request, "user", None)
    return user is None or not user.is_authenticated


def _key(request, page, pages, tokens):
    # Every cookie but the CSRF one may change the page (a font size, a language): a reader
    # with other cookies gets a copy of their own rather than someone else's.
    cookies = sorted((name, value) for name, value in request.COOKIES.items()
                     if name != settings.CSRF_COOKIE_NAME)
    comments = caching.versions([page.pk, *pages])
    # The render's own look-ups of the page's comments need not read the token again.
    page._kp_cache_version = comments[page.pk]
    raw = repr((request.get_host(), request.path, cookies, sorted(comments.items()), tokens))
    return (f"kp_consultation:kept:{page.pk}:{page.live_revision_id}:{get_language()}:"
            f"{hashlib.sha256(raw.encode()).hexdigest()}")


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


def serve(request, page, render, pages=(), tokens=(), expires_at=None):
    """``render()``'s page, kept for the next anonymous readers. ``render`` must pass
    ``CSRF_HOLE`` as ``csrf_token`` to the template while ``keeping(request)``.

    ``pages``: other consulted pages whose comments it shows; ``tokens``: whatever else the
    page shows changes with (strings); ``expires_at``: when its text changes with the time."""
    if not _eligible(request):
        return render()
    tokens = [*tokens, *(hook(request) for hook in hooks.get_hooks(TOKENS_HOOK))]
    key = _key(request, page, list(pages), tokens)
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
