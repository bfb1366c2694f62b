"""JSON-LD (schema.org) for every page type, built as plain dicts, and its safe serialisation.

What each page carries (rendered by ``templates/seo/includes/structured_data.html``):

- every page: ``Organization`` on the home page (and on every page once an editor picks an
  organisation type in Settings > SEO, as wagtail-seo does), through our override of
  ``wagtailseo/struct_org_data.html``;
- the home page: ``WebSite`` with a ``SearchAction``;
- every page below the home page: ``BreadcrumbList``;
- product pages: ``Product``, with ``offers`` only when an anonymous visitor may see a price;
- category pages: ``ItemList`` of the products on the listing page shown;
- news index: ``ItemList`` of the news on the listing page shown;
- news pages: ``NewsArticle``.

Articles: a page model that sets ``seo_content_type = SeoType.ARTICLE`` gets wagtail-seo's
Article data through our override of ``wagtailseo/struct_data.html``;
``structured_data_type = "NewsArticle"`` on the model changes its ``@type`` (news pages do).
Page types needing more register a builder in ``PAGE_BUILDERS``.

Principle 4 (private stays private): prices in JSON-LD are always those of an anonymous buyer,
whoever is looking, so markup never carries a customer group's price or offer, and a page's
JSON-LD is the same for every visitor (a cached or crawled copy holds nothing personal).
"""

import json
import re
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Site
from wagtailseo import utils as seo_utils
from wagtailseo.models import SeoSettings

from core.preview import request_instant
from promotions.pricing import Buyer, quote_many
from storefront.models import CategoryPage, CompanySettings
from storefront.pricing_context import buyer_for, price_display_for

SCHEMA = "https://schema.org"
CONTEXT = {"@context": SCHEMA}

# Big enough for Google's product images (it asks for 50k pixels or more), keeping the
# aspect ratio so that a bottle is not cropped into a square.
PRODUCT_IMAGE_SPEC = "max-1200x1200|format-jpeg|jpegquality-85"
LOGO_SPEC = "max-600x600"

AVAILABILITY = {
    "in_stock": f"{SCHEMA}/InStock",
    "on_order": f"{SCHEMA}/BackOrder",
    "out_of_stock": f"{SCHEMA}/OutOfStock",
    "discontinued": f"{SCHEMA}/Discontinued",
}
GTIN_PROPERTY = {8: "gtin8", 12: "gtin12", 13: "gtin13", 14: "gtin14"}
CENT = Decimal("0.01")

# What ends or comments out a <script> element, written as JSON escapes that parse back to the
# same characters: a title such as "</script><script>…" then stays a string inside the JSON.
_SCRIPT_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def dumps_ld(data):
    """JSON text safe to print between ``<script type="application/ld+json">`` tags."""
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_SCRIPT_ESCAPES)


# -- Shared pieces -----------------------------------------------------------------------------


def site_for(request):
    return Site.find_for_request(request)


def root_url(request):
    site = site_for(request)
    if site is not None:
        return site.root_url
    return request.build_absolute_uri("/").rstrip("/")


def absolute_media_url(url, request):
    """wagtail-seo's rule: media URLs are made absolute on the site, unless MEDIA_URL is already
    absolute (S3, CDN)."""
    return seo_utils.ensure_absolute_url(
        url, seo_utils.get_absolute_media_url(site_for(request)) or root_url(request)
    )


def rendition_url(image, spec, request):
    """Absolute URL of a rendition, or None when the original file is missing (a page must not
    fail because a picture was deleted from storage)."""
    try:
        rendition = image.get_rendition(spec)
    except OSError:  # SourceImageIOError: the original file is gone
        return None
    return absolute_media_url(rendition.url, request)


def format_amount(amount):
    """Schema.org wants a plain decimal number: "1234.50", never "1 234,50 €"."""
    return f"{Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP):.2f}"


def international_phone(number):
    """French national numbers (« 04 72 00 00 00 ») as search engines prefer them, with the
    country code; anything else is left as the editor typed it."""
    digits = re.sub(r"[\s.\-]", "", number)
    if re.fullmatch(r"0[1-9]\d{8}", digits):
        pairs = " ".join(digits[i : i + 2] for i in range(2, 10, 2))
        return f"+33 {digits[1]} {pairs}"
    return number.strip()


def is_site_root(page, request):
    site = site_for(request)
    return site is not None and page.pk == site.root_page_id


# -- Organisation and web site -----------------------------------------------------------------


def company_settings(request):
    return CompanySettings.for_request(request)


