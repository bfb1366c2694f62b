"""Glue between a request and the pricing function: who is buying and what they may see."""

from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils import timezone

from promotions.pricing import Buyer, Quote, quote_many
from storefront.models import ProductImage, ShopSettings


@dataclass
class ProductCard:
    product: object
    quote: Quote

    @property
    def image(self):
        images = list(self.product.gallery_images.all())
        return images[0] if images else None


def buyer_for(request):
    if not hasattr(request, "_storefront_buyer"):
        request._storefront_buyer = Buyer.for_user(getattr(request, "user", None))
    return request._storefront_buyer


def price_display_for(request):
    return ShopSettings.for_request(request).price_display


def with_card_relations(products):
    """Prefetch what a product card shows, so a listing costs the same for 1 or 100 products."""
    return products.select_related("brand").prefetch_related(
        Prefetch(
            "gallery_images",
            queryset=ProductImage.objects.select_related("image").prefetch_related(
                "image__renditions"
            ),
        )
    )


def product_cards(request, products, at=None):
    products = list(products)
    quotes = quote_many(
        products, buyer_for(request), at or timezone.now(), price_display_for(request)
    )
    return [ProductCard(product, quotes[product.pk]) for product in products]
