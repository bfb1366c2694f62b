"""Scheduled, expired, private and noindex news: where each may (not) appear.

Expiry and go-live are checked at request time, so an expired news item is out of every
channel even while Wagtail's scheduler has not unpublished it yet (still ``live=True``).
"""

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import PageViewRestriction

from news.home_blocks import LatestNewsBlock
from news.models import NewsPage, running_news
from tests.news.conftest import make_news

pytestmark = pytest.mark.django_db

SCHEDULED = "Commandez vos boissons en ligne 24 h/24"
EXPIRED = "Horaires d'été du dépôt"
SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def index_html(client):
    response = client.get("/actualites/")
    assert response.status_code == 200
    return response.content.decode()


def feed_titles(client):
    response = client.get("/feeds/actualites.xml")
    assert response.status_code == 200
    return [item.findtext("title") for item in ET.fromstring(response.content).iter("item")]


def sitemap_locations(client):
    response = client.get("/sitemap-news.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    return [loc.text for loc in root.findall("sm:url/sm:loc", SITEMAP_NS)]


def latest_html(rf):
    request = rf.get("/")
    request.user = AnonymousUser()
    block = LatestNewsBlock()
    return block.render(block.to_python({"title": "Actualités", "count": 12}), {"request": request})


def assert_nowhere(client, rf, page):
    assert page.title not in index_html(client)
    assert page.title not in feed_titles(client)
    assert page.full_url not in sitemap_locations(client)
    assert page.title not in latest_html(rf)
    assert page.pk not in {news.pk for news in running_news()}


def test_the_demo_has_a_news_item_scheduled_through_a_revision():
    page = NewsPage.objects.get(title=SCHEDULED)
    assert not page.live
    assert page.go_live_at > timezone.now()
    assert page.scheduled_revision.approved_go_live_at == page.go_live_at


def test_scheduled_news_appears_nowhere_and_its_url_is_not_found(client, rf, news_index):
    page = NewsPage.objects.get(title=SCHEDULED)
    assert_nowhere(client, rf, page)
    assert client.get(page.url).status_code == 404
    client.login(username="client", password="client-demo")
    assert client.get(page.url).status_code == 404


def test_a_live_page_whose_go_live_is_still_ahead_is_not_shown(client, rf, news_index):
    page = make_news(news_index, "Pas encore")
    NewsPage.objects.filter(pk=page.pk).update(go_live_at=timezone.now() + timedelta(hours=1))
    assert_nowhere(client, rf, page)
    assert client.get(page.url).status_code == 404


def test_expired_demo_news_is_still_live_but_shown_nowhere(client, rf, news_index):
    page = NewsPage.objects.get(title=EXPIRED)
    assert page.live and page.expire_at < timezone.now()  # the scheduler has not run
    assert_nowhere(client, rf, page)
    response = client.get(page.url)
    assert response.status_code == 410
    html = response.content.decode()
    assert "Cette actualité n'est plus en ligne" in html
    assert "Retrouvez-nous au Sirha Lyon" in html  # the latest news instead


def test_news_expiring_now_drops_out_before_the_scheduler_runs(client, rf, news_index):
    page = make_news(news_index, "Offre de la semaine")
    assert "Offre de la semaine" in index_html(client)
    assert "Offre de la semaine" in feed_titles(client)
    assert page.full_url in sitemap_locations(client)
    NewsPage.objects.filter(pk=page.pk).update(expire_at=timezone.now() - timedelta(seconds=1))
    page.refresh_from_db()
    assert page.live
    assert_nowhere(client, rf, page)
    assert client.get(page.url).status_code == 410


def test_expired_news_unpublished_by_the_scheduler_stays_gone(client, news_index):
    page = NewsPage.objects.get(title=EXPIRED)
    call_command("publish_scheduled")
    page.refresh_from_db()
    assert not page.live and page.expired
    assert client.get(page.url).status_code == 410
    # The scheduled news item is not due yet: the scheduler leaves it alone.
    assert not NewsPage.objects.get(title=SCHEDULED).live


def test_private_news_appears_nowhere(client, rf, news_index):
    page = make_news(news_index, "Réservé aux clients")
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    assert_nowhere(client, rf, page)
    response = client.get(page.url)
    assert response.status_code == 302 and "next=" in response["Location"]


def test_noindex_news_is_listed_but_kept_from_feed_and_sitemap(client, news_index):
    page = make_news(news_index, "Note interne", noindex=True)
    assert "Note interne" in index_html(client)
    assert "Note interne" not in feed_titles(client)
    assert page.full_url not in sitemap_locations(client)
