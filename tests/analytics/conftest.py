import pytest

from analytics.models import DailyCount, SearchResultsDay


@pytest.fixture(autouse=True)
def no_counts(db):
    # Only what each test counts: the demo leaves none, a test's own rows start from nothing.
    DailyCount.objects.all().delete()
    SearchResultsDay.objects.all().delete()
