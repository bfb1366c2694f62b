from .catalogue import (
    Availability,
    Brand,
    CatalogueIndexPage,
    CategoryPage,
    DocumentKind,
    ProductAttribute,
    ProductDocument,
    ProductImage,
    ProductPage,
    ProductRelation,
    ProductTag,
)
from .customers import CustomerCompany, CustomerMember, PriceGroup
from .generation import ContentGeneration
from .home import HomePage
from .imports import ImportRun
from .quotes import AccountRequest, QuoteRequest, QuoteRequestLine
from .site_settings import CompanySettings, NavigationSettings, PriceDisplay, ShopSettings

__all__ = [
    "AccountRequest",
    "Availability",
    "Brand",
    "CatalogueIndexPage",
    "CategoryPage",
    "CompanySettings",
    "ContentGeneration",
    "CustomerCompany",
    "CustomerMember",
    "DocumentKind",
    "HomePage",
    "ImportRun",
    "NavigationSettings",
    "PriceDisplay",
    "PriceGroup",
    "ProductAttribute",
    "ProductDocument",
    "ProductImage",
    "ProductPage",
    "ProductRelation",
    "ProductTag",
    "QuoteRequest",
    "QuoteRequestLine",
    "ShopSettings",
]
