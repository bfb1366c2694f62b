"""Who a request's page is made for: its *audience*, as the apps define it.

The pricing buyer is the only audience today (storefront/wagtail_hooks.py registers
`buyer_for` with the ``request_audience`` hook): visitors with the same audience see the same
prices, offers and promotion pages, so caches share pages per audience (core/buyer_cache.py)
and the promotions app reads it without importing the catalogue.
"""

from wagtail import hooks

# A function of the request giving its audience (an object with a `cache_key`), or None.
AUDIENCE_HOOK = "request_audience"


def request_audience(request):
    """This request's audience, or None when no app says: callers then treat the request as
    the least privileged (never shared, anonymous prices)."""
    for audience_of in hooks.get_hooks(AUDIENCE_HOOK):
        audience = audience_of(request)
        if audience is not None:
            return audience
    return None
