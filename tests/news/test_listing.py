"""The news index (/actualites/): order, pagination, filters, SEO variants, query budget; and
the home page's latest-news block."""

import re

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from taggit.models import Tag

from news.home_blocks import LatestNewsBlock
from news.models import PAGE_SIZE, NewsPage, running_news
from storefront.demo.images import demo_image
from tests.news.conftest import make_news

pytestmark = pytest.mark.django_db

DEMO_VISIBLE = [
    "Retrouvez-nous au Sirha Lyon",
    "Loi AGEC : la vaisselle réemployable en salle, et à emporter ?",
    "Couteaux, planches, bacs : la cuisine professionnelle s'agrandit",
    "Notre nouvel entrepôt de Corbas est ouvert",
]
SCHEDULED = "Commandez vos boissons en ligne 24 h/24"
EXPIRED = "Horaires d'été du dépôt"


def listed_titles(response):
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    return [a.get_text(strip=True) for a in soup.select(".news-card .card__title a")]


def robots(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return [meta["content"] for meta in soup.find_all("meta", attrs={"name": "robots"})]


def canonical(response):
    return BeautifulSoup(response.content, "html.parser").find("link", rel="canonical")["href"]


def test_index_lists_the_live_news_newest_first(client, news_index):
    titles = listed_titles(client.get("/actualites/"))
    assert titles == DEMO_VISIBLE
    assert [page.title for page in running_news()] == DEMO_VISIBLE


def test_a_news_item_published_today_comes_first(client, news_index):
    make_news(news_index, "Arrivage du jour")
    assert listed_titles(client.get("/actualites/"))[0] == "Arrivage du jour"


def test_index_is_paginated_and_pages_past_the_first_are_noindex(client, news_index):
    for number in range(PAGE_SIZE):
        make_news(news_index, f"Brève {number:02d}", days_ago=30 + number)
    first = client.get("/actualites/")
    assert len(listed_titles(first)) == PAGE_SIZE
    assert "Page 1 sur 2" in first.content.decode()
    assert robots(first) == []
    second = client.get("/actualites/", {"page": 2})
    titles = listed_titles(second)
    assert titles == [f"Brève {number:02d}" for number in range(PAGE_SIZE - 4, PAGE_SIZE)]
    assert robots(second) == ["noindex, follow"]
    assert canonical(second) == canonical(first) == news_index.full_url


def test_index_filters_by_category_and_tag(client, news_index, news_category):
    make_news(news_index, "Dans la catégorie", category=news_category, tags=["Zéro déchet"])
    make_news(news_index, "Avec le mot-clé seul", tags=["Zéro déchet"], days_ago=1)

    by_category = client.get("/actualites/", {"categorie": "categorie-de-test"})
    assert listed_titles(by_category) == ["Dans la catégorie"]
    assert robots(by_category) == ["noindex, follow"]
    assert canonical(by_category) == news_index.full_url

    slug = Tag.objects.get(name="Zéro déchet").slug
    by_tag = client.get("/actualites/", {"tag": slug})
    assert listed_titles(by_tag) == ["Dans la catégorie", "Avec le mot-clé seul"]
    assert robots(by_tag) == ["noindex, follow"]

    both = client.get("/actualites/", {"tag": slug, "categorie": "categorie-de-test"})
    assert listed_titles(both) == ["Dans la catégorie"]

    demo = client.get("/actualites/", {"categorie": "reglementation"})
    assert listed_titles(demo) == [DEMO_VISIBLE[1]]


def test_index_offers_the_categories_and_tags_of_visible_news_only(client, news_index):
    html = client.get("/actualites/").content.decode()
    assert 'href="/actualites/?categorie=reglementation"' in html
    assert 'href="/actualites/?tag=emballages"' in html
    # Only the scheduled news item has these: no filter leads to an empty page.
    assert "?tag=commande-en-ligne" not in html


def test_unknown_filters_are_not_found(client, news_index):
    assert client.get("/actualites/", {"categorie": "inconnue"}).status_code == 404
    assert client.get("/actualites/", {"tag": "inconnu"}).status_code == 404


def test_listing_images_are_webp_renditions_with_their_size(client, news_index):
    soup = BeautifulSoup(client.get("/actualites/").content, "html.parser")
    images = soup.select(".news-card img")
    assert len(images) == len(DEMO_VISIBLE)
    for image in images:
        assert image["src"].endswith(".webp")
        assert image["width"] == "640" and image["height"] == "360"


def test_index_breadcrumbs_and_item_list(client, news_index):
    response = client.get("/actualites/")
    soup = BeautifulSoup(response.content, "html.parser")
    crumbs = [li.get_text(strip=True) for li in soup.select(".breadcrumbs li")]
    assert crumbs == ["Accueil", "Actualités"]
    assert '"@type": "ItemList"' in response.content.decode()


def index_queries(client):
    client.get("/actualites/")  # warm: renditions, site root paths, content types
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/actualites/")
    return len(captured), response


def test_index_queries_do_not_grow_with_the_number_of_news(client, news_index, news_category):
    image = demo_image("Image de test des actualités")

    def add(count, offset):
        for number in range(count):
            make_news(
                news_index,
                f"Actualité {offset + number}",
                image=image,
                category=news_category,
                tags=["Test"],
            )

    add(3, 0)
    few, response = index_queries(client)
    assert len(listed_titles(response)) == 3 + len(DEMO_VISIBLE)
    add(12, 3)
    many, response = index_queries(client)
    assert len(listed_titles(response)) == PAGE_SIZE
    assert many == few


def render_latest(rf, count, user=None):
    request = rf.get("/")
    request.user = user or AnonymousUser()
    block = LatestNewsBlock()
    value = block.to_python({"title": "Les dernières nouvelles", "count": count})
    return block.render(value, context={"request": request})


def test_latest_news_block_shows_the_latest_visible_news(rf, news_index):
    html = render_latest(rf, 3)
    soup = BeautifulSoup(html, "html.parser")
    assert soup.h2.get_text() == "Les dernières nouvelles"
    titles = [a.get_text(strip=True) for a in soup.select(".card__title a")]
    assert titles == DEMO_VISIBLE[:3]
    assert soup.find("a", string="Toutes les actualités")["href"] == "/actualites/"
    assert SCHEDULED not in html and EXPIRED not in html


def test_latest_news_block_queries_do_not_grow_with_its_size(rf, news_index):
    render_latest(rf, 4)  # warm: renditions generated once
    with CaptureQueriesContext(connection) as one:
        render_latest(rf, 1)
    with CaptureQueriesContext(connection) as four:
        html = render_latest(rf, 4)
    assert len(re.findall('class="card news-card"', html)) == 4
    assert len(four) == len(one)


def test_latest_news_block_renders_nothing_without_news(rf, news_index):
    NewsPage.objects.update(live=False)
    assert render_latest(rf, 3).strip() == ""
