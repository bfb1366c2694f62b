"""When does what a visitor sees next change on its own, without anyone publishing?

Prices and offers are computed at request time from their windows, and pages go live or expire
on their scheduled dates: a page rendered now stays right exactly until the next of those
instants. The page cache keeps nothing past it, so a price list that starts at 08:00 is on every
page at 08:00:00 without a purge.
"""

from django.db.models import Min, Q
from wagtail.models import Page, Revision

from promotions.models import Offer, PriceList
from promotions.pricing import ANONYMOUS_BUYER, audience_filter

WINDOW_FIELDS = ("valid_from", "valid_to", "go_live_at", "expire_at")


def _earliest_after(queryset, fields, at):
    found = queryset.aggregate(
        **{name: Min(name, filter=Q(**{f"{name}__gt": at})) for name in fields}
    )
    return [moment for moment in found.values() if moment is not None]


def next_change_after(at, buyer=ANONYMOUS_BUYER):
    """The first instant after `at` when a price, an offer or a page changes by itself, or None.

    Only the price lists and offers of `buyer`'s audience count: records for customers or
    price groups change nothing on a page an anonymous visitor gets.

    Drafts count too (a draft with a future start is a harmless extra boundary), which keeps
    the lookup to one aggregate per table.
    """
    moments = []
    for model in (PriceList, Offer):
        records = model.objects.filter(audience_filter(buyer))
        moments += _earliest_after(records, WINDOW_FIELDS, at)
    # A live page may still carry a future go-live (set in code): news wait for it.
    moments += _earliest_after(Page.objects.filter(live=True), ["go_live_at", "expire_at"], at)
    # Scheduled revisions of pages and of snippets alike: their go-live is a change.
    moments += _earliest_after(Revision.objects.all(), ["approved_go_live_at"], at)
    return min(moments, default=None)
