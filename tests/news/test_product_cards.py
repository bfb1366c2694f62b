"""Product cards inside news: each visitor's own prices, one pricing call per page."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from promotions.models import Audience, PriceDisplay
from storefront import pricing_context
from storefront.models import PriceGroup
from tests.conftest import make_price_list, make_product
from tests.news.conftest import make_news

pytestmark = pytest.mark.django_db

SINCE_YESTERDAY = timezone.now() - timedelta(days=1)


def cards_block(*products, title="Nos produits"):
    return {"type": "products", "value": {"title": title, "products": [p.pk for p in products]}}


@pytest.fixture
def products(category):
    products = [make_product(category, number) for number in range(1, 6)]
    for product in products:
        product.save_revision().publish()
    make_price_list(
        {product: f"{10 + index}.50" for index, product in enumerate(products)},
        valid_from=SINCE_YESTERDAY,
    )
    return products


@pytest.fixture
def news_with_cards(news_index, products):
    return make_news(news_index, "Nos produits du mois", body=[cards_block(products[0])])


def test_anonymous_visitors_see_public_prices(client, news_with_cards, public_prices):
    html = client.get(news_with_cards.url).content.decode()
    assert "Nos produits" in html
    assert "Produit 0001" in html
    assert "10,50" in html


def test_no_price_when_prices_are_not_shown(client, news_with_cards, set_price_display):
    set_price_display(PriceDisplay.NONE)
    html = client.get(news_with_cards.url).content.decode()
    assert "Produit 0001" in html
    assert "10,50" not in html
    assert "Sur devis" in html


def test_customers_see_their_own_price(client, news_with_cards, products, set_price_display):
    set_price_display(PriceDisplay.CUSTOMERS)
    make_price_list(
        {products[0]: "8.00"},
        name="Tarif CHR",
        audience=Audience.GROUPS,
        groups=PriceGroup.objects.filter(code="chr"),
        valid_from=SINCE_YESTERDAY,
    )
    anonymous = client.get(news_with_cards.url).content.decode()
    assert "Connectez-vous pour voir vos prix" in anonymous
    assert "10,50" not in anonymous and "8,00" not in anonymous
    client.login(username="client", password="client-demo")
    customer = client.get(news_with_cards.url).content.decode()
    assert "8,00" in customer and "10,50" not in customer


def test_unpublished_products_are_left_out(client, news_index, products, public_prices):
    products[1].unpublish()
    page = make_news(news_index, "Sélection", body=[cards_block(products[0], products[1])])
    html = client.get(page.url).content.decode()
    assert "Produit 0001" in html and "Produit 0002" not in html


def test_one_pricing_call_for_every_card_of_the_page(
    client, news_index, products, public_prices, monkeypatch
):
    calls = []
    quote_many = pricing_context.quote_many

    def counting(products, *args, **kwargs):
        calls.append([p.pk for p in products])
        return quote_many(products, *args, **kwargs)

    monkeypatch.setattr(pricing_context, "quote_many", counting)
    body = [cards_block(*products[:2]), {"type": "text", "value": "<p>Et aussi</p>"}]
    body.append(cards_block(*products[2:], title="Autres produits"))
    page = make_news(news_index, "Deux sélections", body=body)
    html = client.get(page.url).content.decode()
    assert all(f"{10 + index},50" in html for index in range(5))
    assert len(calls) == 1 and sorted(calls[0]) == sorted(p.pk for p in products)


def page_queries(client, page):
    client.get(page.url)  # warm: renditions, site root paths
    with CaptureQueriesContext(connection) as captured:
        assert client.get(page.url).status_code == 200
    return len(captured)


def test_queries_do_not_grow_with_the_number_of_cards(client, news_index, products, public_prices):
    one = make_news(news_index, "Un produit", body=[cards_block(products[0])])
    five = make_news(
        news_index, "Cinq produits", body=[cards_block(*products[:2]), cards_block(*products[2:])]
    )
    assert page_queries(client, five) == page_queries(client, one)
