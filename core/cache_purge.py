"""Purge the page cache and the CDN whenever something visible changes.

Connected to Wagtail's own signals (`page_published`, `page_unpublished`, `published`,
`unpublished`, page moves and deletions), which fire from the admin, from `publish_scheduled`
(the scheduler) and from code alike; the admin's `after_publish_page` hook would miss the
scheduler. The bulk import sends no signal and calls `purge_pages` itself. Apps name what
else purges: models shown on pages as soon as saved (the ``cache_purge_on_save`` hook) and
the pages a published snippet changes, for the CDN (``cache_purge_pages_for``); both are
registered in storefront/wagtail_hooks.py.

Purges run at once and again when the transaction commits: a request that read the old rows
in between may have cached them again under the new generation. Work that is always rolled
back (the import's simulation) runs inside `suspended()` and purges nothing.
"""

import functools
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail import hooks
from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.documents.models import AbstractDocument
from wagtail.images.models import AbstractImage
from wagtail.models import Page, PageViewRestriction, Revision, Site
from wagtail.signals import (
    page_published,
    page_unpublished,
    post_page_move,
    published,
    unpublished,
)

from core import page_cache
from core.bulk_pages import DEFAULT_BATCH_SIZE, chunks

# Functions giving model classes whose instances are shown on pages as soon as saved.
ON_SAVE_HOOK = "cache_purge_on_save"
# Functions of a published or unpublished snippet giving the pages it changes, or None.
PAGES_FOR_HOOK = "cache_purge_pages_for"


def cdn_configured():
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


def listing_pages(pages):
    """The pages and every live page above them: the categories and index pages that list
    them, up to the home page."""
    pages = list(pages)
    paths = {page.path[:length] for page in pages for length in range(4, len(page.path), 4)}
    ancestors = Page.objects.live().filter(path__in=paths) if paths else Page.objects.none()
    return pages + list(ancestors)


def purge_cdn(pages):
    batch = PurgeBatch()
    batch.add_pages(listing_pages(pages))
    batch.purge()


# Set while running work that will be rolled back: its changes are never seen, so there is
# nothing to purge, and a new generation (kept by the cache, outside the transaction) would
# retire every cached page for nothing.
_suspended = ContextVar("cache_purge_suspended", default=False)


@contextmanager
def suspended():
    """No purge inside: for changes that are certain to be rolled back."""
    token = _suspended.set(True)
    try:
        yield
    finally:
        _suspended.reset(token)


def purge_pages(pages):
    """Drop the cached copies of `pages`, the listings above them and the home page.
    `pages` is read once, when the transaction commits and only for a CDN, a batch at a
    time: a generator of many pages (the import's) is never held whole."""
    if _suspended.get():
        return
    # Now, for the rest of this transaction (and for tests, which never commit), and again
    # once it commits: a request reading the old rows meanwhile may have cached them again.
    page_cache.purge_all()

    def purge():
        page_cache.purge_all()
        if cdn_configured():
            for batch in chunks(pages, DEFAULT_BATCH_SIZE):
                purge_cdn(batch)

    transaction.on_commit(purge)


def pages_concerned(instance):
    """The pages a snippet shows on, as the apps say (a price list: its products)."""
    pages = []
    for pages_for in hooks.get_hooks(PAGES_FOR_HOOK):
        pages += pages_for(instance) or []
    return pages


@functools.cache
def purged_on_save():
    """Read once: every save of any model asks, and the apps' hooks do not change."""
    models = PURGE_ON_SAVE + (AbstractImage, AbstractDocument)
    for declared in hooks.get_hooks(ON_SAVE_HOOK):
        models += tuple(declared())
    return models


def on_page_change(sender, instance, **kwargs):
    purge_pages([instance])


def on_snippet_change(sender, instance, **kwargs):
    # Read now: once committed, a price list's removed lines no longer name their products.
    purge_pages(pages_concerned(instance) if cdn_configured() else [])


# Shown on pages (or deciding who sees them) as soon as saved: no publishing step to hook.
PURGE_ON_SAVE = (BaseSiteSetting, PageViewRestriction, Site, SearchPromotion)


def on_plain_save(sender, instance, created=False, **kwargs):
    # Images and documents edited in their own admin too (titles, alt texts and files shown on
    # product pages). Scheduling a revision sends no publish signal either, yet its go-live is
    # a new boundary for every cached page.
    if created and isinstance(instance, (BaseSiteSetting, AbstractImage, AbstractDocument)):
        return  # new, so shown nowhere yet (settings: made with their defaults on first use)
    if isinstance(instance, purged_on_save()) or (
        isinstance(instance, Revision) and instance.approved_go_live_at
    ):
        purge_pages([])


def on_delete(sender, instance, **kwargs):
    if isinstance(instance, Page) and instance.live:
        purge_pages([instance])
    elif isinstance(instance, PURGE_ON_SAVE):
        purge_pages([])


def connect():
    page_published.connect(on_page_change, dispatch_uid="pagecache-page-published")
    page_unpublished.connect(on_page_change, dispatch_uid="pagecache-page-unpublished")
    post_page_move.connect(on_page_change, dispatch_uid="pagecache-page-moved")
    post_delete.connect(on_delete, dispatch_uid="pagecache-deleted")
    published.connect(on_snippet_change, dispatch_uid="pagecache-snippet-published")
    unpublished.connect(on_snippet_change, dispatch_uid="pagecache-snippet-unpublished")
    post_save.connect(on_plain_save, dispatch_uid="pagecache-plain-save")
