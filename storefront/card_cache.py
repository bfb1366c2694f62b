"""Product cards rendered once per product, price and content generation.

A listing shows 24 cards; rendering each (picture tag, links, price line) is most of the cost
of a category page. A card's HTML depends only on the product (it changes when something is
published: the content generation) and on the quote shown, so that is its key: a price that
changes at 08:00 gives another quote, hence another key, at 08:00:00. Customers get their own
prices in the same way, without sharing anything else of their pages.
"""

import hashlib

from django.template.loader import render_to_string

from storefront.generation import cache_get, cache_set, content_generation

CARD_TEMPLATE = "storefront/includes/product_card.html"
CARD_TIMEOUT = 3600


def quote_fingerprint(quote):
    return (
        quote.visible,
        quote.login_required,
        quote.currency,
        quote.vat_mode,
        str(quote.unit_price),
        str(quote.regular_price),
        quote.offer.pk if quote.offer else None,
        tuple((tier.min_quantity, str(tier.unit_price)) for tier in quote.tiers),
    )


def card_key(card, generation, request):
    parts = [card.product.pk, quote_fingerprint(card.quote)]
    if card.quote.login_required:
        # The login link brings the visitor back to the page they are on.
        parts.append(request.get_full_path() if request else "")
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    return f"card:{generation}:{digest}"


def request_generation(request):
    if request is None:
        return content_generation()
    if not hasattr(request, "_content_generation"):
        request._content_generation = content_generation()
    return request._content_generation


def rendered_card(card, request):
    key = card_key(card, request_generation(request), request)
    html = cache_get(key)
    if html is None:
        html = render_to_string(CARD_TEMPLATE, {"card": card, "request": request})
        cache_set(key, html, CARD_TIMEOUT)
    return html
