"""Wagtail's page serving, with a short cut for the routing of live pages.

Wagtail routes a URL one segment at a time, two queries per segment (the child, then its
specific object): a product four levels down costs ten queries before anything is rendered.
A live page's `url_path` already says where it is, so one query on it finds the page, and
the page read is kept until anything is published (publishing, unpublishing, moving and
renaming all start a new content generation): loading a page model, with its joined tables,
was a tenth of an uncached category page.

The short cut only answers for live pages of the types the apps list with the
``direct_route_models`` hook (labels such as "storefront.productpage"), whose ancestors route
their live children the way Wagtail does (their `route` overrides only change what happens to
pages that are not live). Everything else (pages that are not live, routable
pages and their sub-URLs, client spaces) goes through Wagtail's own routing unchanged, and
Wagtail's view still runs the privacy hooks and serves the page.
"""

import functools
import hashlib

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from wagtail import hooks
from wagtail.models import Page, Site
from wagtail.views import serve as wagtail_serve

from core.generation import cached_for_generation
from core.site_cache import find_site

DIRECT_ROUTE_HOOK = "direct_route_models"
ROUTE_KEY = "routing:{digest}"
# A remembered route is checked against the page on every use: it only saves a lookup.
ROUTE_TIMEOUT = 24 * 3600


@functools.cache
def direct_route_models():
    """The labels of the page models the apps let this short cut route (read once)."""
    return frozenset(label for listed in hooks.get_hooks(DIRECT_ROUTE_HOOK) for label in listed())


def site_root_path(site):
    for root in Site.get_site_root_paths():  # cached by Wagtail
        if root.site_id == site.pk:
            return root.root_path
    return None


def page_location(url_path):
    """``(pk, content type id)`` of the page at `url_path`, remembered in the cache."""
    key = ROUTE_KEY.format(digest=hashlib.sha256(url_path.encode()).hexdigest())
    location = cache.get(key)
    if location is None:
        location = Page.objects.filter(url_path=url_path).values_list("pk", "content_type_id")
        location = location.first()
        if location is not None:
            cache.set(key, location, ROUTE_TIMEOUT)
    return key, location


def direct_route(request, path):
    """Wagtail's route result for a live page of a listed type, or None to let Wagtail route."""
    site = find_site(request)
    root_path = site_root_path(site) if site else None
    if root_path is None:
        return None
    url_path = root_path + "".join(f"{part}/" for part in path.split("/") if part)
    key, location = page_location(url_path)
    if location is None:
        return None
    page_id, content_type_id = location
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    if model is None or model._meta.label_lower not in direct_route_models():
        return None
    page = cached_for_generation(
        f"{key}:page",
        lambda: model.objects.filter(pk=page_id, url_path=url_path, live=True).first(),
    )
    if page is None:  # moved, renamed or unpublished since it was remembered
        cache.delete(key)
        return None
    return page.route(request, [])


def serve(request, path):
    if not hasattr(request, "_wagtail_route_for_request"):
        route = direct_route(request, path)
        if route is not None:
            # Where Wagtail's Page.route_for_request keeps the route of this request.
            request._wagtail_route_for_request = route
    return wagtail_serve(request, path)
