"""Cache backends that fail open: an outage costs speed, never availability.

Django's ``RedisCache`` raises on every call while Redis is unreachable (and the file cache when
its directory cannot be written), and Wagtail reads the default cache on every request (site root
paths), so guarding only our own calls would leave every page answering 500. These backends answer a failing call as a miss (``get`` → default,
``add``/``set`` → nothing stored, ``incr`` → ``ValueError`` as for a missing key).

After a failure a backend stops asking its store for ``RETRY_AFTER`` seconds (a circuit breaker),
so a dead or hanging Redis costs each process at most one short socket timeout per interval, not
one per call. The outage is logged once when it starts and once when the store answers again.

``degraded`` is True while the circuit is open; the plugin apps read it through ``getattr`` (they
may not import this module) to switch their rate limits to per-process counters, and
``/healthz/`` reports it.

OPTIONS: ``RETRY_AFTER`` (seconds, default 30); ``socket_connect_timeout`` and
``socket_timeout`` (seconds, default 0.25) go to redis-py's connection pool.
"""

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.filebased import FileBasedCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger("kpsite.cache")

DEFAULT_TIMEOUT_SECONDS = 0.25
DEFAULT_RETRY_AFTER = 30.0


class _Circuit:
    """Shared by every backend instance of one location in this process: Django makes one
    instance per thread, but an outage is a property of the server, not of the thread."""

    def __init__(self):
        self.lock = threading.Lock()
        self.down = False
        self.retry_at = 0.0


_circuits = {}
_circuits_lock = threading.Lock()


def _circuit(location):
    with _circuits_lock:
        return _circuits.setdefault(location, _Circuit())


class FailOpenMixin:
    """Answers a call that raises one of ``failures`` as a miss; see the module's docstring."""

    failures = ()

    def _open_circuit(self, location, options):
        self.retry_after = float(options.pop("RETRY_AFTER", DEFAULT_RETRY_AFTER))
        self._circuit = _circuit(f"{type(self).__name__}:{location}")
        return options

    @property
    def degraded(self):
        return self._circuit.down

    def _call(self, fallback, method, *args, **kwargs):
        parent = getattr(super(), method)
        # Django's generic get_many() and incr() call get() and set(): only the outermost call
        # is guarded, so that a failure inside is not taken for a recovery outside.
        if getattr(self, "_guarding", False):
            return parent(*args, **kwargs)
        circuit = self._circuit
        if circuit.down and time.monotonic() < circuit.retry_at:
            return fallback()
        self._guarding = True
        try:
            result = parent(*args, **kwargs)
        except self.failures as error:
            with circuit.lock:
                if not circuit.down:
                    logger.warning("Cache unavailable, serving without it (retry every %s s): %s",
                                   self.retry_after, error)
                circuit.down = True
                circuit.retry_at = time.monotonic() + self.retry_after
            return fallback()
        finally:
            self._guarding = False
        if circuit.down:
            with circuit.lock:
                if circuit.down:
                    circuit.down = False
                    logger.warning("Cache available again.")
        return result

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(lambda: False, "add", key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call(lambda: default, "get", key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(lambda: None, "set", key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(lambda: False, "touch", key, timeout, version)

    def delete(self, key, version=None):
        return self._call(lambda: False, "delete", key, version)

    def get_many(self, keys, version=None):
        return self._call(dict, "get_many", keys, version)

    def has_key(self, key, version=None):
        return self._call(lambda: False, "has_key", key, version)

    def incr(self, key, delta=1, version=None):
        return self._call(self._missing(key), "incr", key, delta, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(lambda: list(data), "set_many", data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._call(lambda: None, "delete_many", keys, version)

    def clear(self):
        return self._call(lambda: False, "clear")

    @staticmethod
    def _missing(key):
        def fallback():
            raise ValueError(f"Key '{key}' not found.")

        return fallback


class ReusingRedisCacheClient(RedisCacheClient):
    """Django builds a new ``redis.Redis`` for every cache call, about 50 µs each (its table of
    response callbacks); a page makes a dozen calls. A client is safe to share between threads
    (each command takes a connection from the pool), so one per pool is kept."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(
                connection_pool=self._get_connection_pool(write))
        return client


class FailOpenRedisCache(FailOpenMixin, RedisCache):
    failures = (RedisError,)

    def __init__(self, server, params):
        options = self._open_circuit(server, dict(params.get("OPTIONS") or {}))
        options.setdefault("socket_connect_timeout", DEFAULT_TIMEOUT_SECONDS)
        options.setdefault("socket_timeout", DEFAULT_TIMEOUT_SECONDS)
        super().__init__(server, {**params, "OPTIONS": options})
        self._class = ReusingRedisCacheClient


class FailOpenFileBasedCache(FailOpenMixin, FileBasedCache):
    """The embedded default: a full disk or a directory that cannot be written costs the cache,
    not the page."""

    failures = (OSError,)

    def __init__(self, dir, params):
        options = self._open_circuit(dir, dict(params.get("OPTIONS") or {}))
        self.cull_every = max(int(options.pop("CULL_EVERY", 1)), 1)
        self._writes = 0
        super().__init__(dir, {**params, "OPTIONS": options})

    def _cull(self):
        # Django counts the cache's files on every write, listing the whole directory: with a
        # few thousand entries that cost more than rendering the page being stored. Counting on
        # one write in cull_every keeps the ceiling within cull_every writes per process.
        self._writes += 1
        if self._writes % self.cull_every == 0:
            super()._cull()
