"""A product's availability, on its own: listings filter by it without loading the page
models (storefront/listing.py)."""

from django.db import models


class Availability(models.TextChoices):
    IN_STOCK = "in_stock", "En stock"
    ON_ORDER = "on_order", "Sur commande"
    OUT_OF_STOCK = "out_of_stock", "Épuisé"
    DISCONTINUED = "discontinued", "Arrêté"
