"""Counting: in the cache while serving, in the database after a flush; nothing personal kept."""

import io
from datetime import datetime, time, timedelta
from unittest import mock

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import DatabaseError
from django.urls import reverse
from django.utils import timezone
from wagtail.contrib.search_promotions.models import QueryDailyHits

from analytics import counters
from analytics.flush import flush
from analytics.middleware import PAGE_HEADER
from analytics.models import DailyCount, Metric, SearchResultsDay
from core.scheduler import run_once
from storefront.models import CustomerCompany
from tests.conftest import make_product
from tests.showroom.conftest import make_link, make_space
from tests.storefront.test_buyer_cache import logged_in, make_buyer

pytestmark = pytest.mark.django_db


def counted(metric, object_id, day=None):
    row = DailyCount.objects.filter(
        day=day or timezone.localdate(), metric=metric, object_id=object_id
    ).first()
    return row.count if row else 0


def test_page_views_are_counted_from_the_page_cache_too(client, category, settings):
    settings.STOREFRONT_PAGE_CACHE = True
    product = make_product(category, 1)
    first = client.get(product.url)
    second = client.get(product.url)
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    # The page's id travels with the cached page, never to the browser.
    assert PAGE_HEADER not in first and PAGE_HEADER not in second

    flush()
    assert counted(Metric.PAGE_VIEW, product.pk) == 2
    assert counted(Metric.PAGE_VIEW, category.pk) == 0


def test_each_page_is_counted_under_its_own_id(client, category):
    product = make_product(category, 1)
    client.get(product.url)
    client.get(category.url)
    client.get(category.url)
    flush()
    assert counted(Metric.PAGE_VIEW, product.pk) == 1
    assert counted(Metric.PAGE_VIEW, category.pk) == 2


def test_not_found_heads_and_robots_are_not_views(client, category):
    product = make_product(category, 1)
    client.head(product.url)
    client.get(product.url, headers={"User-Agent": "Mozilla/5.0 (compatible; Googlebot/2.1)"})
    client.get(product.url + "nope/")
    flush()
    assert not DailyCount.objects.exists()


def test_counts_leave_no_cookie_and_store_nothing_about_the_visitor(client, category):
    product = make_product(category, 1)
    response = client.get(product.url, REMOTE_ADDR="203.0.113.9")
    assert not response.cookies
    flush()
    row = DailyCount.objects.get()
    values = [str(value) for value in DailyCount.objects.values_list().get()]
    assert "203.0.113.9" not in values and row.count == 1


def test_a_flush_writes_each_count_once_and_keeps_later_ones(client, category):
    product = make_product(category, 1)
    client.get(product.url)
    flush()
    flush()  # nothing new: nothing added twice
    assert counted(Metric.PAGE_VIEW, product.pk) == 1
    client.get(product.url)
    flush()
    assert counted(Metric.PAGE_VIEW, product.pk) == 2


def test_a_flush_that_cannot_write_keeps_the_counts_for_the_next(client, category):
    product = make_product(category, 1)
    client.get(product.url)
    with (
        mock.patch("analytics.flush.add_daily_counts", side_effect=DatabaseError),
        pytest.raises(DatabaseError),
    ):
        flush()
    flush()
    assert counted(Metric.PAGE_VIEW, product.pk) == 1


def test_counts_are_kept_per_day_and_flushed_for_the_days_before(category):
    product = make_product(category, 1)
    yesterday = timezone.localdate() - timedelta(days=1)
    counters.count(Metric.PAGE_VIEW.value, product.pk, day=yesterday)
    counters.count(Metric.PAGE_VIEW.value, product.pk)
    flush()
    assert counted(Metric.PAGE_VIEW, product.pk, yesterday) == 1
    assert counted(Metric.PAGE_VIEW, product.pk) == 1


def test_a_cache_outage_loses_counts_and_nothing_else(client, category):
    product = make_product(category, 1)
    with (
        mock.patch.object(cache.backend, "incr", side_effect=ConnectionError),
        mock.patch.object(cache.backend, "add", side_effect=ConnectionError),
    ):
        response = client.get(product.url)
    assert response.status_code == 200
    cache.server.down = False  # the outage is over
    flush()
    assert counted(Metric.PAGE_VIEW, product.pk) == 0


