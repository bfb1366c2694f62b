"""PDF brochures: content per visitor, page rules, download counter, queries and admin report."""

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader
from wagtail.images import get_image_model
from wagtail.models import PageViewRestriction

from brochures import content
from brochures.models import BrochureDownload, count_download
from brochures.pdf import printable
from brochures.views import brochure_response
from promotions.models import Audience, PriceDisplay, PromotionIndexPage, PromotionPage
from storefront.models import (
    CategoryPage,
    HomePage,
    PriceGroup,
    ProductAttribute,
    ProductImage,
    ProductPage,
)
from tests.conftest import make_price_list, make_product
from tests.promotions.test_offers import make_offer

pytestmark = pytest.mark.django_db

NOW = timezone.now().replace(microsecond=0)
DAY = timedelta(days=1)


def brochure_url(page):
    return reverse("brochures:page", kwargs={"page_id": page.pk})


def pdf_text(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return [page.extract_text() for page in reader.pages], reader


def flat(pages):
    return "\n".join(pages)


def add_image(product, number=0):
    image = get_image_model().objects.order_by("pk")[number]
    ProductImage.objects.create(page=product, image=image, alt_text=product.title)


@pytest.fixture
def products(category):
    """Three priced products with pictures, one of them named with an emoji."""
    items = [
        make_product(category, 1, title="Huile de test"),
        make_product(category, 2, title="Café ☕ moulu", packaging="carton de 12"),
        make_product(category, 3, title="Sel fin"),
    ]
    for number, item in enumerate(items):
        add_image(item, number)
    ProductAttribute.objects.create(page=items[0], name="Contenance", value="5", unit="L")
    make_price_list(
        {items[0]: "1234.56", items[1]: [(1, "9.90"), (10, "9.00")], items[2]: "2.10"},
        valid_from=NOW - 30 * DAY,
        valid_to=NOW + 10 * DAY,
    )
    return items


def test_category_brochure_has_cover_products_and_public_prices(
    client, category, products, public_prices
):
    response = client.get(brochure_url(category))
    pages, reader = pdf_text(response)
    assert response["Content-Disposition"] == 'inline; filename="plaquette-categorie-de-test.pdf"'
    assert "Storefront Négoce" in pages[0] and "Catégorie de test" in pages[0]
    assert "12 rue des Entrepôts" in pages[0] and "04 72 00 00 00" in pages[0]
    text = flat(pages)
    for product in products:
        assert product.sku in text
    assert "Huile de test" in text and "Café moulu" in text and "Sel fin" in text
    assert "Contenance : 5 L" in text and "carton de 12" in text
    assert "1\u00a0234,56\u00a0€\u00a0HT" in text
    assert "Dès 10 : 9,00\u00a0€\u00a0HT" in text
    until = timezone.localtime(NOW + 10 * DAY)
    assert f"Prix valables jusqu'au {until.day} " in pages[0]
    assert "Page 2 / 2" in pages[1]
    assert len(reader.pages[1].images) == 3  # one picture per product block


def test_demo_category_lists_every_live_product_of_its_subtree(client, demo_site, public_prices):
    top = CategoryPage.objects.get(title="Épicerie")
    expected = ProductPage.objects.live().descendant_of(top)
    assert expected.count() > 8  # several pages of blocks
    text = flat(pdf_text(client.get(brochure_url(top)))[0])
    for product in expected:
        assert product.sku in text
    assert f"{expected.count()} produits" in text


def test_no_price_at_all_when_prices_are_for_customers(
    client, category, products, set_price_display
):
    set_price_display(PriceDisplay.CUSTOMERS)
    response = client.get(brochure_url(category))
    pages, _ = pdf_text(response)
    text = flat(pages)
    assert "€" not in text and "Prix valables" not in text
    assert "connectez-vous" in pages[0]
    assert products[0].sku in text
    assert "private" not in response.get("Cache-Control", "")


def test_no_price_when_the_shop_shows_none(client, category, products, set_price_display):
    set_price_display(PriceDisplay.NONE)
    text = flat(pdf_text(client.get(brochure_url(category)))[0])
    assert "€" not in text and "Prix sur devis" in text


def test_logged_in_customer_gets_their_own_prices(client, category, products, set_price_display):
    set_price_display(PriceDisplay.CUSTOMERS)
    make_price_list(
        {products[0]: "1111.11"},
        name="Conditions CHR test",
        audience=Audience.GROUPS,
        groups=[PriceGroup.objects.get(code="chr")],
        valid_from=NOW - DAY,
    )
    client.login(username="client", password="client-demo")
    response = client.get(brochure_url(category))
    text = flat(pdf_text(response)[0])
    assert "1\u00a0111,11\u00a0€" in text and "1\u00a0234,56" not in text
    assert "2,10\u00a0€" in text  # the public list still prices the others
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]


