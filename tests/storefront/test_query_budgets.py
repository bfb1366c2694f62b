"""Query budgets of the pages crawlers and buyers hit most (issue 7): warm, anonymous, uncached.

"Warm" means a second request: the first fills the caches every process keeps (site
settings, pricing records, private sections, facets) until something is published. The
page cache is off here (test settings), so each request renders the page.
"""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from storefront.models import ProductAttribute
from tests.conftest import make_price_list, make_product
from tests.promotions.test_offers import make_offer

pytestmark = pytest.mark.django_db

PAGE_BUDGET = 12
SEARCH_BUDGET = 10
SAVEPOINT = re.compile(r"^(SAVEPOINT|RELEASE SAVEPOINT|ROLLBACK TO SAVEPOINT) ")


@pytest.fixture
def full_category(category, public_prices):
    """A category page of 30 products with prices, an offer, attributes: 24 on the page."""
    products = []
    for number in range(1, 31):
        product = make_product(category, number, title=f"Huile de test {number}")
        ProductAttribute.objects.create(
            page=product, name="Volume", value=str(number % 3), unit="L"
        )
        products.append(product)
    make_price_list(
        {product: Decimal("12.50") for product in products},
        valid_from=timezone.now() - timedelta(days=1),
    )
    make_offer(name="Offre budget", value=Decimal("10"), products=products[:5])
    return category, products


def warm_get(client, url, assert_max):
    # Twice: a first view may create a missing site setting, which starts a new generation.
    client.get(url)
    client.get(url)
    with assert_max:
        response = client.get(url)
    assert response.status_code == 200
    return response


def test_home_page_budget(client, demo_site, public_prices, django_assert_max_num_queries):
    warm_get(client, "/", django_assert_max_num_queries(PAGE_BUDGET))


def test_category_page_budget(client, full_category, django_assert_max_num_queries):
    category, _ = full_category
    html = warm_get(
        client, category.url, django_assert_max_num_queries(PAGE_BUDGET)
    ).content.decode()
    assert html.count('class="card product-card"') == 24
    assert "En promotion" in html  # the offer facet is there


def test_product_page_budget(client, full_category, django_assert_max_num_queries):
    _, products = full_category
    html = warm_get(
        client, products[0].url, django_assert_max_num_queries(PAGE_BUDGET)
    ).content.decode()
    assert "12,50" in html or "11,25" in html  # a price is shown


def test_search_budget(client, full_category):
    url = "/search/?q=huile"
    client.get(url)
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        html = client.get(url).content.decode()
    # The search protects its statements with savepoints only inside a transaction, which
    # requests in production never are (autocommit) and tests always are.
    statements = [q["sql"] for q in captured if not SAVEPOINT.match(q["sql"])]
    assert len(statements) <= SEARCH_BUDGET, "\n".join(statements)
    assert "Huile de test" in html


def test_a_category_page_read_again_reads_no_page_rows(client, full_category):
    """The page, its listing and its count are kept until something is published: only the
    prices (which change on their own at any instant) are read again."""
    category, products = full_category
    client.get(category.url)
    client.get(category.url)
    with CaptureQueriesContext(connection) as captured:
        html = client.get(category.url).content.decode()
    # Wagtail's own privacy check (view restrictions of the page's path) still runs.
    pages_read = [
        q["sql"]
        for q in captured
        if 'FROM "wagtailcore_page"' in q["sql"] or "storefront_productpage" in q["sql"]
    ]
    assert pages_read == []
    assert html.count('class="card product-card"') == 24
    # Publishing retires them: a new product is listed at once.
    make_product(category, 99, title="Huile de test nouvelle").save_revision().publish()
    assert "Huile de test nouvelle" in client.get(f"{category.url}?page=2").content.decode()


def test_a_search_asked_again_reads_no_index(client, full_category):
    category, _ = full_category
    url = "/search/?q=huile"
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert "Huile de test" in client.get(url).content.decode()
    assert not [q for q in captured if "wagtailsearch_indexentry" in q["sql"]]
    make_product(
        category, 99, title="Huile nouvelle introuvable ailleurs"
    ).save_revision().publish()
    assert "Huile nouvelle introuvable" in client.get("/search/?q=introuvable").content.decode()
    # Found by the query asked before too, on one of its two pages (in rank order).
    pages = [client.get(f"{url}&page={number}").content.decode() for number in (1, 2)]
    assert any("Huile nouvelle introuvable" in html for html in pages)
