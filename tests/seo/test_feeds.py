"""Feeds: the Google Merchant product feed (streamed, anonymous prices only) and promotions RSS."""

import io
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from email.utils import parsedate_to_datetime

import pytest
from django.core.files.images import ImageFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import PageViewRestriction

from promotions.models import Audience, Offer, PriceDisplay, PromotionPage
from promotions.pricing import Buyer, quote, quote_many, window
from seo import feeds
from storefront.models import (
    Availability,
    Brand,
    CategoryPage,
    CompanySettings,
    PriceGroup,
    ProductImage,
    ProductPage,
)
from tests.conftest import make_price_list, make_product

pytestmark = pytest.mark.django_db

G = "{http://base.google.com/ns/1.0}"
NOW = timezone.now()
DAY = timedelta(days=1)
CENT = Decimal("0.01")
ANONYMOUS = Buyer.anonymous()


@pytest.fixture(scope="module", autouse=True)
def demo_renditions(django_db_setup, django_db_blocker):
    """The feed's renditions of the demo images, made once: generating them is most of the
    cost of a cold feed, and every test here would otherwise pay it again."""
    with django_db_blocker.unblock():
        for image in get_image_model().objects.all():
            image.get_rendition(feeds.IMAGE_SPEC)


def euros(amount):
    return f"{amount.quantize(CENT, rounding=ROUND_HALF_UP)} EUR"


def read_feed(client):
    response = client.get("/feeds/products.xml")
    assert response.status_code == 200
    assert response.streaming
    return response, ET.fromstring(b"".join(response.streaming_content))


def items_by_sku(root):
    items = {}
    for item in root.iter("item"):
        sku = item.findtext(f"{G}id")
        assert sku not in items, f"{sku} listed twice"
        items[sku] = item
    return items


def feed_queries(client):
    read_feed(client)  # warm up: renditions generated, content types and site root paths cached
    with CaptureQueriesContext(connection) as captured:
        read_feed(client)
    return len(captured.captured_queries)


def test_product_feed_is_a_merchant_rss_with_the_current_public_offer(
    client, demo_site, public_prices
):
    response, root = read_feed(client)
    assert response["Content-Type"] == "application/rss+xml; charset=utf-8"
    assert "no-cache" in response["Cache-Control"]  # a proxy's copy could outlive an offer
    assert root.tag == "rss" and root.get("version") == "2.0"
    channel = root.find("channel")
    assert channel.findtext("title") == CompanySettings.for_site(demo_site).name
    assert channel.findtext("link").startswith("http")
    items = items_by_sku(root)

    offer = Offer.objects.get(name="−15 % sur les eaux")
    water = ProductPage.objects.descendant_of(CategoryPage.objects.get(title="Eaux")).first()
    expected = quote(water, ANONYMOUS, NOW, price_display=PriceDisplay.PUBLIC)
    assert expected.offer == offer
    item = items[water.sku]
    assert item.findtext("title") == water.title
    assert item.findtext("description") == water.short_description
    assert item.findtext("link") == water.get_full_url()
    assert item.findtext(f"{G}price") == euros(expected.regular_price)
    assert item.findtext(f"{G}sale_price") == euros(expected.regular_price * Decimal("0.85"))
    start, end = item.findtext(f"{G}sale_price_effective_date").split("/")
    offer_start, offer_end = window(offer)
    assert datetime.fromisoformat(start) == offer_start
    # The sale ends with the offer or at the next price change, whichever comes first.
    assert datetime.fromisoformat(end) == min(offer_end, expected.valid_until)
    assert item.findtext(f"{G}product_type").endswith(" > Eaux")
    assert item.findtext(f"{G}gtin") == water.gtin
    assert item.findtext(f"{G}brand") == water.brand.name
    assert item.findtext(f"{G}condition") == "new"
    image_link = item.findtext(f"{G}image_link")
    assert image_link.startswith(demo_site.root_url + "/") and image_link.endswith(".jpg")

    without_offer = next(i for i in items.values() if i.find(f"{G}sale_price") is None)
    assert without_offer.find(f"{G}sale_price_effective_date") is None


@pytest.mark.parametrize("display", [PriceDisplay.CUSTOMERS, PriceDisplay.NONE])
def test_no_item_unless_prices_are_public(client, set_price_display, display):
    set_price_display(display)
    _, root = read_feed(client)
    assert root.find("channel/title") is not None  # still a valid, empty feed
    assert list(root.iter("item")) == []


