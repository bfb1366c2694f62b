"""Glue between a request and the pricing function: who is buying and what they may see."""

from dataclasses import dataclass
from datetime import datetime, time

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from promotions.pricing import Buyer, Quote, quote_many
from storefront.card_cache import render_cards
from storefront.models import ShopSettings


@dataclass
class ProductCard:
    product: object
    quote: Quote
    html: str = ""  # set by `render_cards`

    @property
    def image(self):
        images = list(self.product.gallery_images.all())
        return images[0] if images else None


def buyer_for(request):
    if not hasattr(request, "_storefront_buyer"):
        request._storefront_buyer = Buyer.for_user(getattr(request, "user", None))
    return request._storefront_buyer


def instant_for(request):
    """Now, or for staff previewing the site at a date (``?at=2027-01-02T08:00``, Paris time)."""
    if not hasattr(request, "_storefront_instant"):
        request._storefront_instant = preview_instant(request) or timezone.now()
    return request._storefront_instant


def preview_instant(request):
    """The instant a staff member asked to preview, or None (never for anyone else)."""
    raw = request.GET.get("at", "")
    user = getattr(request, "user", None)
    if not raw or user is None or not user.is_staff:
        return None
    try:
        moment = parse_datetime(raw)
        day = None if moment else parse_date(raw)
    except ValueError:  # well formed but impossible, such as 2027-02-30
        return None
    if day:
        moment = datetime.combine(day, time())
    if moment is None:
        return None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, timezone.get_default_timezone())
    return moment


def price_display_for(request):
    return ShopSettings.for_request(request).price_display


def quoted_cards(request, products, at=None):
    """Cards for `products` with this visitor's quotes, not rendered yet."""
    products = list(products)
    quotes = quote_many(
        products,
        buyer_for(request),
        at or instant_for(request),
        price_display=price_display_for(request),
    )
    return [ProductCard(product, quotes[product.pk]) for product in products]


def product_cards(request, products, at=None):
    """Cards for `products`, quoted and rendered for this visitor."""
    cards = quoted_cards(request, products, at)
    render_cards(cards, request)
    return cards
