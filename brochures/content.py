"""What a brochure says, before any layout.

Plain data built from the visitor, the instant, the page the brochure comes from and its
products. Prices come from one `quote_many` call (the pricing function); nothing here computes a
price, and a visitor who may not see prices gets none.
"""

import logging
from dataclasses import dataclass, field
from datetime import datetime
from html import unescape

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import strip_tags
from wagtail.models import Site
from wagtailseo.models import SeoSettings

from core.preview import request_instant
from promotions.models import PriceDisplay
from promotions.pricing import may_see_prices, quote_many
from storefront.card_cache import with_card_relations
from storefront.models import Availability, CompanySettings, ProductPage
from storefront.pricing_context import buyer_for, price_display_for
from storefront.templatetags.storefront_tags import format_price

logger = logging.getLogger(__name__)

# Wagtail keeps the renditions: a brochure reads files already made after its first download.
IMAGE_SPEC = "max-400x400|format-jpeg|jpegquality-80"
LOGO_SPEC = "max-600x240|bgcolor-ffffff|format-jpeg|jpegquality-90"
# A brochure is a printed selection, not the whole catalogue: a category of several hundred
# products gets its first MAX_PRODUCTS in display order, and the cover says so.
MAX_PRODUCTS = 200
MAX_ATTRIBUTES = 5
MAX_TIERS = 3
DATE_TIME = "j F Y à H:i"


@dataclass
class Contact:
    name: str
    address_lines: list[str]
    phone: str = ""
    email: str = ""
    opening_hours: str = ""
    siret: str = ""
    website: str = ""
    logo: bytes | None = None

    @property
    def summary(self):
        """One line for page footers."""
        phone = f"Tél. {self.phone}" if self.phone else ""
        return " · ".join(part for part in (self.name, phone, self.email, self.website) if part)


@dataclass
class Price:
    amount: str
    unit: str = ""
    regular: str = ""  # the price before the offer, struck through
    offer: str = ""  # the offer's label
    tiers: list[str] = field(default_factory=list)


@dataclass
class Entry:
    name: str
    sku: str
    url: str
    brand: str = ""
    packaging: str = ""
    ordering: str = ""
    attributes: list[tuple[str, str]] = field(default_factory=list)
    availability: str = ""
    availability_kind: str = ""
    image: bytes | None = None
    price: Price | None = None
    price_note: str = ""


@dataclass
class Brochure:
    title: str
    kind: str
    subtitle: str
    slug: str
    contact: Contact
    entries: list[Entry]
    at: datetime
    total: int
    prices_shown: bool
    price_notice: str = ""
    prices_until: datetime | None = None
    created_at: datetime = field(default_factory=timezone.now)

    @property
    def validity(self):
        """« Prix valables jusqu'au … », or on the day of the brochure when nothing ends."""
        if not self.prices_shown:
            return ""
        if self.prices_until:
            until = date_format(timezone.localtime(self.prices_until), DATE_TIME)
            return f"Prix valables jusqu'au {until}"
        return f"Prix valables au {date_format(timezone.localtime(self.at), 'j F Y')}"

    @property
    def truncated(self):
        return self.total > len(self.entries)

    @property
    def created_text(self):
        return f"Document édité le {date_format(timezone.localtime(self.created_at), DATE_TIME)}"


def rendition_bytes(image, spec):
    """The JPEG bytes of a rendition, or None when the original file is gone (a brochure must
    not fail because a picture was deleted from storage)."""
    try:
        rendition = image.get_rendition(spec)
        with rendition.file.open("rb") as handle:
            return handle.read()
    except OSError:  # SourceImageIOError, or a rendition file removed by hand
        logger.warning("Plaquette : image %s illisible, ignorée", image.pk)
        return None


def contact_for(request):
    company = CompanySettings.for_request(request)
    seo = SeoSettings.for_request(request)
    site = Site.find_for_request(request)
    website = site.root_url.split("://", 1)[-1] if site else ""
    logo = seo.struct_org_logo
    return Contact(
        name=company.name,
        address_lines=company.address_lines(),
        phone=company.phone,
        email=company.email,
        opening_hours=company.opening_hours,
        siret=company.siret,
        website=website,
        logo=rendition_bytes(logo, LOGO_SPEC) if logo else None,
    )