def test_only_anonymous_prices_even_for_a_logged_in_chr_customer(client, public_prices):
    client.login(username="client", password="client-demo")  # a CHR customer
    _, root = read_feed(client)
    items = items_by_sku(root)
    products = list(ProductPage.objects.filter(sku__in=items))
    quotes = quote_many(products, ANONYMOUS, NOW, price_display=PriceDisplay.PUBLIC)
    for product in products:
        item = items[product.sku]
        assert item.findtext(f"{G}price") == euros(quotes[product.pk].regular_price)
        sale = item.findtext(f"{G}sale_price")
        assert sale == (euros(quotes[product.pk].unit_price) if quotes[product.pk].offer else None)
    pronet = ProductPage.objects.filter(brand__name="ProNet", sku__in=items)
    assert pronet.exists()
    for product in pronet:  # the CHR-only −10 % ProNet never shows
        assert items[product.sku].find(f"{G}sale_price") is None


def test_what_the_feed_leaves_out(client, category, public_prices):
    shown = make_product(category, 1, availability=Availability.ON_ORDER, lead_time_days=5)
    sold_out = make_product(category, 2, availability=Availability.OUT_OF_STOCK)
    discontinued = make_product(category, 3, availability=Availability.DISCONTINUED)
    noindex = make_product(category, 4, noindex=True)
    private = make_product(category, 5)
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    draft = make_product(category, 6)
    draft.unpublish()
    expired = make_product(category, 7)
    ProductPage.objects.filter(pk=expired.pk).update(expire_at=NOW - timedelta(minutes=1))
    unpriced = make_product(category, 8)
    group_only = make_product(category, 9)
    customers_only = make_product(category, 10)
    public = [shown, sold_out, discontinued, noindex, private, draft, expired]
    make_price_list({p: "12.00" for p in public}, valid_from=NOW - DAY)
    make_price_list(
        {group_only: "8.00"},
        name="CHR",
        audience=Audience.GROUPS,
        groups=PriceGroup.objects.filter(code="chr"),
        valid_from=NOW - DAY,
    )
    make_price_list(
        {customers_only: "9.00"},
        name="Clients",
        audience=Audience.CUSTOMERS,
        valid_from=NOW - DAY,
    )

    items = items_by_sku(read_feed(client)[1])
    ours = {sku for sku in items if sku.startswith("TEST-")}
    assert ours == {shown.sku, sold_out.sku}
    assert unpriced.sku not in items

    backorder = items[shown.sku]
    assert backorder.findtext(f"{G}availability") == "backorder"
    ready = datetime.fromisoformat(backorder.findtext(f"{G}availability_date"))
    assert ready.weekday() < 5  # 5 working days later: a weekday, 5 to 7 days ahead
    assert 5 <= (ready.date() - timezone.localdate()).days <= 7
    assert items[sold_out.sku].findtext(f"{G}availability") == "out_of_stock"
    # No GTIN: the SKU as MPN, and Google told that no manufacturer identifier exists.
    assert backorder.findtext(f"{G}mpn") == shown.sku
    assert backorder.findtext(f"{G}identifier_exists") == "no"
    assert backorder.find(f"{G}gtin") is None
    assert backorder.find(f"{G}image_link") is None
    assert backorder.findtext("description") == shown.title  # no short description
    assert backorder.findtext(f"{G}product_type") == "Catégorie de test"


def test_text_is_escaped_and_invalid_characters_dropped(client, category, public_prices):
    brand = Brand.objects.create(name="Dupont & Fils <SA>")
    product = make_product(
        category,
        1,
        title='Vis & écrous <M8> "inox"\x0b',
        short_description="Lot de 100 ]]> & plus",
        brand=brand,
    )
    make_price_list({product: "3.00"}, valid_from=NOW - DAY)
    item = items_by_sku(read_feed(client)[1])[product.sku]
    assert item.findtext("title") == 'Vis & écrous <M8> "inox"'
    assert item.findtext("description") == "Lot de 100 ]]> & plus"
    assert item.findtext(f"{G}brand") == "Dupont & Fils <SA>"


def _add_products(category, start, count, images):
    products = [make_product(category, number) for number in range(start, start + count)]
    ProductImage.objects.bulk_create(
        ProductImage(page=product, image=image, alt_text="Photo", sort_order=position)
        for product in products
        for position, image in enumerate(images)
    )
    make_price_list({p: "5.00" for p in products}, name=f"Liste {start}", valid_from=NOW - DAY)
    return products


