"""What a product page shows besides its own fields: price for this visitor, related items."""

from storefront.models import ProductPage
from storefront.pricing_context import instant_for, product_cards, with_card_relations


def product_context(product, request):
    at = instant_for(request)
    related_ids = [relation.product_id for relation in product.related_products.all()]
    if product.replacement_id:
        related_ids.append(product.replacement_id)
    neighbours = with_card_relations(
        ProductPage.objects.live().public().filter(pk__in=related_ids)
    ).in_bulk()
    products = [product] + [neighbours[pk] for pk in related_ids if pk in neighbours]
    cards = product_cards(request, products, at)
    replacement = None
    if product.is_discontinued and product.replacement_id in neighbours:
        replacement = next(card for card in cards[1:] if card.product.pk == product.replacement_id)
    return {
        "quote": cards[0].quote,
        "gallery": list(product.gallery_images.select_related("image")),
        "attributes": list(product.attributes.all()),
        "documents": list(product.documents.select_related("document")),
        "related_cards": [card for card in cards[1:] if card.product.pk != product.replacement_id],
        "replacement": replacement,
        "breadcrumbs": product.get_ancestors().filter(depth__gt=1).live(),
    }
