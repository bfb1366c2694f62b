"""Sitemaps: which pages search engines may list, when they last really changed, their images.

A section is one sitemap class listing the indexable pages of some page models; `SECTIONS`
names them (editorial pages, products, news), and `/sitemap.xml` indexes every file of every
section. Add a section by subclassing `PageSitemap` with its `page_models` and registering it
in `SECTIONS`.

Every URL is built from the Wagtail Site's own root URL (scheme, host, port), never from the
host the request came in on: a sitemap fetched through an internal address or a proxy must
still announce the public URLs.
"""

import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property
from itertools import islice
from types import SimpleNamespace
from urllib.parse import quote

from django.core.paginator import Paginator
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone
from wagtail.coreutils import WAGTAIL_APPEND_SLASH
from wagtail.images import get_image_model
from wagtail.images.models import Filter
from wagtail.models import Page

from core.publication import not_expired_q, running_q
from news.models import NewsIndexPage, NewsPage
from promotions.models import (
    Audience,
    Offer,
    OfferBrand,
    OfferCategory,
    OfferProduct,
    PriceLine,
    PriceList,
    PromotionIndexPage,
    PromotionPage,
)
from promotions.models.pages import promotion_pages_q
from promotions.pricing import Buyer
from storefront.models import (
    CatalogueIndexPage,
    CategoryPage,
    HomePage,
    ProductImage,
    ProductPage,
)

logger = logging.getLogger(__name__)

# Large enough for image search; the same spec as the product JSON-LD
# (seo.structured_data.PRODUCT_IMAGE_SPEC) so that one rendition per image serves both.
IMAGE_SPEC = "max-1200x1200|format-jpeg|jpegquality-85"
# One parsed filter for the whole file: Wagtail parses a spec string again on every call.
IMAGE_FILTER = Filter(spec=IMAGE_SPEC)
# Pages are read, enriched and rendered this many at a time: a 50 000-URL file never holds
# 50 000 pages with their images in memory, and queries grow per chunk, not per URL.
CHUNK_SIZE = 2000
# Only changes a crawler can see move `lastmod`: a price list or offer for customers or price
# groups changes nothing on the public page, and its date must not leak either.
LASTMOD_AUDIENCES = (Audience.PUBLIC,)
ANONYMOUS = Buyer.anonymous()
DATE_FIELDS = ("last_published_at", "valid_from", "valid_to", "expire_at")


@dataclass
class SitemapEntry:
    location: str
    lastmod: datetime | None = None
    images: list[str] = field(default_factory=list)

    @property
    def lastmod_w3c(self):
        if self.lastmod is None:
            return ""
        return self.lastmod.astimezone(UTC).replace(microsecond=0).isoformat()


def absolute_url(root_url, url):
    """`url` made absolute on the site's root URL, unless storage already gave a full URL."""
    return root_url + url if url.startswith("/") else url


def chunked(iterable, size):
    iterator = iter(iterable)
    while chunk := list(islice(iterator, size)):
        yield chunk


def indexable_pages(pages, site, at):
    """What a crawler may list: live, public, not expired, inside this site.

    `expire_at` is checked here because the scheduler may not have unpublished the page yet.
    """
    return (
        pages.live()
        .public()
        .descendant_of(site.root_page, inclusive=True)
        .filter(not_expired_q(at))
    )


def last_change(at, last_published_at, valid_from, valid_to=None, expire_at=None):
    """The latest instant up to `at` when a price list or offer changed what a page shows.

    It takes effect when both published and started; it changes the page again when it ends.
    A list published today for next month has not changed anything yet.
    """
    started = latest(last_published_at, valid_from)
    return latest(*(moment for moment in (started, valid_to, expire_at) if moment and moment <= at))


def latest(*moments):
    return max((moment for moment in moments if moment), default=None)


def published_records():
    """Price lists and offers that reached the public: live, or unpublished at their expiry."""
    return (Q(live=True) | Q(expired=True)) & Q(audience__in=LASTMOD_AUDIENCES)


def _changes_by_key(rows, at):
    changes = {}
    for key, *dates in rows:
        changes[key] = latest(changes.get(key), last_change(at, *dates))
    return changes


def _dates(prefix):
    return [f"{prefix}__{name}" for name in DATE_FIELDS]


def ancestor_paths(path):
    """Treebeard paths of every ancestor of the page at `path` (one step per level)."""
    return [path[:end] for end in range(Page.steplen, len(path), Page.steplen)]