def test_streamed_with_queries_that_do_not_grow_with_products(client, category, public_prices):
    images = list(get_image_model().objects.order_by("pk")[:3])
    products = _add_products(category, 1, 10, images)
    small = feed_queries(client)

    item = items_by_sku(read_feed(client)[1])[products[0].sku]
    main = item.findtext(f"{G}image_link")
    extra = [link.text for link in item.findall(f"{G}additional_image_link")]
    assert len(extra) == 2 and main not in extra
    assert all(link.startswith("http://") for link in [main, *extra])

    _add_products(category, 11, 50, images)
    assert feed_queries(client) == small


def new_image(title):
    data = io.BytesIO()
    PILImage.new("RGB", (1600, 1000), "teal").save(data, "PNG")
    image = get_image_model()(title=title, file=ImageFile(data, name=f"{title}.png"))
    image.save()
    return image


def test_renditions_are_made_on_first_use_and_a_lost_file_skips_only_its_image(
    client, category, public_prices
):
    fresh, lost = new_image("fraiche"), new_image("perdue")
    lost.file.storage.delete(lost.file.name)
    with_fresh, with_lost = make_product(category, 1), make_product(category, 2)
    ProductImage.objects.create(page=with_fresh, image=fresh, alt_text="Photo")
    ProductImage.objects.create(page=with_lost, image=lost, alt_text="Photo")
    make_price_list({with_fresh: "5.00", with_lost: "6.00"}, valid_from=NOW - DAY)

    items = items_by_sku(read_feed(client)[1])
    rendition = fresh.renditions.get(filter_spec=feeds.IMAGE_SPEC)
    assert (rendition.width, rendition.height) == (1200, 750)
    assert items[with_fresh.sku].findtext(f"{G}image_link").endswith(rendition.url)
    assert items[with_lost.sku].find(f"{G}image_link") is None
    assert items[with_lost.sku].findtext(f"{G}price") == "6.00 EUR"


def test_head_skips_the_work(client, public_prices, django_assert_max_num_queries):
    # With every cache cold: the site (two queries) and the maintenance setting (read, and
    # created on first use, sitehealth/maintenance.py); no product is read.
    with django_assert_max_num_queries(6):
        response = client.head("/feeds/products.xml")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/rss+xml; charset=utf-8"
    assert b"".join(response.streaming_content) == b""


def test_chunks_cover_every_product_once(client, public_prices, monkeypatch):
    everything = set(items_by_sku(read_feed(client)[1]))
    monkeypatch.setattr(feeds, "CHUNK", 7)
    assert set(items_by_sku(read_feed(client)[1])) == everything


# --- Promotions RSS ---------------------------------------------------------------------------


def promotion_items(client):
    response = client.get("/feeds/promotions.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    assert "no-cache" in response["Cache-Control"]
    root = ET.fromstring(response.content)
    return {item.findtext("title"): item for item in root.iter("item")}


def test_promotions_feed_lists_current_public_promotions_only(client):
    items = promotion_items(client)
    assert set(items) == {"Les eaux à −15 %", "Exclusivité Web : le couteau de chef"}
    page = PromotionPage.objects.get(title="Les eaux à −15 %")
    item = items[page.title]
    assert item.findtext("link") == page.get_full_url()
    assert item.findtext("description") == page.intro
    assert parsedate_to_datetime(item.findtext("pubDate")) <= timezone.now()


def test_promotions_feed_is_the_same_for_a_chr_customer(client):
    client.login(username="client", password="client-demo")
    assert "Espace CHR : −10 % sur l'hygiène ProNet" not in promotion_items(client)


@pytest.mark.parametrize("change", ["noindex", "private", "expired", "offer ended"])
def test_promotions_feed_leaves_out(client, change):
    page = PromotionPage.objects.get(title="Les eaux à −15 %")
    if change == "noindex":
        page.noindex = True
        page.save()
    elif change == "private":
        PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    elif change == "expired":  # past its expiry, before the scheduler unpublishes it
        PromotionPage.objects.filter(pk=page.pk).update(expire_at=NOW - timedelta(minutes=1))
    else:
        Offer.objects.filter(pages=page).update(valid_to=NOW - timedelta(minutes=1))
    items = promotion_items(client)
    assert page.title not in items
    assert "Exclusivité Web : le couteau de chef" in items


def test_home_page_advertises_the_promotions_feed_only(client):
    html = client.get("/").content.decode()
    head = html.split("</head>")[0]
    assert '<link rel="alternate" type="application/rss+xml"' in head
    assert 'href="/feeds/promotions.xml"' in head
    assert "/feeds/products.xml" not in html
