"""A per-address limit on public form submissions, counted in Django's cache.

With several app servers the cache must be shared (Redis, see docs/deployment.md); the local
memory cache counts per process.
"""

from django.core.cache import cache


def client_ip(request):
    # Behind a reverse proxy, the proxy must set REMOTE_ADDR (docs/deployment.md).
    return request.META.get("REMOTE_ADDR", "")


def over_limit(scope, ip, limit, window):
    """Count one submission of ``scope`` from ``ip``; True once more than ``limit`` arrived
    within ``window`` seconds of the first."""
    key = f"kp:rate:{scope}:{ip}"
    # add() is a no-op when the key exists; incr() is atomic in Redis and in locmem.
    cache.add(key, 0, window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        count = 1
    return count > limit