def test_staff_preview_at_a_date_prints_the_prices_of_that_date(
    client, category, products, public_prices
):
    make_price_list({products[2]: "3.30"}, name="Future", valid_from=NOW + 20 * DAY)
    client.login(username="admin", password="admin-demo")
    at = timezone.localtime(NOW + 21 * DAY).strftime("%Y-%m-%dT%H:%M")
    text = flat(pdf_text(client.get(brochure_url(category), {"at": at}))[0])
    assert "3,30\u00a0€" in text and "2,10\u00a0€" not in text


def test_promotion_brochure_lists_its_products_with_the_offer_price(
    client, category, products, public_prices
):
    offer = make_offer(name="Sel à moitié prix", products=[products[2]], value=Decimal("50"))
    promotion = PromotionPage(title="Promo sel", intro="Le sel à −50 % !")
    PromotionIndexPage.objects.get().add_child(instance=promotion)
    promotion.offers.set([offer])
    promotion.save_revision().publish()
    html = client.get(promotion.url).content.decode()
    assert f'href="{brochure_url(promotion)}"' in html
    assert f'href="{reverse("quote_request")}?from={promotion.pk}"' in html
    pages, _ = pdf_text(client.get(brochure_url(promotion)))
    text = flat(pages)
    assert "Promo sel" in pages[0] and "Le sel à -50 % !" in pages[0]
    assert products[2].sku in text and products[0].sku not in text
    assert "1,05\u00a0€\u00a0HT" in text  # 2,10 € halved
    assert "2,10\u00a0€\u00a0HT" in text and "-50 %" in text  # regular price and the offer


def _promotion(offers, **fields):
    page = PromotionPage(title=fields.pop("title", "Promo"), **fields)
    PromotionIndexPage.objects.get().add_child(instance=page)
    page.offers.set(offers)
    page.save_revision().publish()
    return page


def test_promotion_rules_apply_to_its_brochure(client, products, public_prices):
    ended = make_offer(products=[products[0]], value=Decimal("10"), valid_to=NOW - DAY / 2)
    assert client.get(brochure_url(_promotion([ended], title="Finie"))).status_code == 410
    group_only = make_offer(
        products=[products[0]],
        value=Decimal("10"),
        audience=Audience.GROUPS,
        groups=[PriceGroup.objects.get(code="chr")],
    )
    assert client.get(brochure_url(_promotion([group_only], title="CHR"))).status_code == 404
    upcoming = make_offer(products=[products[0]], value=Decimal("10"), valid_from=NOW + DAY)
    assert client.get(brochure_url(_promotion([upcoming], title="Bientôt"))).status_code == 404
    running = make_offer(products=[products[0]], value=Decimal("10"))
    expired = _promotion([running], title="Expirée", expire_at=NOW + DAY)
    PromotionPage.objects.filter(pk=expired.pk).update(expire_at=NOW - DAY)
    assert client.get(brochure_url(expired)).status_code == 410
    assert not BrochureDownload.objects.exists()


