"""JSON-LD: escaping, one block set per page type, and prices that never leak."""

import json
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.utils import timezone
from wagtailseo.models import SeoSettings, SeoType

from promotions.models import Audience, PriceDisplay, PromotionIndexPage, PromotionPage
from seo import structured_data
from storefront.models import (
    Availability,
    Brand,
    CatalogueIndexPage,
    HomePage,
    PriceGroup,
    ProductPage,
)
from tests.conftest import make_price_list, make_product
from tests.promotions.test_offers import make_offer

pytestmark = pytest.mark.django_db

NOW = timezone.now().replace(microsecond=0)
DAY = timedelta(days=1)
HOSTILE = "</script><script>alert(1)</script><!-- & -->"
SCHEMA = "https://schema.org"


def ld_blocks(response):
    """Every JSON-LD block of a page, parsed; fails if one is not valid JSON."""
    assert response.status_code == 200
    html = response.content.decode()
    raw = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    soup = BeautifulSoup(html, "html.parser")
    scripts = soup.find_all("script", type="application/ld+json")
    # The same count both ways: nothing closed a script early or opened a new one.
    assert len(raw) == len(scripts)
    assert [s.string for s in scripts] == raw
    return [json.loads(text) for text in raw]


def of_type(blocks, kind):
    found = [block for block in blocks if block["@type"] == kind]
    assert len(found) <= 1, f"several {kind} blocks"
    return found[0] if found else None


def crumbs(blocks):
    return [
        (item["position"], item["name"])
        for item in of_type(blocks, "BreadcrumbList")["itemListElement"]
    ]


@pytest.fixture
def index():
    return PromotionIndexPage.objects.get()


def make_promotion(index, title, offers):
    page = PromotionPage(title=title, intro="Accroche", slug=f"promo-{len(title)}")
    index.add_child(instance=page)
    page.offers.set(offers)
    page.save_revision().publish()
    return page


# -- Escaping ----------------------------------------------------------------------------------


def test_dumps_ld_escapes_what_could_end_the_script():
    data = {"name": HOSTILE, "price": Decimal("1.50"), "when": NOW}
    text = structured_data.dumps_ld(data)
    assert not set("<>&") & set(text)
    assert "\\u003c/script\\u003e" in text
    parsed = json.loads(text)
    assert parsed["name"] == HOSTILE and parsed["price"] == "1.50"


def test_hostile_titles_stay_inside_the_json(client, category, public_prices, demo_site):
    seo = SeoSettings.for_site(demo_site)
    seo.struct_org_type = "Organization"  # wagtail-seo's org block on every page, too
    seo.struct_org_name = HOSTILE
    seo.save()
    product = make_product(category, 1, title=HOSTILE, short_description=HOSTILE)
    make_price_list({product: "10.00"}, valid_from=NOW - DAY)
    response = client.get(product.url)
    html = response.content.decode()
    assert "<script>alert(1)" not in html
    blocks = ld_blocks(response)
    assert {b["@type"] for b in blocks} == {"Organization", "BreadcrumbList", "Product"}
    assert of_type(blocks, "Product")["name"] == HOSTILE
    assert of_type(blocks, "Product")["description"] == HOSTILE
    assert of_type(blocks, "Organization")["name"] == HOSTILE
    assert crumbs(blocks)[-1] == (4, HOSTILE)


