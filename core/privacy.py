"""Which pages are private (Wagtail page privacy), and who may see a private one.

Wagtail's `.public()` reads every view restriction on each call; listings call it several
times per page. The restricted paths are kept in the cache for the current content
generation: adding or removing a restriction starts a new one (`core.cache_purge`).

Wagtail's view restrictions (login, groups, password) decide alone who sees most private
pages. An app that opens private pages to more people (showroom: the team and share-link
holders) says so through the `page_access_grants` hook, a function of (request, page)
returning True to let the request in, so that code asking the question needs no knowledge of
the app that answers it.
"""

from django.db.models import Q
from wagtail import hooks
from wagtail.models import PageManager, PageViewRestriction
from wagtail.query import PageQuerySet

from core.generation import cached_for_generation

RESTRICTED_KEY = "privacy:restricted-paths"
# Short: with a cache per process (local memory) other processes only see a change this late.
RESTRICTED_TIMEOUT = 60
ACCESS_GRANTS_HOOK = "page_access_grants"


def restricted_paths():
    def load():
        return list(PageViewRestriction.objects.values_list("page__path", flat=True))

    return cached_for_generation(RESTRICTED_KEY, load, RESTRICTED_TIMEOUT)


def is_private_path(path, restricted=None):
    """Whether the page at `path` is private: restricted itself or under a restricted page.

    From the cached paths (`restricted` when the caller read them already), for lists and
    caches; a page being served asks `is_private`, which is never late.
    """
    restricted = restricted_paths() if restricted is None else restricted
    return any(path.startswith(prefix) for prefix in restricted)


def is_private(page):
    """Whether `page` is private, read from the database: with a cache per process, the
    cached paths may be up to RESTRICTED_TIMEOUT seconds late in other processes."""
    return page.get_view_restrictions().exists()


def page_open_to(request, page):
    """Whether every restriction on `page` (or an ancestor) accepts the request, or an app
    grants it access."""
    restrictions = page.get_view_restrictions()
    if all(restriction.accept_request(request) for restriction in restrictions):
        return True
    return any(grants(request, page) for grants in hooks.get_hooks(ACCESS_GRANTS_HOOK))


class StorefrontPageQuerySet(PageQuerySet):
    def private_q(self):
        q = Q()
        for path in restricted_paths():
            q |= Q(path__startswith=path)
        return q if q else Q(pk__in=[])


StorefrontPageManager = PageManager.from_queryset(StorefrontPageQuerySet)
