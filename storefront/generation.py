"""The generation of published content: a number that changes whenever anything is published.

Caches of what visitors see (whole pages, pricing records, private sections) put it in their
keys, so one new generation retires all of them at once, in every process sharing the cache.
`storefront.cache_purge` starts a new one on every publish, unpublish, move, privacy or
settings change.
"""

import time

from django.core.cache import cache

GENERATION_KEY = "content:generation"


def new_generation():
    generation = time.time_ns()
    cache.set(GENERATION_KEY, generation, timeout=None)
    return generation


def content_generation():
    return cache.get(GENERATION_KEY) or new_generation()


def request_generation(request):
    """The generation a request started in: its fragments all belong to the same one."""
    if request is None:
        return content_generation()
    if not hasattr(request, "_content_generation"):
        request._content_generation = content_generation()
    return request._content_generation


# Bounds how long another process may keep a copy when the cache is per process (local memory);
# with a shared cache (Redis) a publish retires the copy for every process at once.
GENERATION_TIMEOUT = 300


def cached_for_generation(key, load, timeout=GENERATION_TIMEOUT):
    """`load()`, kept in the cache until anything is published (or `timeout` seconds)."""
    key = f"{key}:{content_generation()}"
    value = cache.get(key)
    if value is None:
        value = load()
        cache.set(key, value, timeout)
    return value
