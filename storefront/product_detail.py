"""What a product page shows besides its own fields: price for this visitor, related items."""

from dataclasses import dataclass

from core.generation import cached_for_generation
from core.preview import request_instant
from storefront.card_cache import listed, render_cards
from storefront.navigation import breadcrumbs
from storefront.pricing_context import quoted_cards


@dataclass
class ProductMedia:
    """Everything of a product page that only changes when something is published."""

    brand: object
    gallery: list
    attributes: list
    documents: list
    # Live, public related products and replacement, in the editor's order.
    neighbours: list


def load_product_media(product):
    related_ids = [relation.product_id for relation in product.related_products.all()]
    if product.replacement_id:
        related_ids.append(product.replacement_id)
    products = type(product).objects.live().public()
    found = listed(products.filter(pk__in=related_ids)).in_bulk()
    return ProductMedia(
        brand=product.brand,
        gallery=list(product.gallery_images.select_related("image")),
        attributes=list(product.attributes.all()),
        documents=list(product.documents.select_related("document")),
        neighbours=[found[pk] for pk in related_ids if pk in found],
    )


def product_media(product):
    """`ProductMedia` of a product, read once per content generation: six queries saved on
    every view of its page (publishing the product, or a neighbour, starts a new one)."""
    return cached_for_generation(f"product:media:{product.pk}", lambda: load_product_media(product))


def product_context(product, request):
    at = request_instant(request)
    # A preview shows the editor's draft: its own pictures, attributes and relations.
    preview = getattr(request, "is_preview", False)
    media = load_product_media(product) if preview else product_media(product)
    product.brand = media.brand
    # One pricing call for the page's own quote and its neighbours' cards.
    cards = quoted_cards(request, [product, *media.neighbours], at)
    render_cards(cards[1:], request)
    replacement = None
    if product.is_discontinued:
        replacement = next(
            (card for card in cards[1:] if card.product.pk == product.replacement_id), None
        )
    return {
        "quote": cards[0].quote,
        "gallery": media.gallery,
        "attributes": media.attributes,
        "documents": media.documents,
        "related_cards": [card for card in cards[1:] if card.product.pk != product.replacement_id],
        "replacement": replacement,
        "breadcrumbs": breadcrumbs(product),
    }