def test_article_extension_point_is_escaped_too(index, rf):
    """News pages will set seo_content_type = ARTICLE; the override prints safe JSON."""
    page = PromotionPage.objects.live().first()
    page.title = HOSTILE
    page.seo_content_type = SeoType.ARTICLE
    page.structured_data_type = "NewsArticle"
    request = rf.get(page.url)
    html = render_to_string("wagtailseo/struct_data.html", {"page": page}, request=request)
    assert "<script>alert(1)" not in html
    (text,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    data = json.loads(text)
    assert data["@type"] == "NewsArticle" and data["headline"] == HOSTILE
    assert data["publisher"]["name"] == "Storefront Négoce"


# -- One set of blocks per page type -----------------------------------------------------------


def test_home_page_has_organization_and_website_with_search(client):
    blocks = ld_blocks(client.get("/"))
    assert [b["@type"] for b in blocks] == ["Organization", "WebSite"]
    assert all(b["@context"] == SCHEMA for b in blocks)
    organization = of_type(blocks, "Organization")
    assert organization["name"] == "Storefront Négoce"
    assert organization["url"] == HomePage.objects.get().full_url
    (contact,) = organization["contactPoint"]
    assert contact["telephone"] == "+33 4 72 00 00 00"
    assert contact["email"] == "contact@storefront.example"
    website = of_type(blocks, "WebSite")
    action = website["potentialAction"]
    assert action["@type"] == "SearchAction"
    assert re.fullmatch(r"https?://[^/]+/search/\?q=\{search_term_string\}", action["target"])
    assert action["query-input"] == "required name=search_term_string"


def test_catalogue_index_and_promotion_pages_have_breadcrumbs(client, index):
    catalogue = CatalogueIndexPage.objects.get()
    assert crumbs(ld_blocks(client.get(catalogue.url))) == [(1, "Accueil"), (2, "Catalogue")]
    assert crumbs(ld_blocks(client.get(index.url))) == [(1, "Accueil"), (2, "Promotions")]
    promotion = PromotionPage.objects.get(slug="les-eaux-a-15")
    blocks = ld_blocks(client.get(promotion.url))
    assert [b["@type"] for b in blocks] == ["BreadcrumbList"]
    last = of_type(blocks, "BreadcrumbList")["itemListElement"][-1]
    assert last == {
        "@type": "ListItem",
        "position": 3,
        "name": promotion.title,
        "item": promotion.full_url,
    }


def test_organization_is_on_the_home_page_only_unless_a_type_is_set(client, demo_site):
    catalogue = CatalogueIndexPage.objects.get()
    assert of_type(ld_blocks(client.get(catalogue.url)), "Organization") is None
    seo = SeoSettings.for_site(demo_site)
    seo.struct_org_type = "WholesaleStore"
    seo.struct_org_extra_json = "{not json"  # an editor's typo must not break pages
    seo.save()
    organization = of_type(ld_blocks(client.get(catalogue.url)), "WholesaleStore")
    assert organization["name"] == "Storefront Négoce"
    home_blocks = ld_blocks(client.get("/"))
    assert [b["@type"] for b in home_blocks] == ["WholesaleStore", "WebSite"]


def test_structured_data_switch_in_seo_settings_turns_everything_off(client, demo_site):
    seo = SeoSettings.for_site(demo_site)
    seo.struct_meta = False
    seo.save()
    product = ProductPage.objects.get(sku="SF-00103")
    assert ld_blocks(client.get("/")) == []
    assert ld_blocks(client.get(product.url)) == []


def test_category_page_lists_the_products_shown(client, category):
    products = [make_product(category, n) for n in range(1, 27)]
    blocks = ld_blocks(client.get(category.url))
    assert crumbs(blocks) == [(1, "Accueil"), (2, "Catalogue"), (3, category.title)]
    listing = of_type(blocks, "ItemList")
    assert listing["numberOfItems"] == 24
    first = listing["itemListElement"][0]
    assert first == {
        "@type": "ListItem",
        "position": 1,
        "url": products[0].full_url,
        "name": products[0].title,
    }
    second_page = of_type(ld_blocks(client.get(category.url + "?page=2")), "ItemList")
    assert [i["position"] for i in second_page["itemListElement"]] == [25, 26]
    assert second_page["itemListElement"][-1]["url"] == products[-1].full_url


def test_empty_category_has_no_item_list(client, category):
    blocks = ld_blocks(client.get(category.url))
    assert [b["@type"] for b in blocks] == ["BreadcrumbList"]


# -- Products ----------------------------------------------------------------------------------


@pytest.fixture
def brand():
    return Brand.objects.create(name="Marque de test")


def product_block(client, product):
    blocks = ld_blocks(client.get(product.url))
    assert crumbs(blocks)[-1][1] == product.title
    return of_type(blocks, "Product")


def test_product_with_public_prices(client, category, public_prices, brand):
    product = make_product(
        category,
        1,
        gtin="3760000001014",
        brand=brand,
        short_description="Pour les cuisines professionnelles.",
        unit_of_sale="carton",
    )
    make_price_list(
        {product: [(1, "12.5"), (10, "11.00"), (50, "10.255")]},
        valid_from=NOW - DAY,
        valid_to=NOW + 10 * DAY,
    )
    data = product_block(client, product)
    assert data["name"] == product.title and data["sku"] == "TEST-00001"
    assert data["description"] == "Pour les cuisines professionnelles."
    assert data["gtin13"] == "3760000001014"
    assert data["brand"] == {"@type": "Brand", "name": "Marque de test"}
    assert data["category"] == "Catégorie de test"
    assert data["url"] == product.full_url
    offer = data["offers"]
    assert offer["@type"] == "Offer"
    assert offer["price"] == "12.50" and offer["priceCurrency"] == "EUR"
    assert offer["availability"] == f"{SCHEMA}/InStock"
    assert offer["url"] == product.full_url
    assert offer["seller"] == {"@type": "Organization", "name": "Storefront Négoce"}
    expected_end = timezone.localtime(NOW + 10 * DAY).date().isoformat()
    assert offer["priceValidUntil"] == expected_end
    tiers = [
        (spec["eligibleQuantity"]["minValue"], spec["price"])
        for spec in offer["priceSpecification"]
    ]
    assert tiers == [(1, "12.50"), (10, "11.00"), (50, "10.26")]
    assert all(spec["@type"] == "UnitPriceSpecification" for spec in offer["priceSpecification"])
    assert all(
        spec["eligibleQuantity"]["@type"] == "QuantitativeValue"
        for spec in offer["priceSpecification"]
    )


def test_product_images_are_absolute_renditions(client, category):
    from wagtail.images import get_image_model

    from storefront.models import ProductImage

    image = get_image_model().objects.filter(title="Huile de colza").get()
    product = make_product(category, 1)
    ProductImage.objects.create(page=product, image=image, alt_text="Bouteille", sort_order=0)
    data = product_block(client, product)
    (url,) = data["image"]
    assert re.fullmatch(r"https?://[^/]+/media/images/.+\.jpg", url)


def test_a_running_offer_gives_the_discounted_price(client, category, public_prices):
    product = make_product(category, 1)
    make_price_list({product: "100.00"}, valid_from=NOW - DAY)
    make_offer(products=[product], value=Decimal("20"), valid_to=NOW + 3 * DAY)
    offer = product_block(client, product)["offers"]
    assert offer["price"] == "80.00"
    assert "priceSpecification" not in offer  # no volume tiers
    assert offer["priceValidUntil"] == timezone.localtime(NOW + 3 * DAY).date().isoformat()


@pytest.mark.parametrize(
    "availability, expected",
    [
        (Availability.IN_STOCK, "InStock"),
        (Availability.ON_ORDER, "BackOrder"),
        (Availability.OUT_OF_STOCK, "OutOfStock"),
        (Availability.DISCONTINUED, "Discontinued"),
    ],
)
def test_availability(client, category, public_prices, availability, expected):
    product = make_product(category, 1, availability=availability, lead_time_days=5)
    make_price_list({product: "3.00"}, valid_from=NOW - DAY)
    assert product_block(client, product)["offers"]["availability"] == f"{SCHEMA}/{expected}"


@pytest.mark.parametrize(
    "gtin, key",
    [("96385074", "gtin8"), ("036000291452", "gtin12"), ("10036000291459", "gtin14")],
)
def test_gtin_property_follows_its_length(client, category, gtin, key):
    data = product_block(client, make_product(category, 1, gtin=gtin))
    assert data[key] == gtin
    assert not {"gtin8", "gtin12", "gtin13", "gtin14"} - {key} & set(data)


def test_product_without_gtin_brand_or_price(client, category, public_prices):
    data = product_block(client, make_product(category, 1))
    assert not {"gtin8", "gtin12", "gtin13", "gtin14", "brand", "offers", "image"} & set(data)


@pytest.mark.parametrize("display", [PriceDisplay.CUSTOMERS, PriceDisplay.NONE])
@pytest.mark.parametrize("logged_in", [False, True])
def test_no_price_in_markup_when_anonymous_visitors_see_none(
    client, category, set_price_display, display, logged_in
):
    product = make_product(category, 1)
    make_price_list({product: "42.00"}, valid_from=NOW - DAY)
    set_price_display(display)
    if logged_in:
        client.login(username="client", password="client-demo")
        if display == PriceDisplay.CUSTOMERS:  # the customer does see the price on the page
            assert "42,00" in client.get(product.url).content.decode()
    blocks = ld_blocks(client.get(product.url))
    data = of_type(blocks, "Product")
    assert data["name"] == product.title and "offers" not in data
    text = json.dumps(blocks)
    assert "42" not in text and "price" not in text.lower()


def test_group_prices_and_offers_never_reach_json_ld(client, category, public_prices):
    chr_group = PriceGroup.objects.get(code="chr")
    product = make_product(category, 1)
    make_price_list({product: "10.00"}, valid_from=NOW - DAY)
    make_price_list(
        {product: "7.00"},
        name="Tarif CHR test",
        audience=Audience.GROUPS,
        groups=[chr_group],
        valid_from=NOW - DAY,
    )
    make_offer(
        name="CHR −50 %",
        products=[product],
        value=Decimal("50"),
        audience=Audience.GROUPS,
        groups=[chr_group],
    )
    anonymous = ld_blocks(client.get(product.url))
    client.login(username="client", password="client-demo")
    response = client.get(product.url)
    assert "3,50" in response.content.decode()  # the CHR customer sees their price on the page
    logged_in = ld_blocks(response)
    assert logged_in == anonymous
    offer = of_type(logged_in, "Product")["offers"]
    assert offer["price"] == "10.00"
    text = json.dumps(logged_in)
    assert "7.00" not in text and "3.50" not in text and "CHR" not in text


def test_demo_chr_conditions_stay_out_of_the_demo_product_markup(client, public_prices):
    # Demo: "Conditions CHR" (−8 %) covers every other product, and "Clients CHR : −10 %
    # ProNet" the ProNet brand; the JSON-LD a CHR customer gets is the anonymous one.
    product = ProductPage.objects.filter(brand__name="ProNet").order_by("pk").first()
    anonymous = ld_blocks(client.get(product.url))
    client.login(username="client", password="client-demo")
    assert ld_blocks(client.get(product.url)) == anonymous


def test_json_ld_adds_no_query_per_product(
    client, category, public_prices, django_assert_max_num_queries
):
    def count(url):
        client.get(url)  # warm caches (renditions, site root paths)
        with django_assert_max_num_queries(80) as captured:
            assert client.get(url).status_code == 200
        return len(captured.captured_queries)

    products = [make_product(category, n) for n in range(1, 4)]
    make_price_list({p: "2.00" for p in products}, valid_from=NOW - DAY)
    few = count(category.url)
    more = [make_product(category, n) for n in range(4, 25)]
    make_price_list({p: "2.00" for p in more}, name="Plus", valid_from=NOW - DAY)
    assert count(category.url) == few
    assert len(of_type(ld_blocks(client.get(category.url)), "ItemList")["itemListElement"]) == 24


def test_logged_in_customer_costs_a_fixed_number_of_extra_queries(
    client, category, public_prices, django_assert_max_num_queries
):
    """Anonymous visitors reuse the page's own quote; a customer's page asks the pricing
    function once more, for an anonymous buyer."""
    product = make_product(category, 1)
    make_price_list({product: "2.00"}, valid_from=NOW - DAY)
    client.login(username="client", password="client-demo")
    client.get(product.url)
    with django_assert_max_num_queries(80):
        assert of_type(ld_blocks(client.get(product.url)), "Product")["offers"]["price"] == "2.00"


def test_builders_are_plain_functions(category, public_prices, rf):
    product = make_product(category, 1)
    make_price_list({product: "5.00"}, valid_from=NOW - DAY)
    request = rf.get(product.url)
    request.user = AnonymousUser()
    data = structured_data.product(product, request)
    assert data["offers"]["price"] == "5.00"
    assert structured_data.breadcrumb_list(HomePage.objects.get(), request) is None
    assert [b["@type"] for b in structured_data.page_data(product, request)] == [
        "BreadcrumbList",
        "Product",
    ]
    assert structured_data.item_list([], request) is None
