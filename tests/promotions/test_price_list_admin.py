"""The price list editor: volume tiers need a base price; prices typed the French way."""

from datetime import timedelta
from decimal import Decimal
from html import unescape

import pytest
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from promotions.models import Offer, PriceList
from tests.conftest import make_price_list, make_product
from tests.promotions.test_offer_admin import offer_form

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


# Issue 13, item 2: prices typed the French way, and a warning before a price far off.


@pytest.mark.parametrize("typed", ["12,40", "12.40", " 12,4 ", "12,4000"])
def test_a_price_typed_with_a_comma_or_a_point_is_saved_as_such(editor, products, typed):
    first, _ = products
    response = post_list(editor, [line(first, 1, typed)], publish=True)
    assert response.status_code == 302
    assert PriceList.objects.get(name=NAME).lines.get().unit_price == Decimal("12.40")


def test_thousands_typed_with_spaces_are_read_as_thousands(editor, products):
    first, _ = products
    response = post_list(editor, [line(first, 1, "1\u202f234,50")])
    assert response.status_code == 302
    assert PriceList.objects.get(name=NAME).lines.get().unit_price == Decimal("1234.50")


@pytest.mark.parametrize("typed", ["1.234,50", "1,234.50", "12,40,1", "12 €"])
def test_an_ambiguous_price_is_refused_not_guessed(editor, products, typed):
    first, _ = products
    response = post_list(editor, [line(first, 1, typed)])
    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert f"« {typed} » : écrivez le nombre avec une seule virgule" in html
    assert not PriceList.objects.filter(name=NAME).exists()


def test_the_price_box_takes_a_comma_and_says_euros_excluding_vat(editor, products):
    first, _ = products
    price_list = make_price_list({first: Decimal("12.4")}, name="Tarif affiché")
    response = editor.get(f"/admin/snippets/promotions/pricelist/edit/{price_list.pk}/")
    html = unescape(response.content.decode())
    # A text box (a number box turns « 12,40 » into 1240), the stored price the French way.
    assert 'type="text" name="lines-0-unit_price" value="12,40" inputmode="decimal"' in html
    assert '<span class="decimal-input__suffix">€ HT</span>' in html


def post_public_price(editor, product, price, **extra):
    start = timezone.localtime(timezone.now() - timedelta(minutes=5))
    data = nested_form_data(
        {
            "name": NAME,
            "audience": "public",
            "valid_from": start.strftime("%Y-%m-%d %H:%M"),
            "valid_to": "",
            "notes": "",
            "lines": inline_formset([line(product, 1, price)]),
        }
    )
    data["action-publish"] = "action-publish"
    data.update(extra)
    return editor.post(ADD_URL, data)


@pytest.fixture
def priced(products):
    first, _ = products
    make_price_list(
        {first: Decimal("12.40")},
        name="Tarif en vigueur",
        valid_from=timezone.now() - timedelta(days=10),
    )
    return first


def test_a_price_far_from_the_one_in_force_is_not_saved_without_confirmation(editor, priced):
    response = post_public_price(editor, priced, "1240")
    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert "Ces prix changent de plus de 50 % par rapport au prix en vigueur" in html
    assert (
        f"« {priced.title} » (réf. {priced.sku}), à partir de 1 : 1240,00 € HT au lieu de "
        "12,40 € HT (+9900 %)" in html
    )
    assert 'name="confirm_prices"' in html  # the box to confirm, shown now
    assert not PriceList.objects.filter(name=NAME).exists()

    confirmed = post_public_price(editor, priced, "1240", confirm_prices="on")
    assert confirmed.status_code == 302
    assert PriceList.objects.get(name=NAME).lines.get().unit_price == Decimal("1240")


def test_a_price_cut_by_more_than_half_is_also_confirmed(editor, priced):
    response = post_public_price(editor, priced, "1,24")
    assert "1,24 € HT au lieu de 12,40 € HT (-90 %)" in unescape(response.content.decode())
    assert not PriceList.objects.filter(name=NAME).exists()


def test_an_ordinary_price_change_needs_no_confirmation(editor, priced):
    response = post_public_price(editor, priced, "14,90")
    assert response.status_code == 302
    assert PriceList.objects.get(name=NAME).live


def test_the_confirmation_box_is_hidden_while_nothing_is_off(editor, priced):
    html = editor.get(ADD_URL).content.decode()
    assert 'name="confirm_prices"' not in html


def test_an_offer_value_typed_with_a_comma_is_saved(editor):
    start = timezone.localtime(timezone.now() + timedelta(days=1))
    data = offer_form(
        name="Remise virgule", value="12,5", valid_from=start.strftime("%Y-%m-%d %H:%M")
    )
    response = editor.post("/admin/snippets/promotions/offer/add/", data)
    assert response.status_code == 302
    assert Offer.objects.get(name="Remise virgule").value == Decimal("12.5")
