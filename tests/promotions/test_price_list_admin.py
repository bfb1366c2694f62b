"""The price list editor refuses volume tiers without a base price, in French."""

from datetime import timedelta
from html import unescape

import pytest
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from promotions.models import PriceList
from tests.conftest import make_product

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/snippets/promotions/pricelist/add/"
NAME = "Tarif paliers 2027"


@pytest.fixture
def editor(client):
    client.login(username="editeur", password="editeur-demo")
    return client


@pytest.fixture
def products(category):
    return make_product(category, 1), make_product(category, 2)


def line(product, min_quantity, unit_price, delete=False):
    data = {"product": product.pk, "min_quantity": min_quantity, "unit_price": unit_price}
    if delete:
        data["DELETE"] = "on"
    return data


def post_list(editor, lines, publish=False):
    start = timezone.localtime(timezone.now() - timedelta(days=1))
    data = nested_form_data(
        {
            "name": NAME,
            "audience": "public",
            "valid_from": start.strftime("%Y-%m-%d %H:%M"),
            "valid_to": "",
            "notes": "",
            "lines": inline_formset(lines),
        }
    )
    if publish:
        data["action-publish"] = "action-publish"
    return editor.post(ADD_URL, data)


@pytest.mark.parametrize("publish", [False, True])
def test_tiers_without_a_base_price_are_refused(editor, products, publish):
    first, _ = products
    response = post_list(
        editor, [line(first, 10, "9.50"), line(first, 50, "9.00")], publish=publish
    )
    assert response.status_code == 200  # the form again, nothing saved
    html = unescape(response.content.decode())
    assert (
        f"Le produit « {first.title} » (réf. {first.sku}) a des prix dégressifs sans prix de "
        "base : ajoutez une ligne « À partir de 1 » pour ce produit." in html
    )
    assert not PriceList.objects.filter(name=NAME).exists()
    # Nothing the editor typed is lost.
    assert 'value="9.50"' in html and 'value="50"' in html


def test_each_product_needs_its_own_base_price(editor, products):
    first, second = products
    response = post_list(
        editor, [line(first, 1, "10.00"), line(first, 10, "9.50"), line(second, 10, "4.00")]
    )
    html = unescape(response.content.decode())
    assert f"« {second.title} » (réf. {second.sku}) a des prix dégressifs" in html
    assert f"« {first.title} » (réf. {first.sku}) a des prix dégressifs" not in html
    assert not PriceList.objects.filter(name=NAME).exists()


def test_a_deleted_base_line_does_not_count(editor, products):
    first, _ = products
    response = post_list(editor, [line(first, 1, "10.00", delete=True), line(first, 10, "9.50")])
    assert "a des prix dégressifs sans prix de base" in unescape(response.content.decode())
    assert not PriceList.objects.filter(name=NAME).exists()


def test_tiers_with_their_base_price_are_saved(editor, products):
    first, second = products
    response = post_list(
        editor,
        [line(first, 1, "10.00"), line(first, 10, "9.50"), line(second, 1, "4.00")],
        publish=True,
    )
    assert response.status_code == 302
    price_list = PriceList.objects.get(name=NAME)
    assert price_list.live
    assert sorted(price_list.lines.values_list("product_id", "min_quantity")) == [
        (first.pk, 1),
        (first.pk, 10),
        (second.pk, 1),
    ]


def test_a_deleted_line_with_errors_does_not_hide_the_check(editor, products):
    first, _ = products
    response = post_list(
        editor, [line(first, 10, "9.50"), line(first, 1, "pas un prix", delete=True)]
    )
    assert "a des prix dégressifs sans prix de base" in unescape(response.content.decode())
    assert not PriceList.objects.filter(name=NAME).exists()