def price_and_offer_changes(products, at):
    """``{product pk: last change of a public price list or offer for it}``, in 4 queries.

    Products need ``pk``, ``path`` and ``brand_id``. An offer concerns a product directly,
    through its brand, or through any category above it.
    """
    ids = [product.pk for product in products]
    brand_ids = {product.brand_id for product in products if product.brand_id}
    paths = {path for product in products for path in ancestor_paths(product.path)}
    price_lists = PriceList.objects.filter(published_records())
    offers = Offer.objects.filter(published_records())

    lines = PriceLine.objects.filter(product_id__in=ids, price_list__in=price_lists)
    # Volume tiers repeat a list on several lines: one row per (product, list) is enough.
    by_product = _changes_by_key(
        lines.values_list("product_id", *_dates("price_list")).distinct(), at
    )
    direct = OfferProduct.objects.filter(product_id__in=ids, offer__in=offers)
    direct = _changes_by_key(direct.values_list("product_id", *_dates("offer")), at)
    by_brand = OfferBrand.objects.filter(brand_id__in=brand_ids, offer__in=offers)
    by_brand = _changes_by_key(by_brand.values_list("brand_id", *_dates("offer")), at)
    by_path = OfferCategory.objects.filter(category__path__in=paths, offer__in=offers)
    by_path = _changes_by_key(by_path.values_list("category__path", *_dates("offer")), at)

    return {
        product.pk: latest(
            by_product.get(product.pk),
            direct.get(product.pk),
            by_brand.get(product.brand_id),
            *(by_path.get(path) for path in ancestor_paths(product.path)),
        )
        for product in products
    }


class SiteUrls:
    """Absolute page URLs of one site, built as Wagtail's routing does (`Page.get_url_parts`).

    Without a Page instance and one URL reversal per page, which would dominate the cost of a
    50 000-URL file. A page model that routes differently would need its own `location`.
    """

    def __init__(self, site):
        self.root_url = site.root_url
        self.root_path = site.root_page.url_path
        self.prefix = reverse("wagtail_serve", args=("",))

    def page(self, url_path):
        path = self.prefix + quote(url_path[len(self.root_path) :], safe="!$&'()*+,;=/~:@")
        if not WAGTAIL_APPEND_SLASH and path != "/":
            path = path.rstrip("/")
        return self.root_url + path


def focal_point_keys(image_ids):
    """The key Wagtail files each image's rendition under: empty unless the spec crops."""
    vary = [name for op in IMAGE_FILTER.operations for name in getattr(op, "vary_fields", ())]
    if not vary:
        return dict.fromkeys(image_ids, "")
    rows = get_image_model().objects.filter(pk__in=image_ids).values("pk", *vary)
    return {row["pk"]: IMAGE_FILTER.get_cache_key(SimpleNamespace(**row)) for row in rows}


def rendition_urls(image_ids):
    """``{image id: URL of its IMAGE_SPEC rendition}``, generating the missing ones.

    Existing renditions are read as plain rows: building Image and Rendition objects for
    every gallery image would cost more than the rest of the sitemap.
    """
    image_model = get_image_model()
    rendition_model = image_model.get_rendition_model()
    storage = rendition_model._meta.get_field("file").storage
    keys = focal_point_keys(image_ids)
    urls = {}
    rows = rendition_model.objects.filter(image_id__in=image_ids, filter_spec=IMAGE_SPEC)
    for image_id, key, name in rows.values_list("image_id", "focal_point_key", "file"):
        if key == keys.get(image_id):
            urls[image_id] = storage.url(name)
    for image in image_model.objects.filter(pk__in=set(image_ids) - urls.keys()):
        try:
            urls[image.pk] = image.get_rendition(IMAGE_FILTER).url
        except OSError:  # source file missing or unreadable: the page is still listed
            logger.warning("Plan du site : image %s illisible, ignorée", image.pk)
    return urls


def gallery_image_urls(product_ids, root_url):
    """``{product pk: [absolute image URLs]}`` in gallery order, in 2 queries once warm."""
    gallery = list(
        ProductImage.objects.filter(page_id__in=product_ids)
        .order_by("sort_order", "pk")
        .values_list("page_id", "image_id")
    )
    urls = rendition_urls({image_id for _, image_id in gallery})
    images = {}
    for page_id, image_id in gallery:
        if image_id in urls:
            images.setdefault(page_id, []).append(absolute_url(root_url, urls[image_id]))
    return images


class EntryList:
    """The entries of one sitemap file, built a chunk at a time while the template renders.

    It has a length so that Django's ``{% for %}`` iterates it lazily instead of making a list.
    """

    def __init__(self, sitemap, page):
        self.sitemap = sitemap
        self.page = page
        self.latest = None

    def __len__(self):
        if not self.page.paginator.count:
            return 0
        return self.page.end_index() - self.page.start_index() + 1

    def __iter__(self):
        rows = self.page.object_list.iterator(chunk_size=self.sitemap.chunk_size)
        for chunk in chunked(rows, self.sitemap.chunk_size):
            self.sitemap.prepare(chunk)
            for page in chunk:
                entry = self.sitemap.entry(page)
                self.latest = latest(self.latest, entry.lastmod)
                yield entry