def test_searches_are_counted_with_their_terms_and_what_they_found(client, category):
    make_product(category, 1, title="Huile de colza")
    client.get("/search/", {"q": "Huile"})
    client.get("/search/", {"q": "huile"})
    client.get("/search/", {"q": "huile", "page": "2"})  # paging is not searching again
    client.get("/search/", {"q": "zzzintrouvable"})
    flush()

    today = timezone.localdate()
    hits = dict(
        QueryDailyHits.objects.filter(date=today).values_list("query__query_string", "hits")
    )
    assert hits == {"huile": 2, "zzzintrouvable": 1}
    found = SearchResultsDay.objects.get(query__query_string="huile", day=today)
    assert found.results >= 1 and found.zero_result_searches == 0
    nothing = SearchResultsDay.objects.get(query__query_string="zzzintrouvable", day=today)
    assert (nothing.results, nothing.zero_result_searches) == (0, 1)


def test_brochure_downloads_are_counted_per_page(client, category, public_prices):
    make_product(category, 1)
    brochure = reverse("brochures:page", kwargs={"page_id": category.pk})
    assert client.get(brochure).status_code == 200
    client.get(brochure)
    flush()
    assert counted(Metric.BROCHURE_DOWNLOAD, category.pk) == 2


def test_customer_logins_are_counted_per_company_and_staff_logins_not(client):
    dupont = CustomerCompany.objects.get(customer_number="C-000123")
    login = reverse("login")
    client.post(login, {"username": "client", "password": "client-demo"})
    client.logout()
    client.post(login, {"username": "editeur", "password": "editeur-demo"})
    client.post(login, {"username": "client", "password": "wrong"})
    flush()
    assert list(DailyCount.objects.values_list("metric", "object_id", "count")) == [
        (Metric.CUSTOMER_LOGIN, dupont.pk, 1)
    ]


def test_share_link_opens_are_counted_per_link(client, category):
    product = make_product(category, 1)
    space = make_space("Espace Zanzibar", products=[product])
    link = make_link(space)
    client.get(reverse("showroom:share_link", kwargs={"token": link.token}))
    client.get(reverse("showroom:share_link", kwargs={"token": link.token}))
    flush()
    assert counted(Metric.SHARE_LINK_OPEN, link.pk) == 2


def test_the_scheduler_flushes_the_counts(client, category):
    product = make_product(category, 1)
    client.get(product.url)
    report = run_once()
    assert "Statistiques : 1 évènement(s) écrit(s)" in report
    assert counted(Metric.PAGE_VIEW, product.pk) == 1


def test_the_flush_command(client, category):
    product = make_product(category, 1)
    client.get(product.url)
    out = io.StringIO()
    call_command("flush_counters", stdout=out)
    assert "1 évènement(s) écrit(s)" in out.getvalue()
    assert counted(Metric.PAGE_VIEW, product.pk) == 1


def test_a_count_after_local_midnight_goes_to_the_new_day(category, monkeypatch):
    product = make_product(category, 1)
    monkeypatch.setattr(counters, "_today", {"date": None, "until": 0.0})
    tomorrow = timezone.localdate() + timedelta(days=1)
    midnight = datetime.combine(tomorrow, time.min, tzinfo=timezone.get_current_timezone())
    for moment in (midnight - timedelta(seconds=1), midnight + timedelta(seconds=1)):
        monkeypatch.setattr(counters.time, "time", lambda moment=moment: moment.timestamp())
        counters.count(Metric.PAGE_VIEW.value, product.pk)
    flush(last=tomorrow)
    assert counted(Metric.PAGE_VIEW, product.pk, tomorrow - timedelta(days=1)) == 1
    assert counted(Metric.PAGE_VIEW, product.pk, tomorrow) == 1


def test_buyers_page_views_are_counted_from_their_shared_cache_too(category, settings):
    # The buyer cache (core/buyer_cache.py) answers inside the session middleware: a hit
    # never renders the page, so the page's id must travel with the stored page there too.
    settings.STOREFRONT_PAGE_CACHE = True
    product = make_product(category, 1)
    # Both attached first: attaching a user to a company starts a new content generation.
    buyers = [
        make_buyer(username, username, None, number)
        for number, username in enumerate(("acheteur-a", "acheteur-b"))
    ]
    for number, buyer in enumerate(buyers):
        response = logged_in(buyer).get(product.url)
        assert response["X-Page-Cache"] == ("miss", "hit")[number]
        assert PAGE_HEADER not in response
    flush()
    assert counted(Metric.PAGE_VIEW, product.pk) == 2
