"""The catalogue as promotions and news use it (core/catalogue.py): they show product cards
priced for the visitor, and this app, which sits above them, hands them the means."""

from storefront.card_cache import listed
from storefront.models import ProductPage
from storefront.pricing_context import product_cards


class Catalogue:
    product_model = ProductPage

    @staticmethod
    def listed(products):
        return listed(products)

    @staticmethod
    def cards(request, products):
        return product_cards(request, products)
