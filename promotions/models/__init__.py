from .audience import (
    AUDIENCE_SPECIFICITY,
    Audience,
    AudienceWindow,
    PriceDisplay,
    in_force_at,
    publication_status,
    window,
    window_label,
)
from .offers import DiscountKind, Offer, OfferBrand, OfferCategory, OfferProduct
from .pages import PromotionIndexPage, PromotionPage
from .prices import BASE_QUANTITY, PriceLine, PriceList, lacks_base_price

__all__ = [
    "AUDIENCE_SPECIFICITY",
    "BASE_QUANTITY",
    "Audience",
    "AudienceWindow",
    "DiscountKind",
    "Offer",
    "OfferBrand",
    "OfferCategory",
    "OfferProduct",
    "PriceDisplay",
    "PriceLine",
    "PriceList",
    "PromotionIndexPage",
    "PromotionPage",
    "in_force_at",
    "lacks_base_price",
    "publication_status",
    "window",
    "window_label",
]
