"""Which parts of the page tree are private (Wagtail page privacy), without a query per list.

Wagtail's `.public()` reads every view restriction on each call; listings call it several
times per page. The restricted paths are kept in the cache for the current content
generation: adding or removing a restriction starts a new one (`storefront.cache_purge`).
"""

from django.db.models import Q
from wagtail.models import PageManager, PageViewRestriction
from wagtail.query import PageQuerySet

from core.generation import cached_for_generation

RESTRICTED_KEY = "privacy:restricted-paths"
# Short: with a cache per process (local memory) other processes only see a change this late.
RESTRICTED_TIMEOUT = 60


def restricted_paths():
    def load():
        return list(PageViewRestriction.objects.values_list("page__path", flat=True))

    return cached_for_generation(RESTRICTED_KEY, load, RESTRICTED_TIMEOUT)


class StorefrontPageQuerySet(PageQuerySet):
    def private_q(self):
        q = Q()
        for path in restricted_paths():
            q |= Q(path__startswith=path)
        return q if q else Q(pk__in=[])


StorefrontPageManager = PageManager.from_queryset(StorefrontPageQuerySet)
