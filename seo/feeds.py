"""Feeds: the Google Merchant Center product feed and the RSS of current promotions and news.

All speak for an anonymous visitor only, whoever fetches them: feed readers and marketplaces
cache and republish what they get, so a customer's or a price group's price must never reach
them (docs/design.md, principle 4).
"""

import logging
import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import urljoin
from xml.sax.saxutils import escape

from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe
from wagtail.images import get_image_model
from wagtail.images.models import Filter, SourceImageIOError
from wagtail.models import Site

from core.publication import not_expired_q
from news.models import NewsIndexPage, running_news
from promotions.models import PriceDisplay, PromotionIndexPage, PromotionPage
from promotions.models.pages import promotion_pages_q
from promotions.pricing import Buyer, quote_many, window
from promotions.reach import current_offers
from storefront.models import (
    Availability,
    CategoryPage,
    CompanySettings,
    ProductImage,
    ProductPage,
    ShopSettings,
)

logger = logging.getLogger(__name__)

CHUNK = 500
# Merchant Center wants at least 100 px (250 px for apparel) and accepts up to 64 MB; 1200 px
# JPEG is sharp on every surface Google shows and small enough for it to fetch thousands.
IMAGE_SPEC = "max-1200x1200|format-jpeg"
# One Filter for the whole feed: Wagtail parses a spec each time a new Filter sees an image,
# which was a third of the feed's time over thousands of products.
IMAGE_FILTER = Filter(spec=IMAGE_SPEC)
MAX_ADDITIONAL_IMAGES = 10
MAX_TITLE = 150
MAX_DESCRIPTION = 5000
CATEGORY_SEPARATOR = " > "
GOOGLE_NS = "http://base.google.com/ns/1.0"
RSS_CONTENT_TYPE = "application/rss+xml; charset=utf-8"
CENT = Decimal("0.01")

GOOGLE_AVAILABILITY = {
    Availability.IN_STOCK: "in_stock",
    Availability.ON_ORDER: "backorder",
    Availability.OUT_OF_STOCK: "out_of_stock",
}

# Characters XML 1.0 forbids even when escaped; one pasted from a spreadsheet would make the
# whole feed unreadable, so they go.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(value):
    return escape(_XML_INVALID.sub("", str(value)))


def element(name, value):
    return f"<{name}>{xml_text(value)}</{name}>"


def money(amount, currency):
    return f"{amount.quantize(CENT, rounding=ROUND_HALF_UP)} {currency}"


def iso(moment):
    return timezone.localtime(moment).isoformat(timespec="minutes")


def add_working_days(day, count):
    while count > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day


def not_shared(response):
    """Prices and offers change at an exact second and no purge reaches a proxy's copy of a
    feed: caches must ask again each time (docs/design.md, principle 3)."""
    patch_cache_control(response, no_cache=True, max_age=0)
    return response


def site_for(request):
    return Site.find_for_request(request) or Site.objects.get(is_default_site=True)


# --- Product feed -----------------------------------------------------------------------------


def feed_products(site, at):
    """Products Google may list: live, public, indexable, still sold, on this site."""
    Rendition = get_image_model().get_rendition_model()
    gallery = ProductImage.objects.select_related("image").prefetch_related(
        # A plain list (Wagtail's own ``prefetch_renditions`` form): a related manager per
        # image would cost a queryset clone for each of them.
        Prefetch(
            "image__renditions",
            queryset=Rendition.objects.filter(filter_spec=IMAGE_SPEC),
            to_attr="prefetched_renditions",
        )
    )
    return (
        ProductPage.objects.descendant_of(site.root_page)
        .live()
        .public()
        .filter(noindex=False)
        .exclude(availability=Availability.DISCONTINUED)
        # Wagtail's scheduler unpublishes at expiry, but it may be late: the clock decides.
        .filter(not_expired_q(at))
        .select_related("brand")
        .prefetch_related(Prefetch("gallery_images", queryset=gallery))
        # The detailed description is the heaviest column and the feed never shows it.
        .defer("description")
    )


def chunks(queryset, size=None):
    """Keyset pagination by pk: each chunk costs the same whatever its position."""
    size = size or CHUNK
    last_pk = 0
    while True:
        chunk = list(queryset.filter(pk__gt=last_pk).order_by("pk")[:size])
        if chunk:
            yield chunk
        if len(chunk) < size:
            return
        last_pk = chunk[-1].pk


def category_paths(site):
    """``{category path: ("Épicerie", "Conserves")}`` for every category of the site."""
    paths = {}
    categories = CategoryPage.objects.descendant_of(site.root_page).order_by("path")
    for path, title in categories.values_list("path", "title"):
        paths[path] = (*paths.get(path[: -CategoryPage.steplen], ()), title)
    return paths


