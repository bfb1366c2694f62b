"""Alt text is typed once, on the image (its « description »), and reused wherever the image
appears: product gallery, product cards, image blocks of products and news, share previews.
A use may still say something else; no picture that carries meaning is left with an empty alt."""

import importlib
from html import unescape

import pytest
from bs4 import BeautifulSoup
from django.apps import apps
from wagtail.test.utils.form_data import inline_formset

from storefront.demo.images import demo_image
from storefront.models import ProductImage
from tests.conftest import make_product
from tests.news.conftest import make_news
from tests.storefront.test_sku_entry import product_form

pytestmark = pytest.mark.django_db

DESCRIPTION = "Bac gastronorme GN 1/1 en inox, vu de trois quarts"


@pytest.fixture
def described_image():
    image = demo_image("Photo bac GN", size=(1200, 800))
    image.description = DESCRIPTION
    image.save()
    return image


@pytest.fixture
def editor(client):
    client.login(username="editeur", password="editeur-demo")
    return client


def soup_of(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser")


def alts_of(soup, image):
    """The alt attributes of every <img> drawn from `image`'s renditions."""
    stem = image.file.name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return [img.get("alt") for img in soup.find_all("img") if stem in img.get("src", "")]


def test_gallery_picture_without_its_own_text_says_the_image_description(
    client, category, described_image
):
    product = make_product(category, 801, title="Bac GN 1/1")
    ProductImage.objects.create(page=product, image=described_image, sort_order=0)
    page_alts = alts_of(soup_of(client.get(product.url)), described_image)
    assert page_alts and set(page_alts) == {DESCRIPTION}
    assert alts_of(soup_of(client.get(category.url)), described_image) == [DESCRIPTION]


def test_correcting_the_description_corrects_every_product_showing_the_image(
    client, category, described_image
):
    products = [make_product(category, number, title=f"Bac {number}") for number in (811, 812)]
    for product in products:
        ProductImage.objects.create(page=product, image=described_image, sort_order=0)
        assert set(alts_of(soup_of(client.get(product.url)), described_image)) == {DESCRIPTION}
    described_image.description = "Bac gastronorme GN 1/1 en inox 18/10"
    described_image.save()
    for product in products:
        page_alts = alts_of(soup_of(client.get(product.url)), described_image)
        assert set(page_alts) == {"Bac gastronorme GN 1/1 en inox 18/10"}


def test_share_preview_of_a_product_says_the_image_description(client, category, described_image):
    product = make_product(category, 802, title="Bac GN 1/2")
    ProductImage.objects.create(page=product, image=described_image, sort_order=0)
    soup = soup_of(client.get(product.url))
    assert soup.find("meta", attrs={"property": "og:image:alt"})["content"] == DESCRIPTION


def test_a_text_written_for_one_product_wins(client, category, described_image):
    product = make_product(category, 803, title="Bac GN 1/3")
    ProductImage.objects.create(
        page=product, image=described_image, alt_text="Bac GN 1/3, couvercle ôté", sort_order=0
    )
    page_alts = alts_of(soup_of(client.get(product.url)), described_image)
    assert set(page_alts) == {"Bac GN 1/3, couvercle ôté"}


def test_an_image_without_description_falls_back_on_its_title_never_empty(client, category):
    image = demo_image("Bac GN 1/4 inox", size=(800, 800))
    assert image.description == ""
    product = make_product(category, 804, title="Bac GN 1/4")
    ProductImage.objects.create(page=product, image=image, sort_order=0)
    assert set(alts_of(soup_of(client.get(product.url)), image)) == {"Bac GN 1/4 inox"}


def test_image_block_of_a_product_description_says_the_image_description(
    client, category, described_image
):
    product = make_product(
        category,
        805,
        title="Bac GN 2/3",
        description=[
            {"type": "image", "value": {"image": described_image.pk, "caption": "Vue"}},
            {
                "type": "image",
                "value": {"image": described_image.pk, "alt_text": "Détail des poignées"},
            },
        ],
    )
    assert alts_of(soup_of(client.get(product.url)), described_image) == [
        DESCRIPTION,
        "Détail des poignées",
    ]


def test_news_gallery_and_image_blocks_say_the_image_description(described_image, client):
    other = demo_image("Photo couvercle GN", size=(1200, 800))
    other.description = "Couvercle inox pour bac GN"
    other.save()
    news = make_news(
        apps.get_model("news", "NewsIndexPage").objects.get(),
        "Nouveaux bacs gastronormes",
        body=[
            {"type": "image", "value": {"image": described_image.pk, "alt_text": ""}},
            {
                "type": "gallery",
                "value": [
                    {"image": described_image.pk, "caption": ""},
                    {"image": other.pk, "alt_text": "", "caption": "Le couvercle"},
                ],
            },
        ],
    )
    soup = soup_of(client.get(news.url))
    assert alts_of(soup, described_image) == [DESCRIPTION, DESCRIPTION]
    assert alts_of(soup, other) == ["Couvercle inox pour bac GN"]


def test_editor_adds_a_gallery_picture_without_typing_its_alt_text_again(
    editor, category, described_image
):
    product = make_product(category, 806, title="Bac GN 1/6")
    data = product_form(
        product.title,
        product.sku,
        slug=product.slug,
        gallery_images=inline_formset([{"image": described_image.pk, "alt_text": ""}]),
    )
    data["action-publish"] = "1"
    response = editor.post(f"/admin/pages/{product.pk}/edit/", data)
    assert response.status_code == 302, unescape(response.content.decode())[:3000]
    assert product.gallery_images.get().image_id == described_image.pk
    assert set(alts_of(soup_of(editor.get(product.url)), described_image)) == {DESCRIPTION}


def test_image_form_asks_for_the_alt_text_in_french(editor, described_image):
    html = unescape(editor.get(f"/admin/images/{described_image.pk}/").content.decode())
    soup = BeautifulSoup(html, "html.parser")
    label = soup.find("label", attrs={"for": "id_description"})
    assert label is not None and "Texte alternatif" in label.get_text()
    assert "repris partout où l'image apparaît" in html


def test_per_product_texts_move_onto_their_images():
    """The migration: an image without description takes the text written for it in a
    gallery; texts equal to their image's description are then emptied (they would only
    hide a later correction of the description), others stay as overrides."""
    migration = importlib.import_module("storefront.migrations.0009_alt_text_on_images")
    Image = apps.get_model("wagtailimages", "Image")
    bare = demo_image("Photo sans description", size=(400, 400))
    described = demo_image("Photo déjà décrite", size=(400, 400))
    described.description = "Déjà décrite"
    described.save()
    category = apps.get_model("storefront", "CategoryPage").objects.first()
    first = make_product(category, 807, title="Premier")
    second = make_product(category, 808, title="Second")
    third = make_product(category, 809, title="Troisième")
    ProductImage.objects.create(page=first, image=bare, alt_text="Texte du premier")
    ProductImage.objects.create(page=second, image=bare, alt_text="Texte du second")
    ProductImage.objects.create(page=third, image=described, alt_text="Déjà décrite")

    migration.move_alt_texts_to_images(apps, None)

    assert Image.objects.get(pk=bare.pk).description == "Texte du premier"
    assert Image.objects.get(pk=described.pk).description == "Déjà décrite"
    lines = ProductImage.objects.filter(image__in=[bare, described])
    texts = dict(lines.values_list("page_id", "alt_text"))
    assert texts == {first.pk: "", second.pk: "Texte du second", third.pk: ""}
