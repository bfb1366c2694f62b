from .availability import Availability
from .catalogue import (
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
from .home import HomePage
from .imports import ImportRun
from .site_settings import CompanySettings, NavigationSettings, ShopSettings

__all__ = [
    "Availability",
    "Brand",
    "CatalogueIndexPage",
    "CategoryPage",
    "CompanySettings",
    "CustomerCompany",
    "CustomerMember",
    "DocumentKind",
    "HomePage",
    "ImportRun",
    "NavigationSettings",
    "PriceGroup",
    "ProductAttribute",
    "ProductDocument",
    "ProductImage",
    "ProductPage",
    "ProductRelation",
    "ProductTag",
    "ShopSettings",
]
