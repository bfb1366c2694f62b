"""A reference typed in lower case in the product editor is stored in upper case, as the
import stores it, and a reference already taken is refused in French, whatever its case."""

from html import unescape

import pytest
from django.utils.text import slugify
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from storefront.models import ProductPage
from tests.conftest import make_product

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    client.login(username="editeur", password="editeur-demo")
    return client


def product_form(title, sku, **fields):
    data = {
        "title": title,
        "slug": slugify(title),
        "sku": sku,
        "gtin": "",
        "short_description": "",
        "description": streamfield([]),
        "unit_of_sale": "pièce",
        "packaging": "",
        "min_order_quantity": "1",
        "order_multiple": "1",
        "availability": "in_stock",
        "lead_time_days": "",
        "tags": "",
        "seo_title": "",
        "search_description": "",
        "canonical_url": "",
        "gallery_images": inline_formset([]),
        "attributes": inline_formset([]),
        "documents": inline_formset([]),
        "related_products": inline_formset([]),
        **fields,
    }
    return nested_form_data(data)


def add_product(editor, category, title, sku):
    url = f"/admin/pages/add/storefront/productpage/{category.pk}/"
    return editor.post(url, product_form(title, sku))


def test_lower_case_sku_is_stored_in_upper_case_on_creation(editor, category):
    response = add_product(editor, category, "Bac gastro inox", " sf-00901 ")
    assert response.status_code == 302, unescape(response.content.decode())[:2000]
    product = ProductPage.objects.get(title="Bac gastro inox")
    assert product.sku == "SF-00901"


def test_lower_case_sku_is_stored_in_upper_case_on_edit(editor, category):
    product = make_product(category, 902, title="Plaque à pâtisserie")
    response = editor.post(
        f"/admin/pages/{product.pk}/edit/",
        product_form(product.title, "test-ab.12"),
    )
    assert response.status_code == 302, unescape(response.content.decode())[:2000]
    product.refresh_from_db()
    # A plain save keeps a draft: the live row keeps the old reference until publication,
    # the draft holds the normalised one.
    assert product.get_latest_revision_as_object().sku == "TEST-AB.12"


@pytest.mark.parametrize("typed", ["test-00903", "TEST-00903", " Test-00903"])
def test_a_taken_sku_is_refused_in_french_whatever_its_case(editor, category, typed):
    taken = make_product(category, 903, title="Louche inox")
    response = add_product(editor, category, "Louche inox bis", typed)
    assert response.status_code == 200  # the form again, with the error
    html = unescape(response.content.decode())
    assert f"La référence TEST-00903 est déjà celle du produit « {taken.title} »." in html
    assert not ProductPage.objects.filter(title="Louche inox bis").exists()
    # What the editor typed stays in the form.
    assert 'value="Louche inox bis"' in html


def test_editing_a_product_keeps_its_own_sku(editor, category):
    product = make_product(category, 904, title="Écumoire")
    response = editor.post(
        f"/admin/pages/{product.pk}/edit/",
        product_form(product.title, "test-00904", **{"action-publish": "1"}),
    )
    assert response.status_code == 302, unescape(response.content.decode())[:2000]
    product.refresh_from_db()
    assert product.sku == "TEST-00904"


def test_an_invalid_sku_is_still_refused_after_normalising(editor, category):
    response = add_product(editor, category, "Sans référence valable", "sf 00905")
    assert response.status_code == 200
    assert "Référence invalide" in unescape(response.content.decode())
    assert not ProductPage.objects.filter(title="Sans référence valable").exists()


def test_copying_a_product_is_refused_in_french(editor, category):
    product = make_product(category, 906, title="Passoire inox")
    for request in (editor.get, editor.post):
        data = {"new_title": "Passoire bis", "new_slug": "passoire-bis"}
        response = request(f"/admin/pages/{product.pk}/copy/", data, follow=True)
        assert response.status_code == 200
        assert "Un produit ne se copie pas : sa référence doit rester unique." in unescape(
            response.content.decode()
        )
    assert not ProductPage.objects.filter(title="Passoire bis").exists()


def test_a_category_copies_without_its_products_only(editor, category):
    make_product(category, 907, title="Chinois inox")
    catalogue = category.get_parent()
    data = {
        "new_title": "Catégorie copiée",
        "new_slug": "categorie-copiee",
        "new_parent_page": catalogue.pk,
        "copy_subpages": "on",
    }
    response = editor.post(f"/admin/pages/{category.pk}/copy/", data)
    assert response.status_code == 200
    assert "Les produits ne se copient pas" in unescape(response.content.decode())
    assert ProductPage.objects.filter(title="Chinois inox").count() == 1

    del data["copy_subpages"]
    response = editor.post(f"/admin/pages/{category.pk}/copy/", data)
    assert response.status_code == 302
    copy = catalogue.get_children().get(slug="categorie-copiee")
    assert not copy.get_children().exists()
