"""Product cards rendered once per product, price and content generation.

A listing shows 24 cards; rendering each (picture tag, links, price line) and loading what it
shows (pictures and their renditions) is most of the cost of a category page. A card's HTML
depends only on the product (it changes when something is published: the content generation)
and on the quote shown, so that is its key: a price that changes at 08:00 gives another quote,
hence another key, at 08:00:00. Customers get their own prices in the same way, without sharing
anything else of their pages.
"""

import hashlib

from django.core.cache import cache
from django.db.models import Prefetch
from django.template.loader import render_to_string

from core.generation import GENERATION_TIMEOUT, request_generation

CARD_TEMPLATE = "storefront/includes/product_card.html"
CARD_TIMEOUT = GENERATION_TIMEOUT


def quote_fingerprint(quote):
    return (
        quote.prices_shown,
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


# What quoting a product and keying its card need, and what a listing shows outside its cards
# (JSON-LD item names and URLs, a replacement's reference): a fraction of a product row.
LISTED_FIELDS = ("id", "path", "depth", "url_path", "title", "sku", "brand_id")


def listed(products):
    """Products of a listing, loaded light: `render_cards` loads the rest on a cache miss."""
    return products.only(*LISTED_FIELDS)


def with_card_relations(products):
    """Prefetch what a product card shows, so that rendering costs the same for 1 or 100 cards."""
    images = products.model._meta.get_field("gallery_images").related_model
    return products.select_related("brand").prefetch_related(
        Prefetch(
            "gallery_images",
            queryset=images.objects.select_related("image").prefetch_related("image__renditions"),
        )
    )


def render_cards(cards, request):
    """Set `card.html` on every card: from the cache, or rendered in one batch.

    Products only need their page fields to be quoted and keyed; their pictures are loaded,
    in a fixed number of queries, for the cards missing from the cache alone.
    """
    generation = request_generation(request)
    keys = {id(card): card_key(card, generation, request) for card in cards}
    found = cache.get_many(list(keys.values()))
    missing = [card for card in cards if keys[id(card)] not in found]
    if missing:
        products = type(missing[0].product).objects
        loaded = with_card_relations(
            products.filter(pk__in={card.product.pk for card in missing})
        ).in_bulk()
        rendered = {}
        for card in missing:
            card.product = loaded.get(card.product.pk, card.product)
            rendered[keys[id(card)]] = render_to_string(
                CARD_TEMPLATE, {"card": card, "request": request}
            )
        cache.set_many(rendered, CARD_TIMEOUT)
        found = {**found, **rendered}
    for card in cards:
        card.html = found[keys[id(card)]]
