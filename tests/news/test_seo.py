"""News for search engines and readers: the RSS feed, the sitemap section, NewsArticle JSON-LD
and the article meta tags."""

import json
import re
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from news.models import NewsPage
from storefront.demo.images import demo_image
from tests.news.conftest import make_news

pytestmark = pytest.mark.django_db

ROOT = "http://localhost"
HOSTILE = "</script><script>alert(1)</script><!-- & -->"
DEMO_VISIBLE = [
    "Retrouvez-nous au Sirha Lyon",
    "Loi AGEC : la vaisselle réemployable en salle, et à emporter ?",
    "Couteaux, planches, bacs : la cuisine professionnelle s'agrandit",
    "Notre nouvel entrepôt de Corbas est ouvert",
]
SITEMAP_NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "image": "http://www.google.com/schemas/sitemap-image/1.1",
}


def test_news_feed_is_rss_with_the_visible_news_newest_first(client, news_index):
    response = client.get("/feeds/actualites.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    assert channel.findtext("title") == "Actualités – Storefront Négoce"
    assert channel.findtext("link") == news_index.full_url
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == DEMO_VISIBLE
    agec = NewsPage.objects.get(title=DEMO_VISIBLE[1])
    item = items[1]
    assert item.findtext("link") == agec.full_url
    assert item.findtext("description") == agec.intro
    assert parsedate_to_datetime(item.findtext("pubDate")) == agec.published_at
    assert {c.text for c in item.findall("category")} == {
        "Réglementation",
        "Emballages",
        "Développement durable",
    }
    assert item.findtext("{http://purl.org/dc/elements/1.1/}creator") == "Claire Martin"


def test_news_feed_escapes_titles(client, news_index):
    make_news(news_index, HOSTILE, intro="Tom & Jerry <b>")
    content = client.get("/feeds/actualites.xml").content
    items = ET.fromstring(content).find("channel").findall("item")
    assert items[0].findtext("title") == HOSTILE
    assert items[0].findtext("description") == "Tom & Jerry <b>"


def test_every_page_advertises_the_news_feed(client, news_index):
    for url in ("/", "/actualites/"):
        head = client.get(url).content.decode().split("</head>")[0]
        assert 'href="/feeds/actualites.xml"' in head
        assert 'title="Actualités – Storefront Négoce"' in head


def test_sitemap_has_a_news_section_with_the_visible_news_and_their_images(client, news_index):
    index = client.get("/sitemap.xml").content.decode()
    assert f"{ROOT}/sitemap-news.xml" in index
    response = client.get("/sitemap-news.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    urls = {
        url.findtext("sm:loc", namespaces=SITEMAP_NS): url
        for url in root.findall("sm:url", SITEMAP_NS)
    }
    expected = {news_index.full_url} | {
        page.full_url for page in NewsPage.objects.filter(title__in=DEMO_VISIBLE)
    }
    assert set(urls) == expected
    corbas = NewsPage.objects.get(title=DEMO_VISIBLE[3]).full_url
    images = [loc.text for loc in urls[corbas].findall("image:image/image:loc", SITEMAP_NS)]
    assert len(images) == 1 and images[0].startswith(f"{ROOT}/media/")
    assert urls[corbas].findtext("sm:lastmod", namespaces=SITEMAP_NS)
    # Not twice: the editorial pages section leaves news to its own file.
    assert news_index.full_url not in client.get("/sitemap-pages.xml").content.decode()


def ld_blocks(html):
    raw = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    scripts = BeautifulSoup(html, "html.parser").find_all("script", type="application/ld+json")
    assert [s.string for s in scripts] == raw  # nothing closed a script early
    return {block["@type"]: block for block in map(json.loads, raw)}


def test_news_page_has_escaped_news_article_json_ld(client, news_index):
    image = demo_image("Image de test des actualités")
    page = make_news(news_index, HOSTILE, author="Service achats", image=image)
    response = client.get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert(1)" not in html
    blocks = ld_blocks(html)
    article = blocks["NewsArticle"]
    assert article["headline"] == HOSTILE
    assert article["author"]["name"] == "Service achats"
    # The instant (to the millisecond JSON-LD keeps), not the date's text: late in the
    # evening (UTC) it is already the next day in Paris, the news page's date.
    published = datetime.fromisoformat(article["datePublished"].replace("Z", "+00:00"))
    stored = NewsPage.objects.get(pk=page.pk)
    assert abs(published - stored.published_at) < timedelta(milliseconds=1)
    assert timezone.localdate(published) == stored.date
    assert article["mainEntityOfPage"]["@id"] == page.full_url
    assert article["publisher"]["name"] == "Storefront Négoce"
    assert article["image"] and all(url.startswith(f"{ROOT}/media/") for url in article["image"])
    trail = [item["name"] for item in blocks["BreadcrumbList"]["itemListElement"]]
    assert trail == ["Accueil", "Actualités", HOSTILE]


def test_news_page_meta_is_an_article(client, news_index):
    page = NewsPage.objects.get(title=DEMO_VISIBLE[1])
    soup = BeautifulSoup(client.get(page.url).content, "html.parser")
    assert soup.find("meta", property="og:type")["content"] == "article"
    assert soup.find("meta", attrs={"name": "author"})["content"] == "Claire Martin"
    assert soup.find("meta", attrs={"name": "description"})["content"] == page.intro
    assert soup.find("link", rel="canonical")["href"] == page.full_url
    assert soup.find("meta", property="og:image")["content"].endswith(".jpg")
    assert soup.find("meta", attrs={"name": "robots"}) is None


def test_news_page_shows_its_header_body_and_tags(client, news_index):
    page = NewsPage.objects.get(title=DEMO_VISIBLE[1])
    soup = BeautifulSoup(client.get(page.url).content, "html.parser")
    assert [li.get_text(strip=True) for li in soup.select(".breadcrumbs li")] == [
        "Accueil",
        "Actualités",
        page.title,
    ]
    assert "par Claire Martin" in soup.select_one(".news__meta").get_text()
    assert soup.select_one(".news__meta a")["href"] == "/actualites/?categorie=reglementation"
    assert soup.find("blockquote").get_text(strip=True).startswith("Nous avons remplacé")
    tags = [a.get_text() for a in soup.select(".chips a")]
    assert tags == ["#Développement durable", "#Emballages"]


def sitemap_lastmod(client, url):
    root = ET.fromstring(client.get("/sitemap-news.xml").content)
    for entry in root.findall("sm:url", SITEMAP_NS):
        if entry.findtext("sm:loc", namespaces=SITEMAP_NS) == url:
            return datetime.fromisoformat(entry.findtext("sm:lastmod", namespaces=SITEMAP_NS))
    raise AssertionError(f"{url} not in the news sitemap")


def test_news_index_lastmod_moves_when_news_appears_or_expires(client, news_index):
    page = make_news(news_index, "Toute fraîche")
    page.refresh_from_db()
    assert sitemap_lastmod(client, news_index.full_url) == page.last_published_at.replace(
        microsecond=0
    )
    expiry = timezone.now().replace(microsecond=0) - timedelta(seconds=1)
    NewsPage.objects.filter(pk=page.pk).update(expire_at=expiry)
    assert sitemap_lastmod(client, news_index.full_url) == expiry