def organization(page, request):
    """The wholesaler: wagtail-seo's organisation settings where an editor filled them in, our
    company settings (name, phone, e-mail) otherwise."""
    seo = SeoSettings.for_request(request)
    company = company_settings(request)
    data = {
        **CONTEXT,
        "@type": seo.struct_org_type or "Organization",
        "name": seo.struct_org_name or company.name,
        "url": root_url(request) + "/",
    }
    if seo.struct_org_logo_id:
        logo = rendition_url(seo.struct_org_logo, LOGO_SPEC, request)
        if logo:
            data["logo"] = logo
    if seo.struct_org_image_id:
        image = rendition_url(seo.struct_org_image, PRODUCT_IMAGE_SPEC, request)
        if image:
            data["image"] = image
    phone = seo.struct_org_phone or company.phone
    if phone:
        data["telephone"] = international_phone(phone)
    if company.email:
        data["email"] = company.email
    if phone or company.email:
        contact = {"@type": "ContactPoint", "contactType": "customer service"}
        if phone:
            contact["telephone"] = international_phone(phone)
        if company.email:
            contact["email"] = company.email
        contact["availableLanguage"] = "French"
        data["contactPoint"] = [contact]
    if seo.struct_org_address_street:
        data["address"] = {
            "@type": "PostalAddress",
            "streetAddress": seo.struct_org_address_street,
            "addressLocality": seo.struct_org_address_locality,
            "addressRegion": seo.struct_org_address_region,
            "postalCode": seo.struct_org_address_postal,
            "addressCountry": seo.struct_org_address_country,
        }
    elif company.address_lines():
        data["address"] = ", ".join(company.address_lines())
    if company.siret:
        data["identifier"] = {
            "@type": "PropertyValue",
            "propertyID": "SIRET",
            "value": company.siret,
        }
    if seo.struct_org_geo_lat is not None and seo.struct_org_geo_lng is not None:
        data["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(seo.struct_org_geo_lat),
            "longitude": float(seo.struct_org_geo_lng),
        }
    if seo.struct_org_hours:
        data["openingHoursSpecification"] = [
            spec.value.struct_dict for spec in seo.struct_org_hours
        ]
    if seo.struct_org_actions:
        data["potentialAction"] = [action.value.struct_dict for action in seo.struct_org_actions]
    if seo.struct_org_extra_json:
        # Typed by an editor: a typo must not break every page of the site.
        try:
            extra = json.loads(seo.struct_org_extra_json)
        except ValueError:
            extra = None
        if isinstance(extra, dict):
            data.update(extra)
    return data


def organization_for_page(page, request):
    """wagtail-seo prints the organisation on every page once a type is chosen; we also print
    it on the home page without one, where search engines look for it."""
    seo = SeoSettings.for_request(request)
    if not seo.struct_meta:
        return None
    if seo.struct_org_type or is_site_root(page, request):
        return organization(page, request)
    return None


def website(page, request):
    company = company_settings(request)
    site = site_for(request)
    base = root_url(request)
    return {
        **CONTEXT,
        "@type": "WebSite",
        "name": (site.site_name if site and site.site_name else "") or company.name,
        "url": base + "/",
        "inLanguage": "fr-FR",
        "potentialAction": {
            "@type": "SearchAction",
            "target": f"{base}{reverse('search')}?q={{search_term_string}}",
            "query-input": "required name=search_term_string",
        },
    }


# -- Breadcrumbs and lists ---------------------------------------------------------------------


def breadcrumb_list(page, request, ancestors=None):
    """Home page first, this page last; None for the home page itself or a page outside the
    site. ``ancestors`` may be the queryset a view already put in its context (no new query)."""
    site = site_for(request)
    if site is None or page.pk == site.root_page_id:
        return None
    if ancestors is None:
        ancestors = page.get_ancestors().filter(depth__gt=1)
    ancestors = list(ancestors)
    root_index = next((i for i, a in enumerate(ancestors) if a.pk == site.root_page_id), None)
    if root_index is None:
        return None
    trail = ancestors[root_index:] + [page]
    return {
        **CONTEXT,
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": crumb.title,
                "item": crumb.get_full_url(request),
            }
            for position, crumb in enumerate(trail, start=1)
        ],
    }


def item_list(pages, request, first_position=1):
    """The pages (products, news) of one listing page, in the order shown."""
    pages = list(pages)
    if not pages:
        return None
    return {
        **CONTEXT,
        "@type": "ItemList",
        "numberOfItems": len(pages),
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "url": listed.get_full_url(request),
                "name": listed.title,
            }
            for position, listed in enumerate(pages, start=first_position)
        ],
    }


# -- Products ----------------------------------------------------------------------------------


def anonymous_quote(product, request, visitor_quote=None):
    """The quote of a visitor who is not logged in. The visitor's own quote is reused when the
    visitor is anonymous (no query); otherwise the pricing function is asked again for an
    anonymous buyer, so that no group price reaches the markup."""
    if visitor_quote is not None and buyer_for(request) == Buyer.anonymous():
        return visitor_quote
    quotes = quote_many(
        [product],
        Buyer.anonymous(),
        request_instant(request),
        price_display=price_display_for(request),
    )
    return quotes[product.pk]


def price_valid_until(quote):
    """The last day the price holds: a price that changes at midnight is valid the day before."""
    if quote.valid_until is None:
        return None
    last_instant = quote.valid_until - timedelta(microseconds=1)
    return timezone.localtime(last_instant).date().isoformat()


def unit_price_specification(amount, quote, min_quantity, unit):
    return {
        "@type": "UnitPriceSpecification",
        "price": format_amount(amount),
        "priceCurrency": quote.currency,
        "valueAddedTaxIncluded": quote.vat_mode != "HT",
        "eligibleQuantity": {
            "@type": "QuantitativeValue",
            "minValue": min_quantity,
            "unitText": unit,
        },
    }


