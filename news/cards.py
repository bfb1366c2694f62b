"""Product cards inside news bodies: one pricing call for every card of a page."""

from core.catalogue import catalogue

# Where a news page puts the cards of its whole body, for its product blocks to pick from.
CARDS_CONTEXT_KEY = "news_product_cards"


def chosen_products(value):
    """The products chosen in one product-cards block, without emptied choosers."""
    return [product for product in value["products"] if product is not None]


def stream_product_ids(stream):
    """Primary keys of the products of every product-cards block of a StreamField value."""
    return {
        product.pk
        for child in stream
        if getattr(child.block, "lists_product_cards", False)
        for product in chosen_products(child.value)
    }


def cards_by_product(request, ids):
    """``{product pk: ProductCard}`` for the live, public products among `ids`, priced for this
    visitor in one `quote_many` and a fixed number of queries."""
    if not ids:
        return {}
    products = catalogue().product_model.objects.live().public().filter(pk__in=ids)
    return {card.product.pk: card for card in catalogue().cards(request, products)}


def cards_for_block(value, context):
    """The cards of one block, in the editor's order. A news page prices its whole body at once
    (`CARDS_CONTEXT_KEY`); elsewhere the block prices its own products."""
    products = chosen_products(value)
    cards = context.get(CARDS_CONTEXT_KEY)
    if cards is None:
        request = context.get("request")
        if request is None:
            return []
        cards = cards_by_product(request, {product.pk for product in products})
    return [cards[product.pk] for product in products if product.pk in cards]
