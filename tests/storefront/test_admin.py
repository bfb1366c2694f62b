"""Editors' screens: every model an editor touches opens in the admin, in French."""

from html import unescape

import pytest

from promotions.models import PriceList
from storefront.models import Brand, CategoryPage, CustomerCompany, ProductPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    client.login(username="editeur", password="editeur-demo")
    return client


def test_page_editors_open(editor):
    product = ProductPage.objects.first()
    category = product.get_parent()
    for page in (product, category, category.get_parent(), product.get_site().root_page):
        response = editor.get(f"/admin/pages/{page.pk}/edit/")
        assert response.status_code == 200, page
    html = editor.get(f"/admin/pages/{product.pk}/edit/").content.decode()
    for label in ("Référence", "GTIN / EAN", "Conditionnement", "Disponibilité", "Galerie"):
        assert label in html


def test_product_can_be_added_under_a_category(editor):
    category = CategoryPage.objects.first()
    response = editor.get(f"/admin/pages/add/storefront/productpage/{category.pk}/")
    assert response.status_code == 200


def test_product_preview_renders(editor):
    product = ProductPage.objects.first()
    response = editor.get(f"/admin/pages/{product.pk}/edit/preview/")
    assert response.status_code == 200


@pytest.mark.parametrize(
    "model, url",
    [
        (PriceList, "/admin/snippets/promotions/pricelist/"),
        (Brand, "/admin/snippets/storefront/brand/"),
        (CustomerCompany, "/admin/snippets/storefront/customercompany/"),
    ],
)
def test_snippet_screens_open(editor, model, url):
    assert editor.get(url).status_code == 200
    assert editor.get(f"{url}add/").status_code == 200
    instance = model.objects.first()
    assert editor.get(f"{url}edit/{instance.pk}/").status_code == 200


def test_price_list_editor_offers_scheduling_in_paris_time(editor):
    price_list = PriceList.objects.first()
    url = f"/admin/snippets/promotions/pricelist/edit/{price_list.pk}/"
    html = unescape(editor.get(url).content.decode())
    assert "Période d'application (heure de Paris)" in html
    assert "Ligne de prix" in html


def test_site_settings_open(editor, demo_site):
    for name in ("companysettings", "navigationsettings", "shopsettings"):
        response = editor.get(f"/admin/settings/storefront/{name}/{demo_site.pk}/")
        assert response.status_code == 200, name
