"""Cached renderings of a page's public comments, dropped whenever one of its comments changes.

A consulted page with thousands of comments would otherwise load and render them all on every
view. Each page has a version token in Django's cache; saving or deleting a comment of the page
(and the bulk moderation and settlement, which write with ``update()``) replaces it. The token
must reach every app process, so the cache is off unless ``KP_CONSULTATION_CACHE_SECONDS`` is
set (the site turns it on, with Redis or a file cache its workers share). Only what every reader
sees is cached: never the forms, their tokens or anything of a logged-in user.

A comment awaiting moderation is in no list, only in the count of those awaiting it. A comment
that arrives, or changes or goes, while it awaits moderation (and did so before) replaces only
the page's second token, ``pending_key``: on a pre-moderated consultation a rush of comments
leaves the rendered lists alone, and what shows the count (a kept page) keys on both tokens.
"""

import hashlib
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.utils.translation import get_language


def timeout():
    return getattr(settings, "KP_CONSULTATION_CACHE_SECONDS", 0)


def _version_key(page_id):
    return f"kp_consultation:comments:{page_id}"


def pending_key(page_id):
    """The key of the page's token for the comments awaiting moderation."""
    return f"kp_consultation:pending:{page_id}"


def _stored_token(key):
    """The token under ``key``, stored first when there is none: a missing token counts as a
    change."""
    token = cache.get(key)
    if token is None:
        cache.add(key, uuid.uuid4().hex, None)
        token = cache.get(key)
    return token


def version(page_id):
    return _stored_token(_version_key(page_id))


def versions(page_ids, other_keys=()):
    """``{page id: version(page id)}`` and the tokens stored under ``other_keys`` (other apps'
    version tokens), in one read of the cache when every token is there."""
    page_ids = list(page_ids)
    keys = [*(_version_key(page_id) for page_id in page_ids), *other_keys]
    found = cache.get_many(keys)
    tokens = [found[key] if found.get(key) is not None else _stored_token(key) for key in keys]
    return dict(zip(page_ids, tokens, strict=False)), tokens[len(page_ids):]


def invalidate(*page_ids):
    """New tokens for everything shown of these pages' comments (both tokens)."""
    cache.set_many({key(page_id): uuid.uuid4().hex for page_id in set(page_ids)
                    for key in (_version_key, pending_key)}, None)


def invalidate_pending(*page_ids):
    """A new token for the count of these pages' comments awaiting moderation only."""
    cache.set_many({pending_key(page_id): uuid.uuid4().hex for page_id in set(page_ids)}, None)


# The names the last render of each page fetched, per process: the next render reads them all
# in one round trip at its first fetch (a plan draft asks for 11 lists and 11 blank forms, one
# by one). Only what the last render asked for, so a page's names never pile up.
_last_names = {}
LAST_NAMES_PAGES = 1_000


def _key(page, name, comments):
    # One look-up of the token per page object, i.e. per request, however many sections.
    if comments and getattr(page, "_kp_cache_version", None) is None:
        page._kp_cache_version = version(page.pk)
    token = page._kp_cache_version if comments else "page"
    digest = hashlib.sha256(name.encode()).hexdigest()[:32]
    return (f"kp_consultation:{page.pk}:{token}:{page.live_revision_id}:"
            f"{get_language()}:{digest}")


def _read_ahead(page):
    """``(keys asked, values found)`` of the names the page's last render fetched, read at the
    first fetch of this render; this render's names are recorded from here on."""
    batch = getattr(page, "_kp_read_ahead", None)
    if batch is None:
        earlier = _last_names.get(page.pk, ())
        keys = {_key(page, name, comments) for name, comments in earlier}
        batch = page._kp_read_ahead = (keys, cache.get_many(list(keys)) if keys else {})
        if page.pk not in _last_names and len(_last_names) >= LAST_NAMES_PAGES:
            _last_names.clear()
        _last_names[page.pk] = page._kp_names = []
    return batch


def fetch(page, name, build, comments=True):
    """``build()``, kept until a comment of ``page`` changes or the page is republished;
    with ``comments=False`` (what shows none of them, like the blank comment forms) only
    until the page is republished, so a new comment does not render the forms again."""
    if not timeout():
        return build()
    key = _key(page, name, comments)
    asked, found = _read_ahead(page)
    page._kp_names.append((name, comments))
    value = found.get(key) if key in asked else cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, timeout())
    return value


def _comment_changed(sender, instance, created=False, **kwargs):
    from .models import Status

    # What the comment was when it was read (``Comment.from_db``), so that one returned to
    # moderation still leaves the lists it was shown in.
    was_pending = created or getattr(instance, "loaded_status", None) == Status.PENDING
    if instance.status == Status.PENDING and was_pending:
        invalidate_pending(instance.page_id)
    else:
        invalidate(instance.page_id)
    instance.loaded_status = instance.status


def connect():
    from .models import Comment

    post_save.connect(_comment_changed, sender=Comment, dispatch_uid="kp_consultation.cache.save")
    post_delete.connect(_comment_changed, sender=Comment,
                        dispatch_uid="kp_consultation.cache.delete")
