"""When do prices and offers next change on their own, without anyone publishing?

Prices and offers are computed at request time from their windows: a page rendered now stays
right exactly until the next start or end of one of them (or a page's go-live or expiry,
core/publication.py). The page cache keeps nothing past it (the ``page_cache_boundaries``
hook, promotions/wagtail_hooks.py), so a price list that starts at 08:00 is on every page at
08:00:00 without a purge.
"""

from core.publication import earliest_after
from promotions.models import Offer, PriceList
from promotions.pricing import ANONYMOUS_BUYER, audience_filter

WINDOW_FIELDS = ("valid_from", "valid_to", "go_live_at", "expire_at")


def next_change_after(at, buyer=None):
    """The first instant after `at` when a price or an offer of `buyer`'s audience (None:
    anonymous visitors) changes by itself, or None.

    Records for customers or price groups change nothing on a page an anonymous visitor
    gets. Drafts count too (a draft with a future start is a harmless extra boundary), which
    keeps the lookup to one aggregate per table.
    """
    buyer = ANONYMOUS_BUYER if buyer is None else buyer
    moments = [
        earliest_after(model.objects.filter(audience_filter(buyer)), WINDOW_FIELDS, at)
        for model in (PriceList, Offer)
    ]
    return min((moment for moment in moments if moment is not None), default=None)