def image_url(image, root_url):
    try:
        rendition = image.get_renditions(IMAGE_FILTER)[IMAGE_SPEC]
    except SourceImageIOError:
        # One missing original must not cut the feed short for every other product.
        logger.warning("Product feed: source file missing for image %s", image.pk)
        return None
    url = rendition.url
    # Media on the site itself gives a path; on S3 or a CDN, already a full URL.
    if url.startswith("/") and not url.startswith("//"):
        return root_url + url
    return urljoin(root_url + "/", url)


def sale_interval(quote):
    """Start/end of the sale price, ending at the quote's next change, not only the offer's.

    ``valid_until`` is the earliest of the offer's end and the next price change: past it the
    sale price we printed may be wrong, and Google must fall back to ``g:price`` rather than
    advertise a price the customer would not get.
    """
    start, end = window(quote.offer)
    ends = [moment for moment in (end, quote.valid_until) if moment]
    if not ends:
        return None
    return f"{iso(start)}/{iso(min(ends))}"


def product_item(product, quote, link, category, root_url, today):
    fields = [
        element("g:id", product.sku),
        element("title", product.title[:MAX_TITLE]),
        element("description", (product.short_description or product.title)[:MAX_DESCRIPTION]),
        element("link", link),
    ]
    images = [item.image for item in product.gallery_images.all()]
    urls = [url for url in (image_url(image, root_url) for image in images) if url]
    if urls:
        fields.append(element("g:image_link", urls[0]))
        fields += [
            element("g:additional_image_link", url) for url in urls[1 : MAX_ADDITIONAL_IMAGES + 1]
        ]
    fields.append(element("g:availability", GOOGLE_AVAILABILITY[product.availability]))
    if product.availability == Availability.ON_ORDER and product.lead_time_days:
        # Google requires the date a back-ordered product can ship.
        ready = add_working_days(today, product.lead_time_days)
        ready_at = timezone.make_aware(datetime.combine(ready, time()))
        fields.append(element("g:availability_date", iso(ready_at)))
    fields.append(element("g:price", money(quote.regular_price, quote.currency)))
    if quote.offer:
        fields.append(element("g:sale_price", money(quote.unit_price, quote.currency)))
        interval = sale_interval(quote)
        if interval:
            fields.append(element("g:sale_price_effective_date", interval))
    if product.brand:
        fields.append(element("g:brand", product.brand.name))
    if product.gtin:
        fields.append(element("g:gtin", product.gtin))
    else:
        # The SKU is the wholesaler's ERP reference, not a manufacturer's part number: say
        # so, or Google would treat it as a bad identifier and disapprove the item.
        fields.append(element("g:mpn", product.sku))
        fields.append(element("g:identifier_exists", "no"))
    fields.append(element("g:condition", "new"))
    if category:
        fields.append(element("g:product_type", category))
    return "<item>" + "".join(fields) + "</item>\n"


def product_feed_items(request, site, at):
    """The ``<item>``s, one string per chunk: one ``quote_many`` and a fixed number of queries
    per chunk, and only the chunk at hand in memory (plus what the garbage collector has not
    yet reclaimed of the previous ones: ORM instances with prefetched relations are cycles)."""
    paths = category_paths(site)
    root_url = site.root_url
    today = timezone.localdate(at)
    buyer = Buyer.anonymous()
    display = ShopSettings.for_site(site).price_display
    for chunk in chunks(feed_products(site, at)):
        quotes = quote_many(chunk, buyer, at, price_display=display)
        items = []
        for product in chunk:
            quote = quotes[product.pk]
            if not quote.has_price:
                continue
            category = CATEGORY_SEPARATOR.join(paths.get(product.path[: -ProductPage.steplen], ()))
            link = product.get_full_url(request)
            items.append(product_item(product, quote, link, category, root_url, today))
        if items:
            yield "".join(items)


def product_feed_stream(request, site, at):
    company = CompanySettings.for_site(site)
    yield (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<rss version="2.0" xmlns:g="{GOOGLE_NS}">\n<channel>\n'
        + element("title", company.name)
        + element("link", site.root_url + "/")
        + element("description", f"Catalogue des produits de {company.name}")
        + element("language", "fr")
        + "\n"
    )
    # Checked again here, not only by the caller: this is the last door before the outside.
    if ShopSettings.for_site(site).price_display == PriceDisplay.PUBLIC:
        yield from product_feed_items(request, site, at)
    yield "</channel>\n</rss>\n"


@require_safe
def product_feed(request):
    """``/feeds/products.xml``: Google Merchant Center RSS 2.0, streamed chunk by chunk.

    With prices reserved to customers (or hidden), the feed stays valid but has no item: an
    anonymous price is the only one that may leave the site.
    """
    site = site_for(request)
    at = timezone.now()  # one instant for the whole feed: prices consistent across chunks
    # A HEAD gets the headers only: servers iterate the body even when they do not send it.
    body = product_feed_stream(request, site, at) if request.method == "GET" else iter(())
    response = StreamingHttpResponse(body, content_type=RSS_CONTENT_TYPE)
    # It copies the product pages: search engines should index those, not the feed.
    response["X-Robots-Tag"] = "noindex"
    return not_shared(response)


