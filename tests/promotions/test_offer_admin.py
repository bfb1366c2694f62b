"""Editors pick an offer's products, categories and brands with searchable choosers: products
by reference or name, shown with their reference and category path; categories by path;
brands by name. The offer form saves and schedules what they picked."""

import json
from datetime import timedelta
from decimal import Decimal
from html import unescape

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from promotions.models import Offer, OfferProduct, PriceDisplay
from promotions.pricing import Buyer, quote
from storefront.models import Brand, CategoryPage
from tests.conftest import make_price_list, make_product
from tests.promotions.test_offers import make_offer

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/snippets/promotions/offer/add/"
NOW = timezone.now().replace(microsecond=0)
DAY = timedelta(days=1)


def edit_url(offer):
    return f"/admin/snippets/promotions/offer/edit/{offer.pk}/"


@pytest.fixture
def editor(client):
    client.login(username="editeur", password="editeur-demo")
    return client


@pytest.fixture
def oils(category):
    page = CategoryPage(title="Huiles et vinaigres", slug="huiles-et-vinaigres")
    category.add_child(instance=page)
    return page


@pytest.fixture
def products(oils):
    olive = make_product(oils, 1, title="Huile d'olive Tétrix")
    rapeseed = make_product(oils, 2, title="Huile de colza Tétrix")
    make_price_list({olive: "100.00", rapeseed: "50.00"}, valid_from=NOW - 30 * DAY)
    return olive, rapeseed


@pytest.fixture
def brand():
    return Brand.objects.create(name="Moulin Sauvagnac")


def results(client, name, **params):
    response = client.get(reverse(f"{name}:choose_results"), params)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def rows(soup):
    lines = [row("td") for row in soup("tr")]
    return [" | ".join(cell.get_text(" ", strip=True) for cell in line) for line in lines if line]