class PageSitemap:
    """One section: the indexable pages of `page_models`, `limit` URLs per file.

    Shaped like Django's Sitemap (items, location, lastmod, limit) but not one: its items are
    plain rows rather than Page objects, its locations are absolute, and its entries are
    produced a chunk at a time.
    """

    section = None
    page_models = ()
    limit = 50_000  # the protocol's maximum per file
    chunk_size = CHUNK_SIZE
    # What `location`, `lastmod` and `prepare` read: nothing else leaves the database.
    fields = ("pk", "path", "url_path", "last_published_at", "latest_revision_created_at")

    def __init__(self, request, site, at=None):
        self.request = request
        self.site = site
        self.at = at or timezone.now()

    def restrict(self, model, pages):
        """Rules of one page model on top of `indexable_pages`; none by default."""
        return pages

    def candidates(self, model):
        return self.restrict(model, model.objects.filter(noindex=False))

    def items(self):
        if len(self.page_models) == 1:
            pages = self.candidates(self.page_models[0])
        else:
            # One query over the base table, whatever the number of page models.
            condition = Q(pk__in=[])
            for model in self.page_models:
                condition |= Q(pk__in=self.candidates(model).values("pk"))
            pages = Page.objects.filter(condition)
        pages = indexable_pages(pages, self.site, self.at).order_by("path")
        return pages.values_list(*self.fields, named=True)

    @cached_property
    def paginator(self):
        return Paginator(self.items(), self.limit)

    def entries(self, number=1):
        """The entries of file `number` (raises EmptyPage or PageNotAnInteger)."""
        return EntryList(self, self.paginator.page(number))

    def prepare(self, pages):
        """Load in bulk, for one chunk of pages, what `lastmod` and `images` read."""

    @cached_property
    def urls(self):
        return SiteUrls(self.site)

    def location(self, page):
        return self.urls.page(page.url_path)

    def lastmod(self, page):
        return page.last_published_at or page.latest_revision_created_at

    def images(self, page):
        return []

    def entry(self, page):
        return SitemapEntry(self.location(page), self.lastmod(page), self.images(page))

    def file_urls(self):
        """Absolute URLs of this section's files, as listed in the index."""
        url = self.site.root_url + reverse("seo_sitemap", args=[self.section])
        return [url if n == 1 else f"{url}?p={n}" for n in self.paginator.page_range]


class PagesSitemap(PageSitemap):
    """Home, catalogue, categories and promotions: the editorial pages."""

    section = "pages"
    page_models = (
        HomePage,
        CatalogueIndexPage,
        CategoryPage,
        PromotionIndexPage,
        PromotionPage,
    )

    def restrict(self, model, pages):
        if model is PromotionPage:
            return pages.filter(promotion_pages_q(ANONYMOUS, self.at, upcoming=True))
        return pages

    def prepare(self, pages):
        # A promotion page changes when one of its public offers starts or ends.
        rows = PromotionPage.offers.through.objects.filter(
            promotionpage_id__in=[page.pk for page in pages],
            offer__in=Offer.objects.filter(published_records()),
        ).values_list("promotionpage_id", *_dates("offer"))
        self._offer_changes = _changes_by_key(rows, self.at)

    def lastmod(self, page):
        return latest(super().lastmod(page), self._offer_changes.get(page.pk))


class ProductSitemap(PageSitemap):
    """Product pages with their gallery images; prices and offers move their `lastmod`."""

    section = "products"
    page_models = (ProductPage,)
    fields = PageSitemap.fields + ("brand_id",)

    def prepare(self, products):
        self._changes = price_and_offer_changes(products, self.at)
        self._images = gallery_image_urls([p.pk for p in products], self.site.root_url)

    def lastmod(self, product):
        return latest(super().lastmod(product), self._changes.get(product.pk))

    def images(self, product):
        return self._images.get(product.pk, [])


class NewsSitemap(PageSitemap):
    """The news index and the news readable now, with their listing image."""

    section = "news"
    page_models = (NewsIndexPage, NewsPage)

    def restrict(self, model, pages):
        if model is NewsPage:
            # A scheduled news item has no go-live yet, whatever its live flag says.
            return pages.filter(running_q(self.at))
        return pages

    def prepare(self, pages):
        pks = [page.pk for page in pages]
        images = dict(
            NewsPage.objects.filter(pk__in=pks, image__isnull=False).values_list("pk", "image_id")
        )
        urls = rendition_urls(set(images.values()))
        self._images = {
            pk: [absolute_url(self.site.root_url, urls[image_id])]
            for pk, image_id in images.items()
            if image_id in urls
        }
        # The index changes when a news item appears on it or drops off it at its expiry.
        self._listing_changes = {
            index.pk: self.listing_change(index)
            for index in NewsIndexPage.objects.filter(pk__in=pks).only("pk", "path")
        }

    def listing_change(self, index):
        news = NewsPage.objects.child_of(index).live().public()
        found = news.aggregate(
            published=Max("last_published_at", filter=running_q(self.at)),
            expired=Max("expire_at", filter=Q(expire_at__lte=self.at)),
        )
        return latest(found["published"], found["expired"])

    def lastmod(self, page):
        return latest(super().lastmod(page), self._listing_changes.get(page.pk))

    def images(self, page):
        return self._images.get(page.pk, [])


SECTIONS = {sitemap.section: sitemap for sitemap in (PagesSitemap, ProductSitemap, NewsSitemap)}


def sitemap_files(request, site, at=None):
    """Every file of every section, for the sitemap index."""
    at = at or timezone.now()
    return [url for sitemap in SECTIONS.values() for url in sitemap(request, site, at).file_urls()]
