"""Whole pages shared by logged-in customers who see the same prices.

What a customer's page shows depends on their *audience*, not on who they are:
`core.audience.request_audience` gives it (storefront/wagtail_hooks.py registers the pricing buyer:
whether the visitor is logged in and their company's price group, `Buyer.cache_key`, which
decides price lists and offers aimed at « clients connectés » or at price groups, web
exclusives included, and whether prices are shown at all). Listings and search leave private
sections out for everyone (`core/privacy.py`). So a page is stored per URL (scheme, host,
path and the query parameters pages read, as in `core.page_cache`) × `audience_signature` ×
content generation, and lives by the anonymous cache's rules: until the next change that
happens by itself (`core.page_cache.boundary` for that audience, checked on every read) or
the next publish (a new generation). No app saying who the audience is means no sharing.

The personal bits, the header's account links (the customer's name, « Mon espace client »
and the logout form's CSRF token), are never stored: while a shareable page is rendered,
`{% personal_placeholder %}` writes `PERSONAL_MARKER` in their place, and every response,
stored or read, gets this visitor's own links rendered into it (`includes/account_links.html`).

Fail closed: no signature (anonymous, team members, editors' previews at a date, pending
messages) means the page is rendered as usual; only Wagtail pages outside any view restriction
(client spaces are restricted by group) are stored, and only plain 200s that used no CSRF
token and asked for no privacy of their own (`page_cache.is_plain_response`): forms and search
(which counts hits) never are. Responses stay ``private, no-store`` (`page_cache`).
"""

import hashlib
import math

from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import get_template
from django.utils import timezone

from core import page_cache, preview
from core.audience import request_audience
from core.fragments import NOT_READ, fragment_key, shared_fragment
from core.generation import GENERATION_KEY, start_request, stored_generation
from core.privacy import is_private_path
from core.staff import is_staff

ENTRY_KEY = "pagecache:buyer:{digest}"
PERSONAL_MARKER = "<!--storefront:personal-account-links-->"
PERSONAL_TEMPLATE = "includes/account_links.html"
# Set on a request whose page may be shared: the template leaves the personal bits out.
PLACEHOLDER_ATTRIBUTE = "_storefront_personal_placeholder"
MESSAGES_SESSION_KEY = "_messages"  # django.contrib.messages' session storage
TOKEN_STAND_IN = "storefront-csrf-token-stand-in"


def audience_signature(request):
    """What a customer's page depends on besides its URL and content, or None: not shared.

    Customers with the same signature get the same prices, offers and promotion pages.
    """
    user = getattr(request, "user", None)
    session = getattr(request, "session", None)
    if user is None or not user.is_authenticated or session is None:
        return None
    # Team members may preview drafts and dates and see the userbar: always rendered.
    if is_staff(user) or preview.PARAMETER in request.GET or preview.SESSION_KEY in session:
        return None
    if "messages" in request.COOKIES or MESSAGES_SESSION_KEY in session:
        return None
    audience = request_audience(request)
    return None if audience is None else audience.cache_key


def shows_placeholder(request):
    return getattr(request, PLACEHOLDER_ATTRIBUTE, False)


def personal_fragment(user):
    return f"account-links:{user.pk}"


def personal_html(request, found=NOT_READ):
    """This visitor's account links, kept per user until anything changes (the header's
    client space link expires with its space) with a stand-in for the CSRF token, which is
    new at every request: rendering them cost a served page more than the page itself.
    `found`: their cache entry, when read already (`core.fragments.shared_fragment`)."""
    user = request.user

    def render():
        context = {"request": request, "user": user, "csrf_token": TOKEN_STAND_IN}
        return get_template(PERSONAL_TEMPLATE).render(context)

    html = shared_fragment(request, personal_fragment(user), render, found)
    return html.replace(TOKEN_STAND_IN, get_token(request))


def with_personal_bits(request, content, found=NOT_READ):
    """`content` with this visitor's own account links in place of the marker."""
    marker = PERSONAL_MARKER.encode()
    if marker not in content:
        return content
    return content.replace(marker, personal_html(request, found).encode(), 1)


def entry_key(request, signature):
    url = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    return ENTRY_KEY.format(digest=hashlib.sha256(f"{signature}\n{url}".encode()).hexdigest())


def served_page(request):
    route = getattr(request, "_wagtail_route_for_request", None)
    return route[0] if route else None


def is_unrestricted_page(page):
    return page is not None and not is_private_path(page.path)


def is_storable(request, response):
    return (
        page_cache.is_plain_response(request, response)
        and is_unrestricted_page(served_page(request))
        and PERSONAL_MARKER.encode() in response.content
    )


def store(key, request, response, generation, started):
    expires = page_cache.expiry(generation, started, request_audience(request))
    remaining = expires - timezone.now().timestamp()
    if remaining <= 0:
        return
    headers = [
        (name, value)
        for name, value in response.items()
        if name not in (page_cache.STATUS_HEADER, "Content-Length")
    ]
    entry = {
        "generation": generation,
        "expires": expires,
        "headers": headers,
        "content": response.content,
    }
    cache.set(key, entry, math.ceil(remaining))


class BuyerPageCacheMiddleware:
    """Serves and stores customers' pages by audience: see the module docstring.

    After authentication and messages, inside the anonymous page cache (which makes every
    customer's response ``private, no-store``).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD") or not page_cache.enabled():
            return self.get_response(request)
        signature = audience_signature(request)
        if signature is None:
            return self.get_response(request)
        with page_cache.shared_query(request):
            return self.shared_or_rendered(request, signature)

    def shared_or_rendered(self, request, signature):
        now = timezone.now()
        key = entry_key(request, signature)
        # The visitor's account links come with the page: one round trip for both.
        links_key = fragment_key(request, personal_fragment(request.user))
        found = cache.get_many([GENERATION_KEY, key, links_key])
        links = found.get(links_key)
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
            response = HttpResponse(with_personal_bits(request, entry["content"], links))
            for name, value in entry["headers"]:
                response[name] = value
            response[page_cache.STATUS_HEADER] = "hit"
            return response
        setattr(request, PLACEHOLDER_ATTRIBUTE, True)
        response = self.get_response(request)
        if response.streaming:
            return response
        if is_storable(request, response):
            store(key, request, response, generation, now)
            response[page_cache.STATUS_HEADER] = "miss"
        response.content = with_personal_bits(request, response.content, links)
        return response
