"""What a buyer's phone needs from the HTML (issue 13, item 8): the layout itself is CSS,
checked in a browser by tests/e2e/test_phone.py; these check the markup it relies on."""

import pytest
from bs4 import BeautifulSoup
from PIL import Image as PILImage

from storefront.models import CategoryPage, HomePage, ProductPage

pytestmark = pytest.mark.django_db

CATEGORY = "/catalogue/epicerie/huiles-et-vinaigres/"


def soup(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_category_filters_fold_and_say_how_many_are_chosen(client, demo_site):
    filters = soup(client, CATEGORY).select_one("details.filters")
    # Folded (no « open »): on a phone the first products come before the filters' values.
    assert filters is not None and not filters.has_attr("open")
    assert filters.summary.get_text(" ", strip=True) == "Filtrer"
    assert filters.find("form", class_="facets").find("input", type="checkbox")

    chosen = soup(client, CATEGORY, marque="maison-lucas", dispo=["in_stock", "out_of_stock"])
    toggle = chosen.select_one("details.filters > summary")
    assert toggle.get_text(" ", strip=True).startswith("Filtrer (3)")
    assert "3 choix en cours" in toggle.get_text()


def test_search_filters_fold_too(client, demo_site):
    filters = soup(client, "/search/", q="huile").select_one("details.filters")
    assert filters is not None and not filters.has_attr("open")
    assert filters.find("form", class_="facets")


def test_product_page_puts_the_buy_box_before_the_pictures(client, demo_site, public_prices):
    product = ProductPage.objects.live().get(slug="huile-de-tournesol")
    page = soup(client, product.url)
    top = page.select_one(".product__top")
    parts = [child["class"][0] for child in top.find_all(recursive=False)]
    assert parts == ["product__buy", "product__gallery", "product__details"]
    buy = top.select_one(".product__buy")
    assert buy.h1.get_text(strip=True) == product.title
    assert "9,90\xa0€\xa0HT" in buy.select_one(".price").get_text()
    assert buy.select_one(".availability").get_text(strip=True) == "En stock"
    assert buy.find("a", string="Demander un devis")["href"].startswith("/devis/?ref=SF-00101")
    # The name comes before any picture in reading order.
    assert page.find(["h1", "img"]).name == "h1"


def test_demo_hero_picture_has_no_lettering(demo_site):
    """The hero block writes its headline over its picture; words drawn in the picture itself
    showed under the headline."""
    hero = next(block for block in HomePage.objects.get().body if block.block_type == "hero")
    with hero.value["image"].file.open() as file:
        picture = PILImage.open(file).convert("L")
    # The demo draws its labels in white on gradients of at most 227 in every channel.
    lightest = picture.getextrema()[1]
    assert lightest < 240, f"white lettering in the hero picture (lightest pixel {lightest})"


def test_category_pictures_keep_their_labels(demo_site):
    category = CategoryPage.objects.get(slug="epicerie")
    with category.image.file.open() as file:
        assert PILImage.open(file).convert("L").getextrema()[1] >= 240
