"""A cache backend that fails soft: with the cache server down, the site works from the database.

`FailSoftCache` wraps the backend named in its OPTIONS (``"BACKEND"``; the other options are
that backend's own). Every cache call of the site goes through it, Django's and Wagtail's
(site root paths, renditions) included. When the server cannot be reached, a read is a miss,
a write is dropped and a counter reads as missing (`incr` raises ValueError, as Django's
backends do for a missing key): pages are rendered from the database, slower but right, and
/healthz reports the cache as down.

After an error the server is left alone for ``RETRY_AFTER`` seconds (in each process): a server
that hangs costs one timeout per process in that time, not one per cache call. Errors that
are not about reaching the server (a value that cannot be pickled, a missing counter) are
raised as usual.

`RedisCache` is Django's, keeping its redis-py clients instead of making one per call and
adding to a counter in one round trip instead of two.
"""

import logging
import time
from contextlib import suppress

from django.core.cache.backends import redis as django_redis
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.utils.module_loading import import_string
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# What a server that is down, unreachable, hung, still loading or out of memory raises:
# socket errors (ConnectionError and TimeoutError are OSErrors) and Redis's own errors.
OUTAGE_ERRORS = (OSError, RedisError)
DEFAULT_RETRY_AFTER = 5
# Adds to a counter that exists, in one step on the server; nil (None) if there is none.
INCREMENT_EXISTING = """
if redis.call('EXISTS', KEYS[1]) == 1 then
    return redis.call('INCRBY', KEYS[1], ARGV[1])
end
return false
"""


class ServerState:
    """Whether a cache server failed lately: one per server, shared by a process's threads
    (Django makes a backend instance per thread)."""

    def __init__(self):
        self.down = False
        self.retry_at = 0.0


_servers = {}


class FailSoftCache(BaseCache):
    def __init__(self, location, params):
        options = dict(params.get("OPTIONS", {}))
        backend = options.pop("BACKEND")
        self.retry_after = options.pop("RETRY_AFTER", DEFAULT_RETRY_AFTER)
        params = {**params, "OPTIONS": options}
        super().__init__(params)
        self.backend = import_string(backend)(location, params)
        self.server = _servers.setdefault((backend, location), ServerState())

    def _attempt(self, fallback, method, *args, **kwargs):
        server = self.server
        if server.down and time.monotonic() < server.retry_at:
            return fallback
        try:
            result = method(*args, **kwargs)
        except OUTAGE_ERRORS as error:
            if not server.down:
                # Once per outage and process: the retries that fail again say nothing new.
                logger.warning(
                    "Cache injoignable (%s : %s) : pages servies depuis la base de données, "
                    "nouvel essai dans %s s",
                    error.__class__.__name__,
                    error,
                    self.retry_after,
                    exc_info=True,
                )
            server.down = True
            server.retry_at = time.monotonic() + self.retry_after
            return fallback
        if server.down:
            server.down = False
            logger.warning("Cache de nouveau joignable")
        return result

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._attempt(False, self.backend.add, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._attempt(default, self.backend.get, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._attempt(None, self.backend.set, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._attempt(False, self.backend.touch, key, timeout, version)

    def delete(self, key, version=None):
        return self._attempt(False, self.backend.delete, key, version)

    def get_many(self, keys, version=None):
        return self._attempt({}, self.backend.get_many, keys, version)

    def has_key(self, key, version=None):
        return self._attempt(False, self.backend.has_key, key, version)

    def incr(self, key, delta=1, version=None):
        value = self._attempt(None, self.backend.incr, key, delta, version)
        if value is None:
            raise ValueError(f"Key '{key}' not found")
        return value

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        # Django's contract: the keys that could not be stored.
        return self._attempt(list(data), self.backend.set_many, data, timeout, version)

    def delete_many(self, keys, version=None):
        self._attempt(None, self.backend.delete_many, keys, version)

    def clear(self):
        self._attempt(None, self.backend.clear)

    def close(self, **kwargs):
        # Not a call to the server (Django's backends close nothing or drop their
        # connections): it says nothing of whether the server is up.
        with suppress(*OUTAGE_ERRORS):
            self.backend.close(**kwargs)


class ReusedClients(django_redis.RedisCacheClient):
    """Django makes a new redis-py client for every cache call; making one costs more than
    the call on a page served from the cache (redis-py fills a table of some 200 response
    handlers each time). One client per connection pool does the same work: redis-py clients
    are safe to share, and the pool is what holds the connections."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        if index not in self._clients:
            self._clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return self._clients[index]

    def incr(self, key, delta):
        # Django asks whether the key exists, then adds: two round trips for each page view
        # counted (analytics/counters.py), one here. Django stores integers unpickled, so
        # INCRBY works on them.
        client = self.get_client(key, write=True)
        value = client.eval(INCREMENT_EXISTING, 1, key, delta)
        if value is None:
            raise ValueError(f"Key '{key}' not found.")
        return value


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClients
