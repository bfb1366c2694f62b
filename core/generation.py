"""The generation of published content: a number that changes whenever anything is published.

Caches of what visitors see (whole pages, pricing records, private sections) put it in their
keys, so one new generation retires all of them at once, in every process sharing the cache.
`core.cache_purge` starts a new one on every publish, unpublish, move, privacy or
settings change.

The database holds the generation (`ContentGeneration`): a publish records it in its own
transaction, even while the cache is down. The cache holds a copy, read in the same round trip
as a cached page, that lives STOREFRONT_GENERATION_COPY_TIMEOUT seconds (5); the first reader
after that copies it again from the database. The copy alone can be late: a publish that could
not write it (cache down, full, or unreachable from that server) is seen everywhere at most
that long after, so an outage never brings back pages older than the last publish. While the
cache is down nothing is read from it (core/cache_backend.py) and pages come from the
database.
"""

import time

from django.conf import settings
from django.core.cache import cache

from core.models import ContentGeneration

GENERATION_KEY = "content:generation"


def copy_timeout():
    # Also how long a server with a cache of its own (local memory) takes to see a publish
    # made by another one.
    return getattr(settings, "STOREFRONT_GENERATION_COPY_TIMEOUT", 5)


def new_generation():
    generation = time.time_ns()
    ContentGeneration.objects.update_or_create(
        pk=ContentGeneration.ROW, defaults={"value": generation}
    )
    cache.set(GENERATION_KEY, generation, copy_timeout())
    return generation


def stored_generation():
    """The generation in the database, copied to the cache for the next readers."""
    rows = ContentGeneration.objects.filter(pk=ContentGeneration.ROW)
    generation = rows.values_list("value", flat=True).first()
    if generation is None:  # a new database
        return new_generation()
    # add(), not set(): a publish may have written a newer copy since the row was read.
    cache.add(GENERATION_KEY, generation, copy_timeout())
    return generation


def content_generation():
    generation = cache.get(GENERATION_KEY)
    return stored_generation() if generation is None else generation


def start_request(request, generation):
    """Record the generation a request started in, read by the page caches with their entry."""
    request._content_generation = generation


def request_generation(request):
    """The generation a request started in: its fragments all belong to the same one."""
    if request is None:
        return content_generation()
    if not hasattr(request, "_content_generation"):
        request._content_generation = content_generation()
    return request._content_generation


# How long an entry of a past generation may stay: a new generation's reader replaces it.
GENERATION_TIMEOUT = 300


def cached_for_generation(key, load, timeout=GENERATION_TIMEOUT):
    """`load()`, kept in the cache until anything is published (or `timeout` seconds).

    The entry and the generation's copy are read in one round trip: pages read several such
    entries (the site, its settings, listings), and each extra round trip to Redis counts on
    a page served from the page cache.
    """
    found = cache.get_many([GENERATION_KEY, key])
    generation = found.get(GENERATION_KEY)
    if generation is None:
        generation = stored_generation()
    entry = found.get(key)
    if entry is not None and entry[0] == generation:
        return entry[1]
    value = load()
    cache.set(key, (generation, value), timeout)
    return value
