"""Purge the page cache and the CDN whenever something visible changes.

Connected to Wagtail's own signals (`page_published`, `page_unpublished`, `published`,
`unpublished`, page moves and deletions), which fire from the admin, from `publish_scheduled`
(the scheduler) and from code alike; the admin's `after_publish_page` hook would miss the
scheduler. The bulk import sends no signal and calls `purge_pages` itself.

Purges run once the transaction commits: purging earlier would let a request that reads the
old rows cache them again under the new generation.
"""

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.models import Page
from wagtail.signals import (
    page_published,
    page_unpublished,
    post_page_move,
    published,
    unpublished,
)

from storefront import page_cache


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


def purge_pages(pages):
    """Drop the cached copies of `pages`, the listings above them and the home page."""
    pages = list(pages)

    def purge():
        page_cache.purge_all()
        if cdn_configured() and pages:
            purge_cdn(pages)

    transaction.on_commit(purge)


def products_concerned(instance):
    """Product pages whose price or offer a price list or an offer changes."""
    from promotions.models import Offer, PriceList
    from promotions.visibility import offer_products_filter
    from storefront.models import ProductPage

    if isinstance(instance, PriceList):
        return ProductPage.objects.filter(price_lines__price_list=instance).distinct()
    if isinstance(instance, Offer):
        return ProductPage.objects.filter(offer_products_filter([instance]))
    return ProductPage.objects.none()


def on_page_change(sender, instance, **kwargs):
    purge_pages([instance])


def on_snippet_change(sender, instance, **kwargs):
    purge_pages(products_concerned(instance) if cdn_configured() else [])


def on_plain_save(sender, instance, **kwargs):
    # Site settings (company details, menus, price display) and brands show on pages as soon
    # as they are saved: there is no publishing step to hook.
    from storefront.models import Brand

    if isinstance(instance, BaseSiteSetting | Brand):
        purge_pages([])


def on_page_delete(sender, instance, **kwargs):
    if isinstance(instance, Page) and instance.live:
        purge_pages([instance])


def connect():
    page_published.connect(on_page_change, dispatch_uid="pagecache-page-published")
    page_unpublished.connect(on_page_change, dispatch_uid="pagecache-page-unpublished")
    post_page_move.connect(on_page_change, dispatch_uid="pagecache-page-moved")
    post_delete.connect(on_page_delete, dispatch_uid="pagecache-page-deleted")
    published.connect(on_snippet_change, dispatch_uid="pagecache-snippet-published")
    unpublished.connect(on_snippet_change, dispatch_uid="pagecache-snippet-unpublished")
    post_save.connect(on_plain_save, dispatch_uid="pagecache-plain-save")
