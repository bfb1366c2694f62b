"""Fragments kept for the content generation (product page media, cards, breadcrumbs): faster
uncached pages that still change as soon as anything they show changes."""

from datetime import timedelta
from decimal import Decimal
from unittest import mock

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.documents import get_document_model

from storefront.models import ProductAttribute, ProductDocument, ProductPage, ProductRelation
from tests.conftest import make_product
from tests.promotions.test_offers import make_offer

pytestmark = pytest.mark.django_db


def queries_of(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries), response.content.decode()


def product_with_neighbours(category):
    product = make_product(category, 1)
    neighbour = make_product(category, 2, title="Voisin associé")
    document = get_document_model()(title="Fiche technique v1")
    document.file.save("fiche.pdf", ContentFile(b"%PDF-1.4 test"), save=False)
    document.save()
    product.documents.add(ProductDocument(document=document))
    product.related_products.add(ProductRelation(product=neighbour))
    product.save_revision().publish()
    return product, neighbour, document


def test_a_product_page_reads_its_media_once_per_generation(client, category):
    product, _, _ = product_with_neighbours(category)
    client.get(product.url)
    first, html = queries_of(client, product.url)
    again, cached_html = queries_of(client, product.url)
    assert again == first <= 4  # page, privacy, price lines (+ settings in the cache)
    assert cached_html == html
    assert "Fiche technique v1" in html and "Voisin associé" in html


def test_renaming_a_document_shows_on_the_product_page_at_once(
    client, category, django_capture_on_commit_callbacks
):
    product, _, document = product_with_neighbours(category)
    assert "Fiche technique v1" in client.get(product.url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        document.title = "Fiche technique v2"
        document.save()
    html = client.get(product.url).content.decode()
    assert "Fiche technique v2" in html and "Fiche technique v1" not in html


def test_unpublishing_a_related_product_takes_it_off_the_page(client, category):
    product, neighbour, _ = product_with_neighbours(category)
    assert "Voisin associé" in client.get(product.url).content.decode()
    neighbour.unpublish()
    assert "Voisin associé" not in client.get(product.url).content.decode()


def test_cards_from_the_cache_are_the_cards_first_rendered(client, category):
    for number in range(1, 6):
        make_product(category, number, title=f"Article {number}", packaging="Carton de 6")
    first, html = queries_of(client, category.url)
    again, cached_html = queries_of(client, category.url)
    # The second time, no card is rendered, so no picture nor brand is loaded for them.
    assert again < first
    assert cached_html == html
    assert html.count("Carton de 6") == 5


def test_a_renamed_category_shows_in_its_products_breadcrumbs(client, category):
    product = make_product(category, 1)
    assert "Catégorie de test" in client.get(product.url).content.decode()
    category.title = "Catégorie renommée"
    category.save_revision().publish()
    assert "Catégorie renommée" in client.get(product.url).content.decode()


def test_home_blocks_are_shared_by_anonymous_visitors(client, demo_site):
    html = client.get("/").content.decode()
    count, cached_html = queries_of(client, "/")
    # The page and its privacy: banner, selections, offers and news come from the cache.
    assert count <= 2
    assert cached_html == html
    assert "Nos offres du moment" in html and "Nos dernières actualités" in html


def test_an_offer_starting_at_t_is_on_the_home_page_at_t(client, demo_site):
    start = (timezone.now() + timedelta(hours=2)).replace(microsecond=0)
    make_offer(
        name="Offre de l'aube",
        value=Decimal("10"),
        valid_from=start,
        valid_to=start + timedelta(hours=1),
    )
    with mock.patch("django.utils.timezone.now", return_value=start - timedelta(seconds=1)):
        assert "Offre de l" not in client.get("/").content.decode()
        assert "Offre de l" not in client.get("/").content.decode()  # blocks from the cache
    with mock.patch("django.utils.timezone.now", return_value=start + timedelta(seconds=1)):
        assert "Offre de l" in client.get("/").content.decode()


def test_a_published_offer_is_on_the_home_page_at_once(client, demo_site):
    client.get("/")
    make_offer(
        name="Offre éclair", value=Decimal("10"), valid_to=timezone.now() + timedelta(hours=1)
    )
    assert "Offre éclair" in client.get("/").content.decode()


def test_a_preview_shows_the_draft_not_the_cached_page(client, category):
    product, _, _ = product_with_neighbours(category)
    client.get(product.url)  # the published version's fragments are cached
    draft = ProductPage.objects.get(pk=product.pk)
    draft.attributes.add(ProductAttribute(name="Couleur", value="Vert d'eau"))
    draft.documents.set([])
    response = draft.make_preview_request()
    html = response.content.decode()
    assert "Vert d&#x27;eau" in html
    assert "Fiche technique v1" not in html
    assert "Vert d" not in client.get(product.url).content.decode()
