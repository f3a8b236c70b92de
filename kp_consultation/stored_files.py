"""Expensive public files built once per version of what they show, and served from storage.

A settlement export of a thousand comments takes seconds of CPU (the PDF the most). Each file is
named by a digest of everything it shows (``content_digest``), stored in Django's default
storage (a folder on one server, S3 and the like in production) and streamed from there; the
older version of the same file is deleted when a new one is stored. Building is bounded across
processes: a request that needs a new file takes one of ``KP_CONSULTATION_RENDER_SLOTS`` slots
in the cache; when none is free, or another process is building the same file and does not
finish within a few seconds, it answers 503 with Retry-After. If the cache is unreachable the
slots fall back to a semaphore per process, so an outage costs a bound per process, not
availability.
"""

import hashlib
import logging
import threading
import time
import uuid

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import FileResponse, HttpResponse, HttpResponseNotModified
from django.utils.translation import gettext as _

from kp_consultation.ratelimit import cache_failing

from . import conf

logger = logging.getLogger(__name__)

# Bumped whenever a template or the layout of a stored file changes, so old files are rebuilt.
FORMAT_VERSION = "3"
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
        with RenderSlot(scope, conf.get("KP_CONSULTATION_RENDER_SLOTS")):
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
    # Public once settled; a change makes a new ETag, so browsers ask again.
    response["Cache-Control"] = "no-cache"
    return response


def busy_response(retry_after=Busy.retry_after):
    response = HttpResponse(
        _("The file is being prepared. Please try again in a minute."), status=503,
        content_type="text/plain; charset=utf-8")
    response["Retry-After"] = str(retry_after)
    return response
