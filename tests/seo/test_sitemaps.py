"""Sitemaps through HTTP: index, sections, who is listed, lastmod, images, pagination, queries."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from xml.etree import ElementTree

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import PageViewRestriction

from promotions.models import Audience, PromotionIndexPage, PromotionPage
from seo.sitemaps import ProductSitemap, last_change
from storefront.models import Brand, CategoryPage, PriceGroup, ProductImage, ProductPage
from tests.conftest import make_price_list, make_product
from tests.promotions.test_offers import make_offer
from tests.promotions.test_promotion_pages import make_promotion

pytestmark = pytest.mark.django_db

NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "image": "http://www.google.com/schemas/sitemap-image/1.1",
}
ROOT = "http://localhost"  # the demo Site; the test client calls itself "testserver"
DAY = timedelta(days=1)
LONG_AGO = datetime(2024, 3, 1, 9, 30, tzinfo=UTC)
# Site, view restrictions, count, products, price lines, offers (product, brand, category),
# gallery with images, renditions: whatever the number of products.
PRODUCT_SITEMAP_QUERIES = 10


def w3c(moment):
    return moment.astimezone(UTC).replace(microsecond=0).isoformat()


def index_locations(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)
    assert root.tag == f"{{{NS['sm']}}}sitemapindex"
    return [loc.text for loc in root.findall("sm:sitemap/sm:loc", NS)]


def entries(client, path, **params):
    """``{loc: {"lastmod": str | None, "images": [str]}}`` of one sitemap file."""
    response = client.get(path, params)
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("application/xml")
    root = ElementTree.fromstring(response.content)
    result = {}
    for url in root.findall("sm:url", NS):
        loc = url.findtext("sm:loc", namespaces=NS)
        assert loc not in result, f"{loc} listed twice"
        result[loc] = {
            "lastmod": url.findtext("sm:lastmod", namespaces=NS),
            "images": [i.text for i in url.findall("image:image/image:loc", NS)],
        }
    return result


def all_locations(client):
    return set(entries(client, "/sitemap-pages.xml")) | set(
        entries(client, "/sitemap-products.xml")
    )


def test_index_lists_the_section_files_with_the_site_root_url(client):
    assert index_locations(client) == [
        f"{ROOT}/sitemap-pages.xml",
        f"{ROOT}/sitemap-products.xml",
        f"{ROOT}/sitemap-news.xml",
    ]
    response = client.get("/sitemap.xml")
    assert "noindex" in response["X-Robots-Tag"]
    assert "max-age" in response["Cache-Control"]


def test_every_url_follows_the_wagtail_site_not_the_request_host(client, demo_site):
    demo_site.hostname, demo_site.port = "www.negoce.example", 443
    demo_site.save()
    root = "https://www.negoce.example"
    assert index_locations(client) == [
        f"{root}/sitemap-pages.xml",
        f"{root}/sitemap-products.xml",
        f"{root}/sitemap-news.xml",
    ]
    products = entries(client, "/sitemap-products.xml")
    assert products and all(loc.startswith(f"{root}/catalogue/") for loc in products)
    images = [image for entry in products.values() for image in entry["images"]]
    assert images and all(image.startswith(f"{root}/media/") for image in images)
    assert f"{root}/" in entries(client, "/sitemap-pages.xml")


def test_pages_section_lists_the_editorial_pages(client):
    pages = entries(client, "/sitemap-pages.xml")
    for path in ("/", "/catalogue/", "/catalogue/boissons/", "/catalogue/boissons/eaux/"):
        assert f"{ROOT}{path}" in pages
        assert pages[f"{ROOT}{path}"]["lastmod"]
    assert f"{ROOT}/promotions/" in pages
    assert not any("/catalogue/boissons/eaux/eau-" in loc for loc in pages)  # products: own file


def test_product_sitemap_lists_a_demo_product_with_its_image_and_lastmod(client):
    product = ProductPage.objects.get(sku="SF-00101")
    entry = entries(client, "/sitemap-products.xml")[product.get_full_url()]
    assert entry["lastmod"] >= w3c(product.last_published_at)
    (image,) = entry["images"]
    assert image.startswith(f"{ROOT}/media/images/") and "max-1200x1200" in image
    response = client.get("/sitemap-products.xml")
    assert b'xmlns:image="http://www.google.com/schemas/sitemap-image/1.1"' in response.content
    assert response["Last-Modified"]


def test_a_product_whose_image_file_is_lost_is_still_listed(client, category):
    image = get_image_model().objects.create(title="Perdue", file=get_test_image_file())
    image.file.storage.delete(image.file.name)
    product = make_product(category, 1)
    ProductImage.objects.create(page=product, image=image, alt_text="Perdue")
    assert entries(client, "/sitemap-products.xml")[product.get_full_url()]["images"] == []


@pytest.fixture
def old_product(category):
    """A product under a sub-category, last published long ago, with a brand."""
    sub = CategoryPage(title="Sous-catégorie", slug="sous-categorie")
    category.add_child(instance=sub)
    brand = Brand.objects.create(name="Marque sitemap")
    product = make_product(sub, 1, brand=brand)
    ProductPage.objects.filter(pk=product.pk).update(last_published_at=LONG_AGO)
    product.refresh_from_db()
    return product


def lastmod_of(client, product):
    return entries(client, "/sitemap-products.xml")[product.get_full_url()]["lastmod"]


@pytest.mark.parametrize(
    "publish",
    [
        pytest.param(lambda p: make_price_list({p: "10.00"}), id="price-list"),
        pytest.param(lambda p: make_offer(products=[p], value=Decimal("5")), id="offer-product"),
        pytest.param(lambda p: make_offer(brands=[p.brand], value=Decimal("5")), id="offer-brand"),
        pytest.param(
            # The offer is on the category above the product's own category: its subtree.
            lambda p: make_offer(
                categories=[p.get_parent().get_parent().specific], value=Decimal("5")
            ),
            id="offer-category",
        ),
    ],
)
def test_lastmod_moves_when_a_price_list_or_offer_for_the_product_is_published(
    client, old_product, publish
):
    assert lastmod_of(client, old_product) == w3c(LONG_AGO)
    record = publish(old_product)
    record.refresh_from_db()
    assert lastmod_of(client, old_product) == w3c(record.last_published_at)


@pytest.mark.parametrize(
    "publish",
    [
        pytest.param(
            lambda p: make_price_list(
                {p: "8.00"},
                audience=Audience.GROUPS,
                groups=[PriceGroup.objects.get(code="chr")],
            ),
            id="group-price-list",
        ),
        pytest.param(
            lambda p: make_price_list({p: "12.00"}, valid_from=timezone.now() + 30 * DAY),
            id="future-price-list",
        ),
        pytest.param(lambda p: make_price_list({p: "9.00"}, publish=False), id="draft"),
        pytest.param(
            lambda p: make_offer(products=[p], value=Decimal("5"), audience=Audience.CUSTOMERS),
            id="customers-offer",
        ),
    ],
)
def test_lastmod_ignores_what_a_crawler_cannot_see_yet(client, old_product, publish):
    publish(old_product)
    assert lastmod_of(client, old_product) == w3c(LONG_AGO)


def test_last_change_counts_start_and_end_once_they_are_past():
    now = timezone.now()
    published = now - 10 * DAY
    assert last_change(now, published, now - 20 * DAY) == published
    assert last_change(now, published, now - 2 * DAY) == now - 2 * DAY  # started later
    assert last_change(now, published, now + DAY) is None  # not started yet
    assert last_change(now, published, now - 20 * DAY, now - DAY) == now - DAY  # ended
    assert last_change(now, published, now - 20 * DAY, now + DAY) == published


def test_noindex_pages_are_left_out(client):
    product = ProductPage.objects.get(sku="SF-00101")
    category = CategoryPage.objects.get(title="Conserves")
    ProductPage.objects.filter(pk=product.pk).update(noindex=True)
    CategoryPage.objects.filter(pk=category.pk).update(noindex=True)
    locations = all_locations(client)
    assert product.get_full_url() not in locations
    assert category.get_full_url() not in locations
    # noindex concerns the page only: the category's products stay listed.
    assert ProductPage.objects.child_of(category).first().get_full_url() in locations


def test_private_section_and_everything_under_it_is_left_out(client, category):
    private = CategoryPage(title="Espace client Dupont", slug="espace-dupont")
    category.add_child(instance=private)
    sub = CategoryPage(title="Sélection", slug="selection")
    private.add_child(instance=sub)
    hidden = [make_product(private, 1), make_product(sub, 2)]
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    locations = all_locations(client)
    assert category.get_full_url() in locations
    for page in [private, sub, *hidden]:
        assert page.get_full_url() not in locations


def test_expired_and_draft_pages_are_left_out(client, category):
    expired = make_product(category, 1)
    draft = make_product(category, 2, live=False)
    # Expired a minute ago: the scheduler has not unpublished it yet.
    ProductPage.objects.filter(pk=expired.pk).update(
        expire_at=timezone.now() - timedelta(minutes=1)
    )
    locations = all_locations(client)
    assert expired.get_full_url() not in locations
    assert draft.get_full_url() not in locations


def test_only_promotions_an_anonymous_visitor_can_open_are_listed(client):
    index = PromotionIndexPage.objects.get()
    now = timezone.now()
    chr_group = PriceGroup.objects.get(code="chr")
    public = make_promotion(index, "Publique", [make_offer(value=Decimal("10"))])
    upcoming = make_promotion(
        index, "À venir", [make_offer(value=Decimal("10"), valid_from=now + DAY)]
    )
    without_offer = make_promotion(index, "Sans offre", [])
    group_only = make_promotion(
        index,
        "Réservée CHR",
        [make_offer(value=Decimal("10"), audience=Audience.GROUPS, groups=[chr_group])],
    )
    customers_only = make_promotion(
        index, "Clients", [make_offer(value=Decimal("10"), audience=Audience.CUSTOMERS)]
    )
    ended = make_promotion(
        index,
        "Finie",
        [make_offer(value=Decimal("10"), valid_from=now - 9 * DAY, valid_to=now - DAY)],
    )
    expired = make_promotion(index, "Expirée", [make_offer(value=Decimal("10"))])
    PromotionPage.objects.filter(pk=expired.pk).update(expire_at=now - timedelta(seconds=1))

    pages = entries(client, "/sitemap-pages.xml")
    for page in (public, upcoming, without_offer):
        assert page.get_full_url() in pages, page.title
    for page in (group_only, customers_only, ended, expired):
        assert page.get_full_url() not in pages, page.title
    # The same answer as the pages themselves give an anonymous visitor, demo pages included.
    for page in PromotionPage.objects.live():
        listed = page.get_full_url() in pages
        assert listed == (client.get(page.url).status_code == 200), page.title


def test_promotion_lastmod_follows_its_offers(client):
    index = PromotionIndexPage.objects.get()
    offer = make_offer(value=Decimal("10"), valid_from=timezone.now() - DAY)
    page = make_promotion(index, "Suivie", [offer])
    PromotionPage.objects.filter(pk=page.pk).update(last_published_at=LONG_AGO)
    offer.refresh_from_db()
    lastmod = entries(client, "/sitemap-pages.xml")[page.get_full_url()]["lastmod"]
    assert lastmod == w3c(offer.last_published_at)


def test_product_files_are_paginated(client, monkeypatch):
    monkeypatch.setattr(ProductSitemap, "limit", 20)
    expected = {p.get_full_url() for p in ProductPage.objects.live().public().filter(noindex=False)}
    files = [loc for loc in index_locations(client) if "sitemap-products" in loc]
    pages = -(-len(expected) // 20)
    assert pages >= 3
    assert files == [f"{ROOT}/sitemap-products.xml"] + [
        f"{ROOT}/sitemap-products.xml?p={n}" for n in range(2, pages + 1)
    ]
    seen = []
    for n in range(1, pages + 1):
        listed = entries(client, "/sitemap-products.xml", p=n)
        assert 0 < len(listed) <= 20
        seen += listed
    assert len(seen) == len(set(seen)) and set(seen) == expected
    assert set(entries(client, "/sitemap-products.xml", p=2)).isdisjoint(
        entries(client, "/sitemap-products.xml", p=1)
    )
    assert client.get("/sitemap-products.xml", {"p": pages + 1}).status_code == 404
    assert client.get("/sitemap-products.xml", {"p": "deux"}).status_code == 404
    assert client.get("/sitemap-inconnue.xml").status_code == 404


def test_reading_by_chunks_changes_nothing(client, monkeypatch):
    whole = client.get("/sitemap-products.xml").content
    monkeypatch.setattr(ProductSitemap, "chunk_size", 7)
    assert client.get("/sitemap-products.xml").content == whole


def add_products(category, numbers, images):
    products = []
    for number in numbers:
        product = make_product(category, number, brand=Brand.objects.first())
        ProductImage.objects.create(
            page=product, image=images[number % len(images)], alt_text=product.title
        )
        products.append(product)
    make_price_list({product: "10.00" for product in products}, name=f"Liste {numbers[0]}")
    return products


def count_queries(client):
    client.get("/sitemap-products.xml")  # warm: renditions, site root paths
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/sitemap-products.xml")
    assert response.status_code == 200
    return len(queries), response


def test_product_sitemap_queries_do_not_grow_with_products(
    client, category, django_assert_max_num_queries
):
    images = list(get_image_model().objects.order_by("pk")[:20])
    make_offer(categories=[category], value=Decimal("5"))
    add_products(category, range(1, 11), images)
    with_10, _ = count_queries(client)
    add_products(category, range(11, 61), images)
    with_60, response = count_queries(client)
    assert with_10 == with_60
    with django_assert_max_num_queries(PRODUCT_SITEMAP_QUERIES):
        client.get("/sitemap-products.xml")
    assert response.content.count(f"{ROOT}/catalogue/categorie-de-test/".encode()) == 60
