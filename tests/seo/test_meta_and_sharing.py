"""Social previews (og:/twitter: tags, 1200×630 share image) and plain share links."""

from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtailseo.models import SeoSettings

from promotions.models import PromotionIndexPage, PromotionPage
from seo.share import SHARE_IMAGE_SPEC, share_links
from storefront.demo.images import demo_image
from storefront.models import CatalogueIndexPage, HomePage, ProductImage, ProductPage
from tests.conftest import make_product

pytestmark = pytest.mark.django_db


def soup_of(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser")


def meta(soup, key):
    """The content of <meta property=key> or <meta name=key>; None if absent, fails if doubled."""
    tags = soup.find_all("meta", attrs={"property": key}) + soup.find_all(
        "meta", attrs={"name": key}
    )
    assert len(tags) <= 1, f"{key} appears {len(tags)} times"
    return tags[0]["content"] if tags else None


def rendition_for(url):
    Rendition = get_image_model().get_rendition_model()
    rendition = Rendition.objects.get(
        filter_spec=SHARE_IMAGE_SPEC, file__endswith=url.rsplit("/", 1)[1]
    )
    return rendition


@pytest.fixture
def product_with_picture(category):
    product = make_product(category, 1, title="Sel & poivre « fin »")
    image = demo_image("Photo de test", size=(1600, 1000))
    ProductImage.objects.create(page=product, image=image, alt_text="Moulin à sel", sort_order=0)
    return product


# -- Share image -------------------------------------------------------------------------------


def test_product_share_image_is_a_1200x630_jpeg_of_its_first_picture(client, product_with_picture):
    soup = soup_of(client.get(product_with_picture.url))
    url = meta(soup, "og:image")
    assert url.startswith("http") and "fill-1200x630" in url
    assert meta(soup, "og:image:width") == "1200"
    assert meta(soup, "og:image:height") == "630"
    assert meta(soup, "og:image:alt") == "Moulin à sel"
    assert meta(soup, "og:image:type") == "image/jpeg"
    assert meta(soup, "twitter:image") == url
    assert meta(soup, "twitter:image:alt") == "Moulin à sel"
    assert meta(soup, "twitter:card") == "summary_large_image"
    rendition = rendition_for(url)
    assert rendition.file.size < 1024 * 1024
    with rendition.file.open() as handle, PILImage.open(handle) as picture:
        assert picture.format == "JPEG" and picture.size == (1200, 630)


def test_editor_chosen_preview_image_wins(client, product_with_picture):
    chosen = demo_image("Visuel de partage", size=(1300, 700))
    product_with_picture.og_image = chosen
    product_with_picture.save()
    soup = soup_of(client.get(product_with_picture.url))
    assert "fill-1200x630" in meta(soup, "og:image")
    assert rendition_for(meta(soup, "og:image")).image_id == chosen.pk
    assert meta(soup, "og:image:alt") == "Visuel de partage"


def test_smaller_originals_are_not_enlarged(client):
    # Demo category pictures are 960×640: the 1.91:1 crop stays at the original's resolution.
    category = ProductPage.objects.get(sku="SF-00103").get_parent()
    soup = soup_of(client.get(category.url))
    assert (meta(soup, "og:image:width"), meta(soup, "og:image:height")) == ("960", "504")
    assert meta(soup, "og:image:alt") == category.title


def test_site_default_image_and_no_empty_image_tag(client, demo_site):
    catalogue = CatalogueIndexPage.objects.get()
    soup = soup_of(client.get(catalogue.url))
    assert meta(soup, "og:image") is None and meta(soup, "twitter:image") is None
    assert meta(soup, "twitter:card") == "summary"
    seo = SeoSettings.for_site(demo_site)
    seo.og_image_default = demo_image("Image par défaut", size=(1200, 800))
    seo.save()
    for url in (catalogue.url, HomePage.objects.get().url):
        soup = soup_of(client.get(url))
        assert "fill-1200x630" in meta(soup, "og:image")
        assert meta(soup, "og:image:alt") == "Image par défaut"
        assert (meta(soup, "og:image:width"), meta(soup, "og:image:height")) == ("1200", "630")


@pytest.mark.parametrize(
    "url",
    [
        lambda: "/",
        lambda: CatalogueIndexPage.objects.get().url,
        lambda: ProductPage.objects.get(sku="SF-00103").get_parent().url,
        lambda: ProductPage.objects.get(sku="SF-00103").url,
        lambda: PromotionIndexPage.objects.get().url,
        lambda: PromotionPage.objects.get(slug="les-eaux-a-15").url,
    ],
)
def test_one_title_and_one_of_each_social_tag(client, url):
    soup = soup_of(client.get(url()))
    assert len(soup.find_all("title")) == 1
    for key in ("og:title", "og:url", "og:site_name", "og:locale", "twitter:card"):
        assert meta(soup, key), key
    assert meta(soup, "description") != ""  # a description, or no tag at all
    assert meta(soup, "og:site_name") == "Storefront Négoce"
    assert meta(soup, "twitter:site") is None  # no handle set: no bare "@"


def test_missing_original_file_drops_the_image_not_the_page(client, product_with_picture):
    image = product_with_picture.gallery_images.get().image
    image.file.storage.delete(image.file.name)
    soup = soup_of(client.get(product_with_picture.url))
    assert meta(soup, "og:image") is None


def test_description_falls_back_on_the_page_summary(client, category):
    product = make_product(category, 1, short_description="Deux phrases & un détail.")
    soup = soup_of(client.get(product.url))
    assert meta(soup, "description") == "Deux phrases & un détail."
    assert (
        meta(soup, "og:description")
        == meta(soup, "twitter:description")
        == meta(soup, "description")
    )
    category.intro = "<p>Une <b>introduction</b>&nbsp;riche.</p>"
    category.save_revision().publish()
    assert meta(soup_of(client.get(category.url)), "description") == "Une introduction riche."
    product.search_description = "Choisie par l'éditeur."
    product.save_revision().publish()
    assert meta(soup_of(client.get(product.url)), "description") == "Choisie par l'éditeur."


# -- Share links -------------------------------------------------------------------------------


def share_anchors(soup):
    aside = soup.find("aside", class_="share")
    return aside.find_all("a") if aside else []


def test_share_links_helper_encodes_url_and_title():
    url = "https://example.com/catalogue/sel-poivre/?a=1&b=2"
    title = "Sel & poivre « fin » #1"
    links = {link.network: link for link in share_links(url, title)}
    assert list(links) == ["linkedin", "x", "facebook", "email", "whatsapp"]
    query = lambda link: parse_qs(urlsplit(link.href).query)  # noqa: E731
    assert query(links["linkedin"]) == {"url": [url]}
    assert query(links["x"]) == {"url": [url], "text": [title]}
    assert query(links["facebook"]) == {"u": [url]}
    assert query(links["whatsapp"]) == {"text": [f"{title} {url}"]}
    assert links["email"].href.startswith("mailto:?subject=Sel%20%26%20poivre")
    assert query(links["email"]) == {"subject": [title], "body": [f"{title}\r\n{url}"]}
    assert "+" not in links["email"].href  # a "+" would stay a "+" in a mail client
    for link in links.values():
        assert " " not in link.href and "&b=2" not in link.href
    assert not links["email"].new_window
    assert [link.label for link in links.values()] == [
        "Partager sur LinkedIn",
        "Partager sur X",
        "Partager sur Facebook",
        "Envoyer par e-mail",
        "Partager sur WhatsApp",
    ]


def test_product_page_has_plain_share_links(client, product_with_picture):
    soup = soup_of(client.get(product_with_picture.url))
    anchors = share_anchors(soup)
    assert len(anchors) == 5
    hosts = {urlsplit(a["href"]).netloc or urlsplit(a["href"]).scheme for a in anchors}
    assert hosts == {"www.linkedin.com", "x.com", "www.facebook.com", "mailto", "wa.me"}
    for anchor in anchors:
        assert "noopener" in anchor["rel"]
        values = [v for vs in parse_qs(urlsplit(anchor["href"]).query).values() for v in vs]
        assert any(product_with_picture.full_url in v for v in values)
    x_link = next(a for a in anchors if "x.com" in a["href"])
    assert parse_qs(urlsplit(x_link["href"]).query)["text"] == ["Sel & poivre « fin »"]
    # No network's script on our pages.
    assert not [s for s in soup.find_all("script") if s.get("src")]


def test_promotion_page_has_share_links(client):
    promotion = PromotionPage.objects.get(slug="les-eaux-a-15")
    anchors = share_anchors(soup_of(client.get(promotion.url)))
    assert [a.get_text(strip=True) for a in anchors][0].startswith("Partager sur LinkedIn")
    linkedin = parse_qs(urlsplit(anchors[0]["href"]).query)
    assert linkedin == {"url": [promotion.full_url]}


def test_no_share_links_where_they_make_no_sense(client, category):
    hidden = make_product(category, 1, noindex=True)
    assert share_anchors(soup_of(client.get(hidden.url))) == []
    assert share_anchors(soup_of(client.get("/"))) == []
    assert share_anchors(soup_of(client.get(category.url))) == []


def test_no_share_links_on_a_promotion_reserved_to_a_customer_group(client):
    promotion = PromotionPage.objects.get(slug="espace-chr-10-sur-lhygiene-pronet")
    client.login(username="client", password="client-demo")
    soup = soup_of(client.get(promotion.url))
    assert soup.find("h1").get_text() == promotion.title
    assert share_anchors(soup) == []
