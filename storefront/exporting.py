"""Catalogue and price-list exports, in the very columns the import reads (round trip)."""

from django.utils import timezone

from core.tabular import format_decimal
from promotions.models import PriceDisplay
from promotions.pricing import Buyer, quote_many
from storefront.importing import CATEGORY_SEPARATOR, ITEM_SEPARATOR
from storefront.models import Availability, CatalogueIndexPage, CategoryPage, ProductPage

AVAILABILITY_TEXT = dict(Availability.choices)
CHUNK = 500


def _category_paths():
    catalogue = CatalogueIndexPage.objects.first()
    if catalogue is None:
        return {}
    paths = {}
    for path, title in (
        CategoryPage.objects.descendant_of(catalogue).order_by("path").values_list("path", "title")
    ):
        parent_path = path[: -CategoryPage.steplen]
        paths[path] = (*paths.get(parent_path, ()), title)
    return paths


def _product_row(product, category_paths, prices):
    attributes = f" {ITEM_SEPARATOR} ".join(
        f"{a.name}={a.value}" + (f" [{a.unit}]" if a.unit else "") for a in product.attributes.all()
    )
    base = next((price for quantity, price in prices if quantity == 1), None)
    tiers = f" {ITEM_SEPARATOR} ".join(
        f"{quantity}={format_decimal(price)}" for quantity, price in prices if quantity > 1
    )
    parent_path = product.path[: -ProductPage.steplen]
    return [
        product.sku,
        product.title,
        f" {CATEGORY_SEPARATOR} ".join(category_paths.get(parent_path, ())),
        product.brand.name if product.brand else "",
        product.gtin,
        product.short_description,
        product.unit_of_sale,
        product.packaging,
        product.min_order_quantity,
        product.order_multiple,
        AVAILABILITY_TEXT[product.availability].lower(),
        product.lead_time_days if product.lead_time_days is not None else "",
        "oui" if product.web_exclusive else "non",
        attributes,
        format_decimal(base) if base is not None else "",
        tiers,
    ]


def _chunks(queryset):
    """Products in pages of CHUNK with their relations, so memory stays flat."""
    last_pk = 0
    while True:
        chunk = list(
            queryset.filter(pk__gt=last_pk)
            .order_by("pk")
            .select_related("brand")
            .prefetch_related("attributes")[:CHUNK]
        )
        if not chunk:
            return
        yield chunk
        last_pk = chunk[-1].pk


def catalogue_rows(at=None):
    """Every product with the public list price in force now (or at `at`).

    The list's prices, not what an offer makes of them: the file re-imports into a price
    list, and an offer's price there would outlive the offer.
    """
    at = at or timezone.now()
    paths = _category_paths()
    for chunk in _chunks(ProductPage.objects.all()):
        # Not the site's price display: this export is for staff who may read every price
        # list (`can_export`), and it must round-trip through the import with its prices.
        quotes = quote_many(chunk, Buyer.anonymous(), at, price_display=PriceDisplay.PUBLIC)
        for product in chunk:
            quote = quotes[product.pk]
            prices = []
            if quote.regular_price is not None:
                prices = [(1, quote.regular_price)] + [
                    (tier.min_quantity, tier.unit_price) for tier in quote.list_tiers
                ]
            yield _product_row(product, paths, prices)


def price_list_rows(price_list):
    """The products of one price list, with that list's prices."""
    prices = {}
    for line in price_list.lines.order_by("min_quantity"):
        prices.setdefault(line.product_id, []).append((line.min_quantity, line.unit_price))
    paths = _category_paths()
    for chunk in _chunks(ProductPage.objects.filter(pk__in=list(prices))):
        for product in chunk:
            yield _product_row(product, paths, prices[product.pk])
