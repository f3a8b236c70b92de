"""Counters in Django's cache for the catalogue's limits (the brochure's rendering budget).

kp_consultation has the same counter for its own limits; the two apps may not import each
other, so each keeps its copy.
"""

import threading
import time

from django.core.cache import cache

# Counts in the cache, or in this process while the cache is failing. A counter that answered
# "nothing counted" during an outage would admit everything, one that raised would refuse
# everything; counting per process keeps a limit (per worker) until the cache is back.
_LOCAL_MAX_KEYS = 10_000
_local_counts = {}
_local_lock = threading.Lock()


def cache_failing():
    # The site's fail-open backends say so (``degraded``); other backends have no such attribute.
    return bool(getattr(cache, "degraded", False))


def _count_in_cache(key, window):
    # add() stores only when the key is missing: the first event of a window costs one round
    # trip (most people send one or two). incr() is atomic in Redis and in locmem.
    if cache.add(key, 1, window):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        return 1


def _count_locally(key, window):
    now = time.monotonic()
    with _local_lock:
        expires, count = _local_counts.get(key, (0.0, 0))
        if expires <= now:
            if len(_local_counts) >= _LOCAL_MAX_KEYS:
                for stale in [k for k, (until, _n) in _local_counts.items() if until <= now]:
                    del _local_counts[stale]
                if len(_local_counts) >= _LOCAL_MAX_KEYS:
                    _local_counts.clear()
            expires, count = now + window, 0
        count += 1
        _local_counts[key] = (expires, count)
        return count


def count(key, window):
    """Count one event under ``key``; the number counted within ``window`` seconds of the
    first."""
    if not cache_failing():
        try:
            counted = _count_in_cache(key, window)
        except Exception:  # noqa: BLE001 - a backend that does not fail open raises its client's own errors
            counted = None
        if counted is not None and not cache_failing():
            return counted
    return _count_locally(key, window)
