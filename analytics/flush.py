"""`flush_counters`: what the cache counted, added to the database (see analytics/counters.py)."""

import logging
from collections import defaultdict

from django.db import transaction
from django.db.models import F
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits

from analytics import counters
from analytics.models import DailyCount, Metric, SearchResultsDay

logger = logging.getLogger(__name__)

SEARCH = "search"


def add_daily_counts(day, counts):
    """Add ``{(metric, object id): n}`` to the day's rows: one read and two batched writes."""
    if not counts:
        return
    rows = DailyCount.objects.filter(day=day, metric__in={metric for metric, _ in counts})
    existing = {(row.metric, row.object_id): row for row in rows}
    updated, created = [], []
    for (metric, object_id), value in counts.items():
        row = existing.get((metric, object_id))
        if row is None:
            created.append(DailyCount(day=day, metric=metric, object_id=object_id, count=value))
        else:
            row.count += value
            updated.append(row)
    DailyCount.objects.bulk_update(updated, ["count"], batch_size=500)
    DailyCount.objects.bulk_create(created, batch_size=500)


def add_searches(day, searches):
    """Add ``{(term, result count): n}``: the searches to Wagtail's daily hits of the term (its
    « Termes de recherche » report reads them), the zero-result ones and the last result count
    to our own row."""
    by_term = defaultdict(lambda: {"hits": 0, "zero": 0, "results": 0})
    for (term, results), value in searches.items():
        figures = by_term[term]
        figures["hits"] += value
        figures["zero"] += value if results == 0 else 0
        figures["results"] = max(figures["results"], results)
    for term, figures in by_term.items():
        query = Query.get(term)
        hits = QueryDailyHits.objects.filter(query=query, date=day)
        if not hits.update(hits=F("hits") + figures["hits"]):
            QueryDailyHits.objects.create(query=query, date=day, hits=figures["hits"])
        row, _ = SearchResultsDay.objects.get_or_create(query=query, day=day)
        row.zero_result_searches += figures["zero"]
        row.results = figures["results"]
        row.save()


def write(day, taken):
    counts, searches = {}, {}
    for subject, value in taken.items():
        if subject[0] == SEARCH:
            searches[subject[1:]] = value
        elif subject[0] in Metric.values:
            counts[subject] = value
    with transaction.atomic():
        add_daily_counts(day, counts)
        add_searches(day, searches)


def flush(last=None):
    """Write what the cache counted for the last days; returns the number of events written.

    The caller holds the scheduler's lock: two flushes at once would take the same counts twice.
    """
    written = 0
    for day in counters.days_to_flush(last):
        taken = counters.take(day)
        if not taken:
            continue
        try:
            write(day, taken)
        except Exception:
            # Not lost: back in the cache for the next flush.
            counters.give_back(day, taken)
            raise
        written += sum(taken.values())
    return written
