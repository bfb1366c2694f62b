"""HTTP caching of the site's answers: anonymous pages shared and never stale, the rest private.

Only requests without a session cookie are served from or stored in the cache: a logged-in
customer always has one, so they never get a shared page and never fill one with their prices.
A response is stored only if it is a plain 200 that sets no cookie, used no CSRF token nor CSP
nonce and did not ask to stay private.

Two rules keep the cache right:

- An entry lives at most until the next instant when pages, prices or offers change by
  themselves: a page's go-live or expiry (`core.publication.next_page_change_after`), and the
  instants other apps declare with the ``page_cache_boundaries`` hook, such as a price list
  starting (promotions/boundaries.py) or a maintenance banner's window, checked to the
  microsecond on read.
- Publishing or unpublishing anything moves the cache to a new generation (`purge_all`), so
  every page stored before is ignored from then on: a publish can change listings, the home
  page, search results and the pages that embed product cards, and a generation is the one
  purge that cannot forget any of them. `core.cache_purge` calls it from Wagtail's
  signals, and the CDN is purged there too.

Query strings: pages read only the query parameters their apps declare (the
``page_cache_query_parameters`` hook, in each app's wagtail_hooks.py). An anonymous GET is
rendered, keyed and stored with those alone, sorted by name, so that tracking parameters
(``utm_*``, ``gclid``…) and made-up ones neither make new entries nor show up in the page's own
links. The request gets its query string back once answered: Wagtail's redirects, which run
before this middleware (config/settings/base.py), match the URL as it was asked.

Whatever answers a logged-in visitor, or anyone with a session or pending messages, is sent
``private, no-store``, whether or not the page cache is on: their prices stay out of shared
caches, and out of the browser once they have logged out.
"""

import hashlib
import math
from contextlib import contextmanager
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, QueryDict
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, get_max_age, patch_cache_control
from wagtail import hooks

from core.generation import (
    GENERATION_KEY,
    new_generation,
    start_request,
    stored_generation,
)
from core.publication import next_page_change_after

BOUNDARY_KEY = "pagecache:boundary:{audience}:{generation}"
ENTRY_KEY = "pagecache:page:{digest}"
STATUS_HEADER = "X-Page-Cache"
QUERY_PARAMETERS_HOOK = "page_cache_query_parameters"
# Functions of `(now, audience)` giving the next instant after `now` when what they add to the
# pages of that audience (None: anonymous visitors) changes.
BOUNDARIES_HOOK = "page_cache_boundaries"
ANONYMOUS = "anonymous"
# Cookies that make a response personal: the session (logged in, preview, share links) and
# pending messages, which the next page would show.
PERSONAL_COOKIES = (settings.SESSION_COOKIE_NAME, "messages")
REFUSING_DIRECTIVES = ("private", "no-store", "no-cache")


def enabled():
    return getattr(settings, "STOREFRONT_PAGE_CACHE", True)


def max_age():
    return getattr(settings, "STOREFRONT_PAGE_CACHE_MAX_AGE", 3600)


def purge_all():
    """Forget every cached page by starting a new content generation."""
    return new_generation()


def read_query_parameters():
    """The names of the query parameters that some page reads, as the apps declare them."""
    names = set()
    for declared in hooks.get_hooks(QUERY_PARAMETERS_HOOK):
        names.update(declared())
    return names


@contextmanager
def shared_query(request):
    """The request with only the query parameters pages read, sorted by name, until answered."""
    asked = request.META.get("QUERY_STRING", "")
    if not asked:
        yield
        return
    params = request.GET
    read = read_query_parameters()
    # A stable sort: the order of a parameter's values may matter (?ref=…&qty=… pairs).
    kept = urlencode(
        [(name, value) for name in sorted(params) if name in read for value in params.getlist(name)]
    )
    request.META["QUERY_STRING"] = kept
    request.GET = QueryDict(kept)
    try:
        yield
    finally:
        request.META["QUERY_STRING"] = asked
        request.GET = params


def entry_key(request):
    # Scheme and host too: one cache may serve several sites or both http and https.
    url = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    return ENTRY_KEY.format(digest=hashlib.sha256(url.encode()).hexdigest())


def is_shareable_request(request):
    return request.method in ("GET", "HEAD") and not any(
        name in request.COOKIES for name in PERSONAL_COOKIES
    )