def with_brochure_relations(products):
    return with_card_relations(products).prefetch_related("attributes")


def load_products(products, limit=None):
    """``(products, total)``: at most `limit` (MAX_PRODUCTS) products with what a block shows,
    in the given order, and how many there were in all."""
    limit = limit or MAX_PRODUCTS
    if isinstance(products, QuerySet) and not products.query.is_sliced:
        loaded = list(with_brochure_relations(products)[:limit])
        total = products.count() if len(loaded) == limit else len(loaded)
        return loaded, total
    products = list(products)
    chosen = [product.pk for product in products[:limit]]
    by_pk = with_brochure_relations(ProductPage.objects.filter(pk__in=chosen)).in_bulk()
    return [by_pk[pk] for pk in chosen if pk in by_pk], len(products)


def price_for(quote, unit):
    if not quote.has_price:
        return None
    return Price(
        amount=format_price(quote.unit_price, quote.currency, quote.vat_mode),
        unit=unit,
        regular=(
            format_price(quote.regular_price, quote.currency, quote.vat_mode)
            if quote.on_offer
            else ""
        ),
        offer=quote.offer.label() if quote.on_offer else "",
        tiers=[
            f"Dès {tier.min_quantity} : "
            f"{format_price(tier.unit_price, quote.currency, quote.vat_mode)}"
            for tier in quote.tiers[:MAX_TIERS]
        ],
    )


def availability_text(product):
    text = product.get_availability_display()
    if product.availability == Availability.ON_ORDER and product.lead_time_days:
        text += f" ({product.lead_time_days} jours ouvrés)"
    return text


def ordering_text(product):
    parts = [f"Vente à l'unité : {product.unit_of_sale}"]
    if product.min_order_quantity > 1:
        parts.append(f"minimum {product.min_order_quantity}")
    if product.order_multiple > 1:
        parts.append(f"par multiple de {product.order_multiple}")
    return ", ".join(parts)


def product_entry(product, quote, request):
    images = list(product.gallery_images.all())
    return Entry(
        name=product.title,
        sku=product.sku,
        url=product.get_full_url(request) or "",
        brand=product.brand.name if product.brand else "",
        packaging=product.packaging,
        ordering=ordering_text(product),
        attributes=[
            (attribute.name, attribute.display_value)
            for attribute in list(product.attributes.all())[:MAX_ATTRIBUTES]
        ],
        availability=availability_text(product),
        availability_kind=product.availability,
        image=rendition_bytes(images[0].image, IMAGE_SPEC) if images else None,
        price=price_for(quote, product.unit_of_sale),
        price_note="Prix sur demande" if quote.prices_shown and not quote.has_price else "",
    )


def price_notice(display, contact):
    if display == PriceDisplay.CUSTOMERS:
        where = f" sur {contact.website}" if contact.website else ""
        return f"Prix réservés à nos clients : connectez-vous{where} pour les consulter."
    return "Prix sur devis : contactez-nous ou demandez un devis en ligne."


def page_summary(page):
    """The page's introduction as plain text (rich text or not), for the cover."""
    intro = getattr(page, "intro", "") or ""
    return " ".join(unescape(strip_tags(str(intro))).split())


def build_brochure(request, source_page, products, title=None):
    at = request_instant(request)
    buyer, display = buyer_for(request), price_display_for(request)
    products, total = load_products(products)
    quotes = quote_many(products, buyer, at, price_display=display)
    contact = contact_for(request)
    prices_shown = may_see_prices(buyer, display)
    ends = [q.valid_until for q in quotes.values() if q.has_price and q.valid_until]
    return Brochure(
        title=title or source_page.title,
        kind=str(source_page.specific_class._meta.verbose_name),
        subtitle=page_summary(source_page.specific),
        slug=source_page.slug,
        contact=contact,
        entries=[product_entry(product, quotes[product.pk], request) for product in products],
        at=at,
        total=total,
        prices_shown=prices_shown,
        price_notice="" if prices_shown else price_notice(display, contact),
        prices_until=min(ends) if ends else None,
    )
