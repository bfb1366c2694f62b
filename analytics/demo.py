"""Demo: the demo editors see the dashboard, and it has six months of made-up figures to show
(only when the demo has none yet)."""

import random
from datetime import timedelta

from django.contrib.auth.models import Group, Permission
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits
from wagtail.models import Page

from analytics.models import DailyCount, Metric, SearchResultsDay
from promotions.models import PromotionPage
from showroom.models import ShareLink
from storefront.demo.site import EDITORS_GROUP
from storefront.models import CategoryPage, CustomerCompany, ProductPage

DAYS = 180
# (term, results): the last ones found nothing, for the « Recherches sans résultat » table.
SEARCHES = [
    ("huile", 4),
    ("plateau inox", 3),
    ("gants", 2),
    ("bac gastro", 5),
    ("couteau céramique", 0),
    ("film étirable bio", 0),
]


def grant_dashboard():
    group = Group.objects.filter(name=EDITORS_GROUP).first()
    if group:
        group.permissions.add(
            Permission.objects.get(content_type__app_label="analytics", codename="view_dashboard")
        )


def counted_pages():
    """A few pages of each kind, each with how many views a day it gets at most."""
    pages = [(page, 40) for page in ProductPage.objects.live().order_by("pk")[:15]]
    pages += [(page, 25) for page in CategoryPage.objects.live().order_by("pk")[:6]]
    pages += [(page, 30) for page in PromotionPage.objects.live().order_by("pk")[:3]]
    pages += [(page, 60) for page in Page.objects.live().filter(depth=2)[:1]]  # home
    return pages


def make_figures():
    rng = random.Random(14)
    today = timezone.localdate()
    days = [today - timedelta(days=back) for back in range(1, DAYS + 1)]
    rows = []
    for page, most in counted_pages():
        rows += [
            DailyCount(day=day, metric=Metric.PAGE_VIEW, object_id=page.pk, count=count)
            for day in days
            if (count := rng.randint(0, most))
        ]
        if isinstance(page, CategoryPage):
            rows += [
                DailyCount(day=day, metric=Metric.BROCHURE_DOWNLOAD, object_id=page.pk, count=1)
                for day in days
                if rng.random() < 0.2
            ]
    for company in CustomerCompany.objects.order_by("pk")[:3]:
        rows += [
            DailyCount(day=day, metric=Metric.CUSTOMER_LOGIN, object_id=company.pk, count=count)
            for day in days
            if (count := rng.randint(0, 3))
        ]
    for link in ShareLink.objects.order_by("pk")[:3]:
        rows += [
            DailyCount(day=day, metric=Metric.SHARE_LINK_OPEN, object_id=link.pk, count=1)
            for day in days
            if rng.random() < 0.1
        ]
    DailyCount.objects.bulk_create(rows, batch_size=1000)

    hits, results = [], []
    for term, found in SEARCHES:
        query = Query.get(term)
        for day in days:
            count = rng.randint(0, 6)
            if not count:
                continue
            hits.append(QueryDailyHits(query=query, date=day, hits=count))
            results.append(
                SearchResultsDay(
                    query=query,
                    day=day,
                    results=found,
                    zero_result_searches=count if found == 0 else 0,
                )
            )
    QueryDailyHits.objects.bulk_create(hits, batch_size=1000)
    SearchResultsDay.objects.bulk_create(results, batch_size=1000)


def load():
    grant_dashboard()
    if not DailyCount.objects.exists():
        make_figures()
