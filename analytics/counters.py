"""Counting in the cache, flushing to the database in batches.

Counting must cost a page next to nothing, and must never break one: `count` is one
``cache.incr`` in the common case, and whatever the cache answers (down, full, evicted), the page
goes on; a count may be lost, nothing else. The cache is the site's fail-soft one
(core/cache_backend.py).

Keys are per day and per counted thing (an event with its subject: the page, the company, the
search term…). The cache cannot list its keys (local memory cannot at all, Redis only by a
costly scan), so each day keeps an index: a counter of slots and, in each slot, the description
of one key, written once, when the key is created. ``cache.incr`` is atomic on Redis and on
local memory, so two processes creating keys at once get different slots.

`flush` (run by the scheduler, or ``manage.py flush_counters``) reads the indexes of the last
days, takes each counter's value out by decrementing it by what it read (counts added in
between stay for the next flush) and adds the values to the database. One flush at a time: the
scheduler's lock.
"""

import hashlib
import time
from datetime import datetime, timedelta
from functools import lru_cache

from django.core.cache import cache
from django.utils import timezone

COUNTER_KEY = "analytics:{day}:{digest}"
INDEX_SIZE_KEY = "analytics:{day}:index"
INDEX_SLOT_KEY = "analytics:{day}:index:{slot}"
# Counters and indexes outlive their day by far: a scheduler stopped for a day loses nothing.
TIMEOUT = 3 * 24 * 3600
# The days a flush reads: today and those still in the cache.
FLUSHED_DAYS = 3


# Today's date and the instant it ends: working out the local date costs more than the count.
_today = {"date": None, "until": 0.0}


def today():
    """`timezone.localdate()`, worked out again only once the day is over (from the clock
    itself, as the date and its end must come from the same one)."""
    clock = time.time()
    if clock >= _today["until"]:
        now = datetime.fromtimestamp(clock, tz=timezone.get_current_timezone())
        midnight = (now + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
        _today.update(date=now.date(), until=midnight.timestamp())
    return _today["date"]


# The pages of a site and its search terms of the day: a bounded set, hashed once each.
@lru_cache(maxsize=10_000)
def counter_key(day, subject):
    digest = hashlib.sha256(repr(subject).encode()).hexdigest()[:32]
    return COUNTER_KEY.format(day=day.isoformat(), digest=digest)


def increment(key):
    """Add one to an existing counter: False if the cache has no such counter (or is down)."""
    try:
        cache.incr(key)
    except ValueError:
        return False
    return True


def index(day, subject):
    size_key = INDEX_SIZE_KEY.format(day=day.isoformat())
    cache.add(size_key, 0, TIMEOUT)
    try:
        slot = cache.incr(size_key)
    except ValueError:  # cache down: the counter cannot be found again, so is lost
        return
    cache.set(INDEX_SLOT_KEY.format(day=day.isoformat(), slot=slot), subject, TIMEOUT)


def count(*subject, day=None):
    """One more of `subject`, a tuple of plain values whose first is the metric: ("page_view",
    page id), ("search", term, result count)…"""
    day = day or today()
    key = counter_key(day, subject)
    if increment(key):
        return
    if cache.add(key, 1, TIMEOUT):
        index(day, subject)
    else:  # created by another request in between, or the cache is down
        increment(key)


def counters(day):
    """``{subject: key}`` of the counters indexed for `day`."""
    size = cache.get(INDEX_SIZE_KEY.format(day=day.isoformat())) or 0
    slots = [INDEX_SLOT_KEY.format(day=day.isoformat(), slot=slot) for slot in range(1, size + 1)]
    return {subject: counter_key(day, subject) for subject in cache.get_many(slots).values()}


def take(day):
    """``{subject: value}`` counted for `day` since the last take, taken out of the cache."""
    keys = counters(day)
    values = cache.get_many(list(keys.values()))
    taken = {}
    for subject, key in keys.items():
        value = values.get(key) or 0
        if value <= 0:
            continue
        try:
            cache.incr(key, -value)
        except ValueError:  # gone or cache down since the read: taken by no one, lost
            continue
        taken[subject] = value
    return taken


def give_back(day, taken):
    """Put counts taken out back, when they could not be written: kept for the next flush."""
    for subject, value in taken.items():
        key = counter_key(day, subject)
        try:
            cache.incr(key, value)
        except ValueError:
            if cache.add(key, value, TIMEOUT):
                index(day, subject)


def days_to_flush(last=None):
    last = last or today()
    return [last - timedelta(days=back) for back in reversed(range(FLUSHED_DAYS))]