def is_plain_response(request, response):
    """A 200 that sets no cookie, used no CSRF token nor CSP nonce and is not kept private."""
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_USED")
        # A CSP nonce is good for one response only: a stored copy would give it to everyone.
        and not getattr(request, "csp_nonce", None)
        and not any(directive in cache_control for directive in REFUSING_DIRECTIVES)
    )


def is_shareable_response(request, response):
    user = getattr(request, "user", None)
    return is_plain_response(request, response) and not (user is not None and user.is_authenticated)


def is_personal(request, response):
    """Made for this visitor: logged in, holding a session or messages, or given one now."""
    user = getattr(request, "user", None)
    return (
        any(name in request.COOKIES for name in PERSONAL_COOKIES)
        or settings.SESSION_COOKIE_NAME in response.cookies
        or (user is not None and user.is_authenticated)
    )


def boundary(generation, now, audience=None):
    """The next self-made change after `now` for `audience` (an object with a `cache_key`,
    see `core.buyer_cache`; None: anonymous visitors), remembered for the generation it was
    read in."""
    audience_key = ANONYMOUS if audience is None else audience.cache_key
    key = BOUNDARY_KEY.format(audience=audience_key, generation=generation)
    remembered = cache.get(key)
    if remembered is not None:
        moment = remembered["at"]
        if remembered["computed"] <= now and (moment is None or now < moment):
            return moment
    moments = [next_page_change_after(now)]
    moments += [next_after(now, audience) for next_after in hooks.get_hooks(BOUNDARIES_HOOK)]
    moment = min((found for found in moments if found is not None), default=None)
    timeout = max_age() if moment is None else max(1, math.ceil((moment - now).total_seconds()))
    cache.set(key, {"computed": now, "at": moment}, timeout)
    return moment


def shared_cache_control(response, seconds, browser_seconds=0):
    # Browsers revalidate pages (a visitor who logs in must not keep the anonymous page)
    # unless the view gave its own lifetime (robots.txt, sitemaps); shared caches (a CDN)
    # keep it as long as it stays right.
    seconds = max(0, int(seconds))
    patch_cache_control(
        response, public=True, max_age=min(browser_seconds, seconds), s_maxage=seconds
    )


def expiry(generation, started, audience=None):
    """When a page `audience` got at `started` stops being right (a timestamp), at the latest."""
    expires = started.timestamp() + max_age()
    moment = boundary(generation, started, audience)
    if moment is not None:
        expires = min(expires, moment.timestamp())
    return expires


def store(key, response, generation, started):
    expires = expiry(generation, started)
    remaining = expires - timezone.now().timestamp()
    if remaining <= 0:
        return
    browser_seconds = get_max_age(response) or 0
    shared_cache_control(response, remaining, browser_seconds)
    headers = [(name, value) for name, value in response.items() if name != STATUS_HEADER]
    entry = {
        "generation": generation,
        "expires": expires,
        "browser_seconds": browser_seconds,
        "headers": headers,
        "content": response.content,
    }
    cache.set(key, entry, math.ceil(remaining))


def cached_response(entry, now):
    response = HttpResponse(entry["content"])
    for name, value in entry["headers"]:
        response[name] = value
    shared_cache_control(
        response, entry["expires"] - now.timestamp(), entry.get("browser_seconds", 0)
    )
    response[STATUS_HEADER] = "hit"
    return response


class PageCacheMiddleware:
    """Serves and stores anonymous pages, keeps personal ones private: see the module docstring."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_shareable_request(request):
            response = self.get_response(request)
        else:
            with shared_query(request):
                response = self.shared_or_rendered(request)
        if is_personal(request, response):
            add_never_cache_headers(response)
        return response

    def shared_or_rendered(self, request):
        if not enabled():
            return self.get_response(request)
        now = timezone.now()
        key = entry_key(request)
        found = cache.get_many([GENERATION_KEY, key])
        generation = found.get(GENERATION_KEY)
        if generation is None:
            generation = stored_generation()
        start_request(request, generation)
        entry = found.get(key)
        if (
            entry is not None
            and entry["generation"] == generation
            and now.timestamp() < entry["expires"]
        ):
            return cached_response(entry, now)
        response = self.get_response(request)
        if is_shareable_response(request, response):
            store(key, response, generation, now)
            response[STATUS_HEADER] = "miss"
        return response
