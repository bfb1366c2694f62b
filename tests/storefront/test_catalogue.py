"""Catalogue pages: page-type rules, validation, prices in HTML, facets, query budgets."""

import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from promotions.models import PriceDisplay
from storefront.models import (
    Availability,
    Brand,
    CatalogueIndexPage,
    CategoryPage,
    HomePage,
    ProductAttribute,
    ProductPage,
)
from tests.conftest import make_price_list, make_product

pytestmark = pytest.mark.django_db

EURO_AMOUNT = re.compile(r"\d+,\d\d\s?€")


def test_page_type_rules(category):
    home = HomePage.objects.get()
    catalogue = CatalogueIndexPage.objects.get()
    assert CatalogueIndexPage.can_create_at(home) is False  # max_count 1, already there
    assert CategoryPage.can_create_at(catalogue)
    assert CategoryPage.can_create_at(category)
    assert not CategoryPage.can_create_at(home)
    assert ProductPage.can_create_at(category)
    assert not ProductPage.can_create_at(catalogue)
    assert not ProductPage.can_create_at(home)
    product = make_product(category, 1)
    assert not CategoryPage.can_create_at(product)


def test_admin_refuses_a_product_outside_a_category(admin_client):
    home = HomePage.objects.get()
    response = admin_client.get(f"/admin/pages/add/storefront/productpage/{home.pk}/")
    assert response.status_code in (302, 403)


@pytest.mark.parametrize("sku", ["", "a b", "ref avec espace", "X"])
def test_invalid_sku_is_refused(category, sku):
    product = ProductPage(title="Test", slug="test", sku=sku)
    with pytest.raises(ValidationError) as error:
        product.full_clean()
    assert "sku" in error.value.message_dict


def test_gtin_checksum(category):
    product = ProductPage(title="Test", slug="test", sku="OK-1", gtin="3760000001015")
    with pytest.raises(ValidationError, match="Clé de contrôle"):
        product.clean_fields()
    product.gtin = "3760000001014"
    product.clean_fields(exclude=["path", "depth", "content_type"])


def test_sku_is_normalised_to_upper_case(category):
    product = ProductPage(title="Test", slug="test", sku=" ab-12 ")
    product.clean()
    assert product.sku == "AB-12"


def _priced_product(category, number=1, price="7531.86", **fields):
    product = make_product(category, number, **fields)
    make_price_list({product: price}, valid_from=timezone.now() - timedelta(days=1))
    return product


def test_product_page_shows_price_the_french_way(client, category, public_prices):
    product = _priced_product(category)
    html = client.get(product.url).content.decode()
    assert "7\u00a0531,86\u00a0€\u00a0HT" in html
    assert "TEST-00001" in html


def test_customer_only_prices_leave_no_figure_for_anonymous_visitors(
    client, category, set_price_display
):
    set_price_display(PriceDisplay.CUSTOMERS)
    product = _priced_product(category)
    for url in (product.url, category.url):
        html = client.get(url).content.decode()
        assert "Connectez-vous pour voir vos prix" in html
        assert not EURO_AMOUNT.search(html), url
        assert "7531" not in html and "7\u00a0531" not in html


def test_customer_sees_prices_once_logged_in(client, category, set_price_display):
    set_price_display(PriceDisplay.CUSTOMERS)
    product = _priced_product(category)
    client.login(username="client", password="client-demo")
    for url in (product.url, category.url):
        assert "7\u00a0531,86\u00a0€" in client.get(url).content.decode()


def test_quote_only_policy_shows_no_price_to_customers(client, category, set_price_display):
    set_price_display(PriceDisplay.NONE)
    product = _priced_product(category)
    client.login(username="client", password="client-demo")
    html = client.get(product.url).content.decode()
    assert "Sur devis" in html and not EURO_AMOUNT.search(html)