def chosen(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return json.loads(response.content)["result"]


def offer_form(
    *, products=(), categories=(), brands=(), product_lines=None, go_live_at="", **fields
):
    """The offer form as the browser posts it: one chooser line per target."""
    data = {
        "name": "Huiles à −20 %",
        "kind": "percent",
        "value": "20",
        "min_quantity": "1",
        "audience": "public",
        "valid_from": timezone.localtime(NOW - DAY).strftime("%Y-%m-%d %H:%M"),
        "valid_to": "",
        "priority": "0",
        "description": "",
        "go_live_at": go_live_at,
        "expire_at": "",
        "target_products": product_lines or inline_formset([{"product": p.pk} for p in products]),
        "target_categories": inline_formset([{"category": c.pk} for c in categories]),
        "target_brands": inline_formset([{"brand": b.pk} for b in brands]),
        **fields,
    }
    return nested_form_data(data)


def targets(offer):
    return (
        [row.product for row in offer.target_products.all()],
        [row.category for row in offer.target_categories.all()],
        [row.brand for row in offer.target_brands.all()],
    )


def price(product):
    return quote(product, Buyer.anonymous(), price_display=PriceDisplay.PUBLIC).unit_price


def test_the_form_has_choosers_not_multiple_selects(editor):
    html = editor.get(ADD_URL).content.decode()
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("select", attrs={"multiple": True}, id="id_products") is None
    assert not soup.find_all("select", attrs={"name": ["products", "categories", "brands"]})
    for panel in ("target_products", "target_categories", "target_brands"):
        assert soup.find(id=f"id_{panel}-TOTAL_FORMS") is not None
    # Each panel's « add » opens its chooser, several choices at once.
    assert "/admin/catalogue/produits/" in unescape(html)
    assert "/admin/catalogue/categories/" in unescape(html)
    assert "/admin/snippets/choose/storefront/brand/" in unescape(html)
    buttons = {button.get_text(strip=True) for button in soup.select("button[id$='-OPEN_MODAL']")}
    assert buttons == {"Choisir des produits", "Choisir des catégories", "Choisir des marques"}


def test_the_product_chooser_finds_a_reference_typed_in_lower_case(editor, products):
    olive, rapeseed = products
    found = rows(results(editor, "product_chooser", q="test-00001"))
    assert found == [
        "TEST-00001 | Huile d'olive Tétrix | Catégorie de test › Huiles et vinaigres | En ligne"
    ]


def test_the_product_chooser_finds_words_of_the_name(editor, products):
    found = rows(results(editor, "product_chooser", q="huile COLZA trix"))
    assert [row.split(" | ")[0] for row in found] == ["TEST-00002"]
    headers = [th.get_text(strip=True) for th in results(editor, "product_chooser")("th")]
    assert headers[:3] == ["Référence", "Produit", "Catégorie"]


def test_the_product_chooser_lists_choices_to_tick_in_multiple_mode(editor, products):
    soup = results(editor, "product_chooser", q="TEST-0000", multiple="1")
    ticked = {box["value"] for box in soup.select("input[type=checkbox][name=id]")}
    assert ticked == {str(products[0].pk), str(products[1].pk)}


def test_chosen_products_are_labelled_by_reference_and_name(editor, products):
    olive, rapeseed = products
    url = reverse("product_chooser:chosen_multiple") + f"?id={olive.pk}&id={rapeseed.pk}"
    labels = sorted(item["title"] for item in chosen(editor, url))
    assert labels == ["TEST-00001 — Huile d'olive Tétrix", "TEST-00002 — Huile de colza Tétrix"]


@pytest.mark.parametrize(
    "url",
    [
        "/admin/catalogue/produits/chosen/abc/",
        "/admin/catalogue/produits/chosen/99999999/",
        "/admin/catalogue/categories/chosen/1%20OR%201/",
    ],
)
def test_a_forged_choice_is_not_found(editor, url):
    assert editor.get(url).status_code == 404


def test_a_forged_id_among_several_is_left_out(editor, products):
    url = reverse("product_chooser:chosen_multiple") + f"?id=abc&id={products[0].pk}"
    assert [item["id"] for item in chosen(editor, url)] == [str(products[0].pk)]


def test_the_category_chooser_shows_paths(editor, oils):
    # Two categories of the same name, told apart by their path (the demo's first).
    assert rows(results(editor, "category_chooser", q="vinaigre")) == [
        "Épicerie › Huiles et vinaigres",
        "Catégorie de test › Huiles et vinaigres",
    ]
    url = reverse("category_chooser:chosen", args=(oils.pk,))
    assert chosen(editor, url)["title"] == "Catégorie de test › Huiles et vinaigres"


def test_the_brand_chooser_is_searchable(editor, brand):
    soup = results(editor, "wagtailsnippetchoosers_storefront_brand", q="sauvagnac")
    assert [row.split(" | ")[0] for row in rows(soup)] == ["Moulin Sauvagnac"]


def test_the_choosers_need_admin_access(client, products):
    response = client.get(reverse("product_chooser:choose_results"), {"q": "TEST"})
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_an_offer_created_with_the_choosers_prices_its_targets(editor, products, oils, brand):
    olive, rapeseed = products
    data = offer_form(products=[olive], categories=[oils], brands=[brand])
    data["action-publish"] = "action-publish"
    response = editor.post(ADD_URL, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    offer = Offer.objects.get(name="Huiles à −20 %")
    assert offer.live
    assert targets(offer) == ([olive], [oils], [brand])
    assert price(olive) == Decimal("80.0000")
    assert price(rapeseed) == Decimal("40.0000")  # through its category


def test_editing_an_offer_replaces_its_targets(editor, products, oils):
    olive, rapeseed = products
    offer = make_offer(name="Huiles à −20 %", products=[olive], value=Decimal("20"))
    line = OfferProduct.objects.get(offer=offer)
    lines = [
        {"id": line.pk, "product": olive.pk, "DELETE": "1"},
        {"id": "", "product": rapeseed.pk},
    ]
    data = offer_form(product_lines=inline_formset(lines, initial=1))
    data["action-publish"] = "action-publish"
    response = editor.post(edit_url(offer), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert targets(Offer.objects.get(pk=offer.pk)) == ([rapeseed], [], [])
    assert price(olive) == Decimal("100.0000")
    assert price(rapeseed) == Decimal("40.0000")


def test_the_same_product_twice_is_refused_in_french(editor, products):
    olive, _ = products
    response = editor.post(ADD_URL, offer_form(products=[olive, olive]))
    assert response.status_code == 200
    assert not Offer.objects.filter(name="Huiles à −20 %").exists()
    assert "en double" in unescape(response.content.decode())


def test_an_offer_scheduled_from_the_form_waits_for_its_date(editor, products):
    olive, _ = products
    go_live = timezone.localtime(NOW + 2 * DAY).replace(second=0)
    data = offer_form(products=[olive], go_live_at=go_live.strftime("%Y-%m-%d %H:%M"))
    data["action-publish"] = "action-publish"
    response = editor.post(ADD_URL, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    offer = Offer.objects.get(name="Huiles à −20 %")
    assert not offer.live
    assert offer.scheduled_revision.approved_go_live_at == go_live
    buyer, display = Buyer.anonymous(), PriceDisplay.PUBLIC
    assert quote(olive, buyer, go_live - DAY, price_display=display).offer is None
    assert quote(olive, buyer, go_live, price_display=display).unit_price == Decimal("80.0000")
