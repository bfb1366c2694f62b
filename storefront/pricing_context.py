"""Glue between a request and the pricing function: who is buying and what they may see."""

from dataclasses import dataclass

from core.preview import request_instant
from promotions.pricing import Buyer, PriceQuote, quote_many
from storefront.account_facts import membership
from storefront.card_cache import render_cards
from storefront.models.site_settings import ShopSettings


@dataclass
class ProductCard:
    product: object
    quote: PriceQuote
    html: str = ""  # set by `render_cards`

    @property
    def image(self):
        images = list(self.product.gallery_images.all())
        return images[0] if images else None


def buyer_of(user):
    """The pricing buyer a user is: anonymous, or a customer with their company's price group."""
    if user is None or not user.is_authenticated:
        return Buyer.anonymous()
    _, group_id = membership(user)
    return Buyer(authenticated=True, price_group_id=group_id)


def buyer_for(request):
    if not hasattr(request, "_storefront_buyer"):
        request._storefront_buyer = buyer_of(getattr(request, "user", None))
    return request._storefront_buyer


def price_display_for(request):
    return ShopSettings.for_request(request).price_display


def quoted_cards(request, products, at=None):
    """Cards for `products` with this visitor's quotes, not rendered yet."""
    products = list(products)
    quotes = quote_many(
        products,
        buyer_for(request),
        at or request_instant(request),
        price_display=price_display_for(request),
    )
    return [ProductCard(product, quotes[product.pk]) for product in products]


def product_cards(request, products, at=None):
    """Cards for `products`, quoted and rendered for this visitor."""
    cards = quoted_cards(request, products, at)
    render_cards(cards, request)
    return cards