def product_offer(product, quote, request, url):
    """One Offer for an anonymous buyer, or None when such a buyer sees no price."""
    if not quote.has_price:
        return None
    offer = {
        "@type": "Offer",
        "url": url,
        "price": format_amount(quote.unit_price),
        "priceCurrency": quote.currency,
        "availability": AVAILABILITY.get(product.availability, f"{SCHEMA}/InStock"),
        "itemCondition": f"{SCHEMA}/NewCondition",
        "seller": {"@type": "Organization", "name": company_settings(request).name},
    }
    valid_until = price_valid_until(quote)
    if valid_until:
        offer["priceValidUntil"] = valid_until
    if quote.tiers:
        # The base price first, then one specification per volume tier.
        offer["priceSpecification"] = [
            unit_price_specification(
                quote.unit_price, quote, product.min_order_quantity, product.unit_of_sale
            )
        ] + [
            unit_price_specification(
                tier.unit_price, quote, tier.min_quantity, product.unit_of_sale
            )
            for tier in quote.tiers
        ]
    return offer


def product_images(gallery, request):
    urls = [rendition_url(item.image, PRODUCT_IMAGE_SPEC, request) for item in gallery]
    return [url for url in urls if url]


def category_path(ancestors):
    """« Épicerie > Huiles et vinaigres »: the product's categories, outermost first."""
    names = [a.title for a in ancestors if a.specific_class is CategoryPage]
    return " > ".join(names)


def product(page, request, *, quote=None, gallery=None, ancestors=None):
    """Product data for a product page. ``quote``, ``gallery`` and ``ancestors`` are what the
    product view already computed, reused to add no query; the quote is used only if the visitor
    is anonymous."""
    if gallery is None:
        gallery = page.gallery_images.select_related("image")
    if ancestors is None:
        ancestors = page.get_ancestors().filter(depth__gt=1)
    url = page.seo_canonical_url
    data = {**CONTEXT, "@type": "Product", "name": page.title, "sku": page.sku, "url": url}
    description = page.short_description or page.search_description
    if description:
        data["description"] = description
    if page.gtin and len(page.gtin) in GTIN_PROPERTY:
        data[GTIN_PROPERTY[len(page.gtin)]] = page.gtin
    if page.brand_id:
        data["brand"] = {"@type": "Brand", "name": page.brand.name}
    images = product_images(gallery, request)
    if images:
        data["image"] = images
    path = category_path(ancestors)
    if path:
        data["category"] = path
    offer = product_offer(page, anonymous_quote(page, request, quote), request, url)
    if offer:
        data["offers"] = offer
    return data


# -- Per page type -----------------------------------------------------------------------------


def product_page_data(page, request, context):
    return [
        product(
            page,
            request,
            quote=context.get("quote"),
            gallery=context.get("gallery"),
            ancestors=context.get("breadcrumbs"),
        )
    ]


def listing_data(pages, request, context):
    """ItemList of the pages of one listing page, numbered from the paginator's position."""
    page_obj = context.get("page_obj")
    first = page_obj.start_index() if page_obj is not None and pages else 1
    return [item_list(pages, request, first)]


def category_page_data(page, request, context):
    # Cards carry the visitor's quote; only names and URLs are taken from them.
    return listing_data([card.product for card in context.get("cards") or []], request, context)


def news_index_data(page, request, context):
    return listing_data(list(context.get("news_items") or []), request, context)


# "app_label.ModelName" -> builder(page, request, context) returning a list of dicts (None
# entries are dropped). Keyed by label so that this module imports no page model.
PAGE_BUILDERS = {
    "storefront.ProductPage": product_page_data,
    "storefront.CategoryPage": category_page_data,
    "news.NewsIndexPage": news_index_data,
}


def page_data(page, request, context=None):
    """Every JSON-LD block of a page except the organisation and article blocks (printed by the
    wagtail-seo template overrides), in the order printed."""
    context = context or {}
    if not hasattr(page, "seo_og_type") or not SeoSettings.for_request(request).struct_meta:
        return []
    blocks = []
    if is_site_root(page, request):
        blocks.append(website(page, request))
    else:
        blocks.append(breadcrumb_list(page, request, context.get("breadcrumbs")))
    builder = PAGE_BUILDERS.get(page._meta.label)
    if builder:
        blocks += builder(page, request, context)
    return [block for block in blocks if block]


def article(page, request):
    """wagtail-seo's Article data for pages whose content type is an article; the model's
    ``structured_data_type`` (e.g. "NewsArticle") sets the type."""
    if page.seo_og_type != "article" or not SeoSettings.for_request(request).struct_meta:
        return None
    data = dict(page.seo_struct_article_dict)
    data["@context"] = SCHEMA
    data["@type"] = getattr(page, "structured_data_type", "Article")
    data["publisher"] = {
        key: value
        for key, value in organization(page, request).items()
        if key in ("@type", "name", "url", "logo")
    }
    return data