def test_private_unpublished_or_other_pages_have_no_brochure(client, category, products):
    PageViewRestriction.objects.create(
        page=category, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    assert client.get(brochure_url(category)).status_code == 404
    other = CategoryPage(title="Brouillon", slug="brouillon", live=False)
    category.get_parent().add_child(instance=other)
    assert client.get(brochure_url(other)).status_code == 404
    assert client.get(brochure_url(HomePage.objects.get())).status_code == 404
    assert client.get(brochure_url(products[0])).status_code == 404
    assert client.get("/plaquettes/999999/").status_code == 404


def test_downloads_are_counted_per_page(client, category, products):
    client.get(brochure_url(category))
    client.get(brochure_url(category))
    counter = BrochureDownload.objects.get(page=category)
    assert counter.count == 2 and counter.last_downloaded_at is not None
    count_download(category)
    counter.refresh_from_db()
    assert counter.count == 3


def test_brochure_response_keeps_the_order_of_a_product_list(category, products, public_prices):
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    response = brochure_response(request, category, [products[2], products[0]], title="Sélection")
    text = flat(PdfReader(io.BytesIO(response.content)).pages[i].extract_text() for i in (0, 1))
    assert "Sélection" in text and products[1].sku not in text
    assert text.index(products[2].sku) < text.index(products[0].sku)
    assert BrochureDownload.objects.get(page=category).count == 1


def test_a_large_category_is_capped_and_says_so(client, category, products, monkeypatch):
    monkeypatch.setattr(content, "MAX_PRODUCTS", 2)
    text = flat(pdf_text(client.get(brochure_url(category)))[0])
    assert "Les 2 premiers produits sur 3" in text
    assert products[2].sku not in text  # « Sel fin » comes last in title order


def _queries(client, page):
    client.get(brochure_url(page))  # renditions made once, as in production
    with CaptureQueriesContext(connection) as captured:
        assert client.get(brochure_url(page)).status_code == 200
    return len(captured)


def test_queries_do_not_grow_with_the_number_of_products(client, category, public_prices):
    small = CategoryPage(title="Dix", slug="dix")
    large = CategoryPage(title="Soixante", slug="soixante")
    category.add_child(instance=small)
    category.add_child(instance=large)
    prices = {}
    for number in range(70):
        product = make_product(small if number < 10 else large, 100 + number)
        ProductAttribute.objects.create(page=product, name="Matière", value="Inox")
        add_image(product)
        prices[product] = "5.00"
    make_price_list(prices, valid_from=NOW - DAY)
    assert _queries(client, large) == _queries(client, small)


def test_admin_report_lists_downloads_for_editors(client, category, products):
    count_download(category)
    count_download(category)
    client.login(username="editeur", password="editeur-demo")
    response = client.get(reverse("brochure_downloads_report"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Catégorie de test" in html and "Téléchargements" in html
    export = client.get(reverse("brochure_downloads_report"), {"export": "csv"})
    lines = b"".join(export.streaming_content).decode().splitlines()
    assert lines[0].startswith("Page,Type,Téléchargements")
    assert lines[1].startswith("Catégorie de test,Catégorie,2,")
    client.logout()
    client.login(username="client", password="client-demo")
    assert client.get(reverse("brochure_downloads_report")).status_code in (302, 403)


def test_admin_report_counts_its_rows_in_french(client, category):
    client.login(username="editeur", password="editeur-demo")
    count_download(category)
    count_download(category)
    html = client.get(reverse("brochure_downloads_report")).content.decode()
    assert "1 plaquette téléchargée" in html
    assert "Téléchargements de plaquette" not in html
    count_download(HomePage.objects.get())
    html = client.get(reverse("brochure_downloads_report")).content.decode()
    assert "2 plaquettes téléchargées" in html


def test_links_on_category_and_promotion_pages(client, category, products, public_prices):
    html = client.get(category.url).content.decode()
    assert f'href="/plaquettes/{category.pk}/"' in html
    assert f'href="{reverse("quote_request")}?from={category.pk}"' in html


def test_printable_keeps_french_and_euro_and_never_fails():
    assert printable("1\u202f234,56\u00a0€ HT") == "1\u00a0234,56\u00a0€ HT"
    assert printable("Œufs « bio » – Crème brûlée…") == "Œufs « bio » – Crème brûlée…"
    assert printable("Café ☕ moulu 🇫🇷") == "Café moulu"
    assert printable("−15 %") == "-15 %"
    assert printable("Dvořák 東京") == "Dvorák ??"


def test_admin_report_exports_never_hold_a_formula(client, category):
    category.title = '=HYPERLINK("http://attaquant.example";"Voir")'
    category.save_revision().publish()
    count_download(category)
    client.login(username="editeur", password="editeur-demo")
    url = reverse("brochure_downloads_report")
    lines = b"".join(client.get(url, {"export": "csv"}).streaming_content).decode().splitlines()
    assert lines[1].startswith('"\'=HYPERLINK(""http://attaquant.example"";""Voir"")",')
    xlsx = b"".join(client.get(url, {"export": "xlsx"}).streaming_content)
    cell = load_workbook(io.BytesIO(xlsx)).active["A2"]
    assert cell.data_type == "s" and cell.value == "'" + category.title
