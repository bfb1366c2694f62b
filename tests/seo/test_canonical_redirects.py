"""Canonical URLs are absolute on the Site's address; a changed slug leaves a 301 behind."""

import re

import pytest
from wagtail.contrib.redirects.models import Redirect

from storefront.models import CategoryPage, ProductPage
from tests.conftest import make_product

pytestmark = pytest.mark.django_db

CANONICAL = re.compile(r'<link rel="canonical" href="([^"]*)"')


def canonical(client, url):
    response = client.get(url)
    assert response.status_code == 200
    (href,) = CANONICAL.findall(response.content.decode())
    return href


@pytest.mark.parametrize(
    "model, lookup", [(ProductPage, {"sku": "SF-00101"}), (CategoryPage, {"title": "Eaux"})]
)
def test_canonical_url_is_absolute_on_the_site_address(client, model, lookup):
    page = model.objects.get(**lookup)
    # The demo Site is http://localhost; the test client calls itself "testserver".
    assert canonical(client, page.url) == f"http://localhost{page.url}"


def test_canonical_url_follows_the_site_scheme_and_host(client, demo_site):
    page = ProductPage.objects.get(sku="SF-00101")
    demo_site.hostname, demo_site.port = "www.negoce.example", 443
    demo_site.save()
    assert canonical(client, page.url) == f"https://www.negoce.example{page.url}"


def test_a_filled_canonical_url_wins(client):
    page = ProductPage.objects.get(sku="SF-00101")
    ProductPage.objects.filter(pk=page.pk).update(
        canonical_url="https://www.fabricant.example/huile-tournesol"
    )
    assert canonical(client, page.url) == "https://www.fabricant.example/huile-tournesol"


@pytest.fixture
def publish_with_slug(django_capture_on_commit_callbacks):
    def publish(page, slug):
        # As the editor does: a fresh copy, a new slug, a published revision. Wagtail creates
        # the redirects once the transaction commits, which tests only simulate.
        page = type(page).objects.get(pk=page.pk)
        page.slug = slug
        with django_capture_on_commit_callbacks(execute=True):
            page.save_revision().publish()
        page.refresh_from_db()
        return page

    return publish


def assert_moved(client, old_url, new_url):
    response = client.get(old_url)
    assert response.status_code == 301, (old_url, response.status_code)
    assert response["Location"].endswith(new_url)
    assert client.get(new_url).status_code == 200


def test_renaming_a_category_redirects_it_and_its_products(client, category, publish_with_slug):
    category.save_revision().publish()
    product = make_product(category, 1)
    product.save_revision().publish()
    old_category_url, old_product_url = category.url, product.url
    category = publish_with_slug(category, "categorie-renommee")
    assert category.url == "/catalogue/categorie-renommee/"
    assert_moved(client, old_category_url, category.url)
    assert_moved(client, old_product_url, "/catalogue/categorie-renommee/produit-0001/")
    assert Redirect.objects.filter(old_path=old_category_url.rstrip("/")).exists()


def test_renaming_a_product_redirects_its_old_url(client, publish_with_slug):
    product = ProductPage.objects.get(sku="SF-00101")
    old_url = product.url
    product = publish_with_slug(product, "huile-de-tournesol-5-l")
    assert old_url != product.url
    assert_moved(client, old_url, product.url)
