"""Sessions kept in the database and read from a short-lived copy in the shared cache.

A logged-in buyer's page served from the buyer page cache (core/buyer_cache.py) still
reads the session on every request; from Redis that is one round trip instead of a query.
This is Django's ``cached_db`` engine with two limits that keep it as safe as database
sessions:

- the copy is used only with a cache shared by every app server (Redis): with each
  process's local memory, a logout in one process would leave the session alive in the
  other processes' copies;
- a copy lives at most `COPY_SECONDS`: a logout or change written while the cache was
  unreachable (its copy could not be deleted, core/cache_backend.py) is seen by every
  server that long after, at the latest.
"""

from django.contrib.sessions.backends import cached_db
from django.core.cache.backends.locmem import LocMemCache

COPY_SECONDS = 60


def is_shared(cache):
    """Whether every app server reads the same `cache`: not a process's local memory."""
    return not isinstance(getattr(cache, "backend", cache), LocMemCache)


class ShortCopies:
    """The cache as ``cached_db`` uses it, each copy kept at most `COPY_SECONDS`."""

    def __init__(self, cache):
        self.cache = cache

    def get(self, key):
        return self.cache.get(key)

    def set(self, key, value, timeout):
        self.cache.set(key, value, min(timeout, COPY_SECONDS))

    def delete(self, key):
        self.cache.delete(key)

    def __contains__(self, key):
        return key in self.cache


class NoCopies:
    """No copy at all: every read goes to the database."""

    def get(self, key):
        return None

    def set(self, key, value, timeout):
        pass

    def delete(self, key):
        pass

    def __contains__(self, key):
        return False


class SessionStore(cached_db.SessionStore):
    def __init__(self, session_key=None):
        super().__init__(session_key)
        self._cache = ShortCopies(self._cache) if is_shared(self._cache) else NoCopies()