def test_discontinued_product_stays_reachable_with_its_replacement(client, category):
    replacement = make_product(category, 2, title="Nouveau modèle")
    old = make_product(category, 1, availability=Availability.DISCONTINUED, replacement=replacement)
    response = client.get(old.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "n'est plus commercialisé" in html
    assert replacement.url in html


def test_category_lists_subtree_products_with_facet_counts(client, category):
    brand_a = Brand.objects.create(name="Alpha")
    brand_b = Brand.objects.create(name="Bêta")
    sub = CategoryPage(title="Sous-catégorie", slug="sous")
    category.add_child(instance=sub)
    specs = [
        (category, brand_a, Availability.IN_STOCK, "Inox"),
        (category, brand_a, Availability.IN_STOCK, "Aluminium"),
        (sub, brand_b, Availability.OUT_OF_STOCK, "Inox"),
    ]
    for number, (parent, brand, availability, material) in enumerate(specs, start=1):
        product = make_product(parent, number, brand=brand, availability=availability)
        ProductAttribute.objects.create(page=product, name="Matière", value=material)

    response = client.get(category.url)
    context = response.context
    assert context["page_obj"].paginator.count == 3
    brands = {f.label: f.count for f in context["facets"]["brands"]}
    assert brands == {"Alpha": 2, "Bêta": 1}
    availability = {f.value: f.count for f in context["facets"]["availability"]}
    assert availability == {"in_stock": 2, "out_of_stock": 1}
    materials = {f.label: f.count for f in context["facets"]["attributes"]["Matière"]}
    assert materials == {"Inox": 2, "Aluminium": 1}

    filtered = client.get(category.url, {"attr": "Matière:Inox"}).context
    assert filtered["page_obj"].paginator.count == 2
    # Counts within the selected attribute ignore its own selection (OR within an attribute).
    materials = {f.label: f.count for f in filtered["facets"]["attributes"]["Matière"]}
    assert materials == {"Inox": 2, "Aluminium": 1}
    assert {f.label: f.count for f in filtered["facets"]["brands"]} == {"Alpha": 1, "Bêta": 1}

    both = client.get(category.url, {"attr": "Matière:Inox", "marque": brand_b.slug}).context
    assert [card.product.sku for card in both["cards"]] == ["TEST-00003"]


def test_filtered_listing_is_noindex_and_canonical_has_no_parameters(client, category):
    make_product(category, 1)
    plain = client.get(category.url).content.decode()
    assert 'content="noindex' not in plain
    filtered = client.get(category.url, {"dispo": "in_stock"}).content.decode()
    assert '<meta name="robots" content="noindex, follow">' in filtered
    assert f'rel="canonical" href="http://localhost{category.url}"' in filtered


def test_sort_by_price_for_visitors_who_see_prices(client, category, public_prices):
    prices = {"3.00": 1, "1.00": 2, "2.00": 3}
    for price, number in prices.items():
        _priced_product(category, number, price=price)
    cards = client.get(category.url, {"tri": "prix"}).context["cards"]
    assert [card.quote.unit_price for card in cards] == sorted(
        card.quote.unit_price for card in cards
    )


def test_pagination_24_per_page(client, category):
    for number in range(1, 27):
        make_product(category, number)
    first = client.get(category.url).context
    assert len(first["cards"]) == 24
    second = client.get(category.url, {"page": 2})
    assert len(second.context["cards"]) == 2
    assert 'content="noindex' in second.content.decode()


def _count_queries(client, url, django_assert_max_num_queries, budget):
    client.get(url)  # warm the per-process caches (site root paths, content types)
    with django_assert_max_num_queries(budget) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("logged_in", [False, True])
def test_query_budget_does_not_grow_with_products(
    client, category, public_prices, django_assert_max_num_queries, logged_in
):
    if logged_in:
        client.login(username="client", password="client-demo")
    products = [make_product(category, n) for n in range(1, 11)]
    make_price_list({p: "2.00" for p in products}, valid_from=timezone.now() - timedelta(1))
    for product in products:
        ProductAttribute.objects.create(page=product, name="Matière", value="Inox")
    # The ceiling is loose (routing, site settings, wagtail-seo); what matters is below:
    # the count is the same with 10 and with 200 products.
    small_category = _count_queries(client, category.url, django_assert_max_num_queries, 60)
    small_product = _count_queries(client, products[0].url, django_assert_max_num_queries, 60)

    more = [make_product(category, n) for n in range(11, 201)]
    make_price_list(
        {p: "3.00" for p in more}, name="Plus", valid_from=timezone.now() - timedelta(1)
    )
    for product in more:
        ProductAttribute.objects.create(page=product, name="Matière", value="Alu")
    assert (
        _count_queries(client, category.url, django_assert_max_num_queries, small_category)
        == small_category
    )
    assert (
        _count_queries(client, products[0].url, django_assert_max_num_queries, small_product)
        == small_product
    )


def test_noindex_page_and_private_page_carry_robots_noindex(client, category):
    product = make_product(category, 1, noindex=True)
    assert '<meta name="robots" content="noindex">' in client.get(product.url).content.decode()
    other = make_product(category, 2)
    assert 'content="noindex' not in client.get(other.url).content.decode()


def filter_form(html):
    return re.search(r'<form class="facets".*?</form>', html, re.S)[0]


def test_category_filters_keep_the_sort_and_clear_to_the_category(client, category):
    make_product(category, 1, availability=Availability.IN_STOCK)
    form = filter_form(client.get(category.url, {"tri": "nouveautes"}).content.decode())
    assert "action=" not in form.split(">")[0]  # sent to the category itself
    assert '<input type="hidden" name="tri" value="nouveautes">' in form
    assert "Effacer les filtres" not in form
    form = filter_form(client.get(category.url, {"dispo": "in_stock"}).content.decode())
    assert f'<a href="{category.url}">Effacer les filtres</a>' in form
