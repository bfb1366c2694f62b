"""Page views, counted for every page served, from a page cache or rendered.

Two middlewares, around the page caches (config/settings/base.py): `PageMarkMiddleware`, inside
both the anonymous and the buyers' cache, writes the served page's id in a header of the
response (set by the ``before_serve_page`` hook, analytics/wagtail_hooks.py), so that either
cache stores it with the page; `PageViewMiddleware`, outside both, reads that header from every
answer, stored or rendered, counts the view and removes the header. A cache hit costs one header
read and one ``cache.incr``; nothing about the visitor is read or kept.
"""

import re

from analytics.counters import count
from analytics.models import Metric

PAGE_HEADER = "X-Analytics-Page"
# Crawlers and link previews that say what they are: not visits.
ROBOTS = re.compile(r"bot|crawl|spider|slurp|preview|facebookexternalhit", re.IGNORECASE)


class PageMarkMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        page_id = getattr(request, "analytics_page_id", None)
        if page_id is not None:
            response[PAGE_HEADER] = str(page_id)
        return response


class PageViewMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        page_id = response.get(PAGE_HEADER)
        if page_id is None:
            return response
        del response[PAGE_HEADER]
        if (
            request.method == "GET"
            and response.status_code == 200
            and not ROBOTS.search(request.headers.get("User-Agent", ""))
        ):
            count(Metric.PAGE_VIEW.value, int(page_id))
        return response
