"""Expensive public files (the brochure) built once per version of what they show, and served
from storage.

The same mechanism as ``kp_consultation/stored_files.py`` (the apps do not import each other):
each file is named by a digest of what it shows, stored in Django's default storage (a folder
on one server, S3 and the like in production) and streamed from there; the older version in
the same folder is deleted when a new one is stored. At most ``KP_CATALOGUE_RENDER_SLOTS``
renderings run at once across processes (slots in the cache, a semaphore per process if the
cache is unreachable); a request that gets no slot answers 503 with Retry-After.
"""

import hashlib
import logging
import threading
import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import FileResponse, HttpResponse, HttpResponseNotModified
from django.utils.translation import gettext as _

from kp_catalogue.ratelimit import cache_failing

logger = logging.getLogger(__name__)

# Bumped whenever a template or the layout of a stored file changes, so old files are rebuilt.
FORMAT_VERSION = "1"
SLOT_SECONDS = 300  # a slot outlives any rendering; a crashed worker's slot frees itself
WAIT_SECONDS = 5
POLL_SECONDS = 0.25

_local_slots = {}
_local_lock = threading.Lock()
_warned = set()


def _warn_once(message, *args):
    """Log a cache outage once per process and message, not on every request."""
    if message not in _warned:
        _warned.add(message)
        logger.warning(message, *args, exc_info=True)


class Busy(Exception):
    """No rendering slot is free; try again in ``retry_after`` seconds."""

    retry_after = 30


def content_digest(*parts):
    """A stable digest of what a file shows (values in a fixed order)."""
    digest = hashlib.sha256(FORMAT_VERSION.encode())
    for part in parts:
        digest.update(b"\x1f")
        digest.update(repr(part).encode())
    return digest.hexdigest()[:32]


def _local_semaphore(limit):
    with _local_lock:
        semaphore = _local_slots.get(limit)
        if semaphore is None:
            semaphore = _local_slots[limit] = threading.BoundedSemaphore(limit)
        return semaphore


class RenderSlot:
    """One of ``limit`` concurrent renderings across processes (cache), or in this process
    (semaphore) when the cache is unreachable. Raises Busy when all are taken."""

    def __init__(self, scope, limit):
        self.scope = scope
        self.limit = max(int(limit), 1)
        self.key = None
        self.semaphore = None

    def __enter__(self):
        token = uuid.uuid4().hex
        try:
            # A fail-open backend answers add() with False during an outage; read as "every
            # slot taken", that would refuse every request.
            if cache_failing():
                raise ConnectionError("cache degraded")
            for number in range(self.limit):
                key = f"kp:render-slot:{self.scope}:{number}"
                if cache.add(key, token, SLOT_SECONDS):
                    self.key = key
                    return self
        except Exception:  # noqa: BLE001 - any cache outage: fall back to this process's bound
            _warn_once("Rendering slots: cache unreachable, limiting per process.")
            semaphore = _local_semaphore(self.limit)
            if semaphore.acquire(blocking=False):
                self.semaphore = semaphore
                return self
        raise Busy

    def __exit__(self, *exc_info):
        if self.semaphore is not None:
            self.semaphore.release()
        elif self.key is not None:
            try:
                cache.delete(self.key)
            except Exception:  # noqa: BLE001 - the slot expires on its own
                _warn_once("Rendering slots: could not free a slot (it expires on its own).")
        return False


def _claim(path):
    """True if this process should build ``path`` (no other process is building it)."""
    try:
        if cache_failing():
            raise ConnectionError("cache degraded")
        return cache.add(f"kp:building:{path}", 1, SLOT_SECONDS)
    except Exception:  # noqa: BLE001 - without the cache every process may build
        _warn_once("Rendering: cache unreachable, files may be built twice.")
        return True


def _release(path):
    try:
        cache.delete(f"kp:building:{path}")
    except Exception:  # noqa: BLE001 - the claim expires on its own
        _warn_once("Rendering: could not release a claim (it expires on its own).")


def _delete_older(folder, keep, suffix):
    try:
        _dirs, files = default_storage.listdir(folder)
    except (FileNotFoundError, NotImplementedError):
        return
    for name in files:
        if name.endswith(suffix) and f"{folder}/{name}" != keep:
            default_storage.delete(f"{folder}/{name}")


def stored_path(folder, digest, suffix):
    return f"{folder}/{digest}{suffix}"


def ensure(folder, digest, suffix, build, scope):
    """The storage path of the file for ``digest``, built with ``build()`` (bytes or str) if
    missing. Raises Busy when the file cannot be built now."""
    path = claimed = stored_path(folder, digest, suffix)
    if default_storage.exists(path):
        return path
    if not _claim(claimed):
        # Another process builds this very file: wait a little for it rather than build twice.
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            time.sleep(POLL_SECONDS)
            if default_storage.exists(path):
                return path
        raise Busy
    try:
        with RenderSlot(scope, getattr(settings, "KP_CATALOGUE_RENDER_SLOTS", 2)):
            content = build()
            if isinstance(content, str):
                content = content.encode()
            # save() may pick another name if the path appeared meanwhile; use what it returns.
            if not default_storage.exists(path):
                path = default_storage.save(path, ContentFile(content))
            _delete_older(folder, path, suffix)
    finally:
        _release(claimed)
    return path


def serve(request, path, content_type, filename, digest):
    """Stream a stored file, with an ETag so that a repeated download costs nothing."""
    etag = f'"{digest}"'
    if etag in request.headers.get("If-None-Match", ""):
        response = HttpResponseNotModified()
        response["ETag"] = etag
        return response
    response = FileResponse(default_storage.open(path, "rb"), content_type=content_type,
                            as_attachment=True, filename=filename)
    response["ETag"] = etag
    # A change makes a new ETag, so browsers ask again.
    response["Cache-Control"] = "no-cache"
    return response


def busy_response(retry_after=Busy.retry_after):
    response = HttpResponse(
        _("The file is being prepared. Please try again in a minute."), status=503,
        content_type="text/plain; charset=utf-8")
    response["Retry-After"] = str(retry_after)
    return response
