"""Page serving: the direct route by URL path answers exactly as Wagtail's routing would."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from storefront.models import CategoryPage
from tests.conftest import make_product

pytestmark = pytest.mark.django_db


def test_a_moved_product_is_served_at_its_new_address_only(client, category):
    product = make_product(category, 1)
    old_url = product.url
    assert client.get(old_url).status_code == 200  # the route is now remembered
    other = CategoryPage(title="Autre rayon", slug="autre-rayon")
    category.get_parent().add_child(instance=other)
    product.move(other, pos="last-child")
    product.refresh_from_db()
    # Not the remembered route: Wagtail's automatic redirect to the new address.
    response = client.get(old_url)
    assert response.status_code == 301 and response["Location"] == product.url
    assert client.get(product.url).status_code == 200


def test_an_unpublished_product_is_a_404_even_once_remembered(client, category):
    product = make_product(category, 1)
    assert client.get(product.url).status_code == 200
    product.unpublish()
    response = client.get(product.url)
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()


def test_page_privacy_still_applies(client, category):
    product = make_product(category, 1)
    assert client.get(product.url).status_code == 200
    PageViewRestriction.objects.create(page=category, restriction_type=PageViewRestriction.LOGIN)
    response = client.get(product.url)
    assert response.status_code == 302 and "/login" in response["Location"]
    client.login(username="client", password="client-demo")
    html = client.get(product.url).content.decode()
    assert '<meta name="robots" content="noindex">' in html


def test_product_page_routes_in_one_query_whatever_its_depth(client, category):
    deep = category
    for level in range(4):
        child = CategoryPage(title=f"Niveau {level}", slug=f"niveau-{level}")
        deep.add_child(instance=child)
        deep = child
    shallow_product = make_product(category, 1)
    deep_product = make_product(deep, 2)
    client.get(shallow_product.url)
    client.get(deep_product.url)

    counts = []
    for product in (shallow_product, deep_product):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(product.url).status_code == 200
        counts.append(len(queries))
    # Breadcrumbs are one query whatever their length; routing must not add one per level.
    assert counts[0] == counts[1]