# --- Promotions RSS ---------------------------------------------------------------------------


def current_public_promotions(site, at, request=None):
    """Promotion pages an anonymous visitor can see now, newest first.

    The same rule as the promotions index (a current offer for this visitor, or no offer at
    all), for the anonymous visitor only, and without what the index leaves to ``serve``:
    expired pages (the scheduler may be late), private and noindex pages. Each page gets
    ``feed_published_at``: when it became visible, i.e. its first publication or the start
    of its earliest current offer, whichever is later.
    """
    offers = {offer.pk: offer for offer in current_offers(Buyer.anonymous(), at)}
    pages = list(
        PromotionPage.objects.descendant_of(site.root_page)
        .live()
        .public()
        .filter(noindex=False)
        .filter(not_expired_q(at))
        .filter(promotion_pages_q(Buyer.anonymous(), at))
    )
    starts = {}
    links = PromotionPage.offers.through.objects.filter(
        promotionpage_id__in=[page.pk for page in pages], offer_id__in=list(offers)
    )
    for page_id, offer_id in links.values_list("promotionpage_id", "offer_id"):
        start = window(offers[offer_id])[0]
        starts[page_id] = min(start, starts.get(page_id, start))
    for page in pages:
        moments = [m for m in (page.first_published_at, starts.get(page.pk)) if m]
        page.feed_published_at = max(moments) if moments else None
        page.feed_link = page.get_full_url(request)
    pages.sort(key=lambda p: (p.feed_published_at or at, p.pk), reverse=True)
    return pages


@dataclass
class FeedContext:
    request: object
    site: Site
    at: datetime
    company: CompanySettings


class SiteFeed(Feed):
    """An RSS feed of pages of the request's site, as an anonymous visitor sees them now.

    Items are pages carrying ``feed_link``, their absolute URL.
    """

    language = "fr"

    def __call__(self, request, *args, **kwargs):
        return not_shared(super().__call__(request, *args, **kwargs))

    def get_object(self, request, *args, **kwargs):
        site = site_for(request)
        return FeedContext(request, site, timezone.now(), CompanySettings.for_site(site))

    def item_title(self, page):
        return page.title

    def item_link(self, page):
        return page.feed_link


class PromotionsFeed(SiteFeed):
    """``/feeds/promotions.xml``: current public promotions, for readers and aggregators."""

    def title(self, obj):
        return f"Promotions – {obj.company.name}"

    def link(self, obj):
        index = PromotionIndexPage.objects.descendant_of(obj.site.root_page).live().first()
        return index.get_full_url(obj.request) if index else obj.site.root_url + "/"

    def feed_url(self, obj):
        return obj.site.root_url + reverse("feeds:promotions")

    def description(self, obj):
        return f"Les offres en cours de {obj.company.name} pour les professionnels."

    def items(self, obj):
        return current_public_promotions(obj.site, obj.at, obj.request)

    def item_description(self, page):
        return page.intro or page.search_description

    def item_pubdate(self, page):
        return page.feed_published_at


# --- News RSS ---------------------------------------------------------------------------------

NEWS_FEED_SIZE = 30


def public_news(site, at, request=None):
    """The latest news an anonymous visitor can read now on this site, newest first.

    `running_news` (live, public, go-live reached, not expired whatever the scheduler did),
    without noindex pages. Each page gets ``feed_link``, its absolute URL.
    """
    pages = list(
        running_news(at)
        .descendant_of(site.root_page)
        .filter(noindex=False)
        .select_related("category")
        .prefetch_related("tags")[:NEWS_FEED_SIZE]
    )
    for page in pages:
        page.feed_link = page.get_full_url(request)
    return pages


class NewsFeed(SiteFeed):
    """``/feeds/actualites.xml``: the latest public news, for readers and aggregators."""

    def title(self, obj):
        return f"Actualités – {obj.company.name}"

    def link(self, obj):
        index = NewsIndexPage.objects.descendant_of(obj.site.root_page).live().public().first()
        return index.get_full_url(obj.request) if index else obj.site.root_url + "/"

    def feed_url(self, obj):
        return obj.site.root_url + reverse("feeds:news")

    def description(self, obj):
        return f"Les dernières nouvelles de {obj.company.name}."

    def items(self, obj):
        return public_news(obj.site, obj.at, obj.request)

    def item_description(self, page):
        return page.intro

    def item_pubdate(self, page):
        return page.published_at

    def item_author_name(self, page):
        return page.author or None

    def item_categories(self, page):
        names = [page.category.name] if page.category else []
        return names + [tag.name for tag in page.tags.all()]
