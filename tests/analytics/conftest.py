import pytest
from wagtail.contrib.search_promotions.models import QueryDailyHits

from analytics.models import DailyCount, SearchResultsDay


@pytest.fixture(autouse=True)
def no_counts(db):
    # Only what each test counts: the demo's made-up figures (analytics/demo.py) are dropped.
    DailyCount.objects.all().delete()
    SearchResultsDay.objects.all().delete()
    QueryDailyHits.objects.all().delete()
