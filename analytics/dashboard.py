"""The dashboard's figures for a period and the one before it, from the daily counts.

Plain functions over the database: the view (analytics/views.py) shows them, the export
writes them row by row, the home-screen panel shows the headline figures of the last 7 days.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Count, Sum
from django.urls import reverse
from django.utils import timezone
from wagtail.contrib.search_promotions.models import QueryDailyHits
from wagtail.models import Page

from analytics.models import DailyCount, Metric, SearchResultsDay
from promotions.models import PromotionPage
from showroom.models import ShareLink
from storefront.models import (
    AccountRequest,
    CategoryPage,
    CustomerCompany,
    ProductPage,
    QuoteRequest,
)

PERIODS = (7, 30, 90)
DEFAULT_PERIOD = 30
TOP = 10
DELETED_PAGE = "Page supprimée"


@dataclass(frozen=True)
class Period:
    days: int
    end: object  # the last day, included

    @property
    def start(self):
        return self.end - timedelta(days=self.days - 1)

    @property
    def previous(self):
        return Period(self.days, self.start - timedelta(days=1))

    def day_range(self):
        return (self.start, self.end)

    def each_day(self):
        return [self.start + timedelta(days=n) for n in range(self.days)]


def period(days, today=None):
    return Period(days, today or timezone.localdate())


@dataclass
class Figure:
    """One line of the dashboard and of its export."""

    section: str
    label: str
    value: object
    previous: object = ""
    # Promotions and companies: the quote requests they brought, and per 100 views.
    quotes: object = ""
    rate: object = ""
    url: str = ""

    @property
    def change(self):
        """The change from the previous period, in percent; None when it cannot be said."""
        if not isinstance(self.previous, int) or not self.previous:
            return None
        return round(100 * (self.value - self.previous) / self.previous)


def metric_total(metric, span):
    counts = DailyCount.objects.filter(metric=metric, day__range=span.day_range())
    return counts.aggregate(total=Sum("count"))["total"] or 0


def searches_total(span):
    hits = QueryDailyHits.objects.filter(date__range=span.day_range())
    return hits.aggregate(total=Sum("hits"))["total"] or 0


def zero_result_total(span):
    rows = SearchResultsDay.objects.filter(day__range=span.day_range())
    return rows.aggregate(total=Sum("zero_result_searches"))["total"] or 0


def created_in(model, span):
    return model.objects.filter(created_at__date__range=span.day_range())


HEADLINES = [
    ("Pages vues", lambda span: metric_total(Metric.PAGE_VIEW, span)),
    ("Recherches", searches_total),
    ("Recherches sans résultat", zero_result_total),
    ("Demandes de devis", lambda span: created_in(QuoteRequest, span).count()),
    ("Demandes de compte", lambda span: created_in(AccountRequest, span).count()),
    ("Plaquettes téléchargées", lambda span: metric_total(Metric.BROCHURE_DOWNLOAD, span)),
    ("Connexions clients", lambda span: metric_total(Metric.CUSTOMER_LOGIN, span)),
    ("Liens de partage ouverts", lambda span: metric_total(Metric.SHARE_LINK_OPEN, span)),
]


def headlines(span):
    return [
        Figure("Indicateurs", label, compute(span), compute(span.previous))
        for label, compute in HEADLINES
    ]


def per_object(metric, span):
    """``{object id: count}`` over the period."""
    rows = DailyCount.objects.filter(metric=metric, day__range=span.day_range())
    return dict(
        rows.values("object_id").annotate(total=Sum("count")).values_list("object_id", "total")
    )


def daily_series(metric, span):
    """``[(day, count)]`` for every day of the period, days without a count included."""
    rows = DailyCount.objects.filter(metric=metric, day__range=span.day_range())
    totals = dict(rows.values("day").annotate(total=Sum("count")).values_list("day", "total"))
    return [(day, totals.get(day, 0)) for day in span.each_day()]


def admin_edit_url(page_id):
    return reverse("wagtailadmin_pages:edit", args=[page_id])


@dataclass
class PageViews:
    """Page views of the period, per page and per type of page."""

    by_page: dict
    pages: dict = field(default_factory=dict)

    @classmethod
    def of(cls, span):
        by_page = per_object(Metric.PAGE_VIEW, span)
        pages = Page.objects.filter(pk__in=by_page).only("pk", "title", "content_type")
        return cls(by_page, {page.pk: page for page in pages})

    def top(self, model, section, previous):
        ids = set(model.objects.filter(pk__in=self.pages).values_list("pk", flat=True))
        ranked = sorted(ids, key=lambda pk: (-self.by_page[pk], self.pages[pk].title))[:TOP]
        return [
            Figure(
                section,
                self.pages[pk].title,
                self.by_page[pk],
                previous.by_page.get(pk, 0),
                url=admin_edit_url(pk),
            )
            for pk in ranked
        ]

    def by_type(self):
        totals = defaultdict(int)
        for pk, views in self.by_page.items():
            page = self.pages.get(pk)
            model = page.specific_class if page else None
            label = model._meta.verbose_name if model else DELETED_PAGE
            totals[str(label).capitalize()] += views
        return totals


def page_types(current, previous):
    now, before = current.by_type(), previous.by_type()
    return [
        Figure("Pages vues par type", label, views, before.get(label, 0))
        for label, views in sorted(now.items(), key=lambda item: -item[1])
    ]


def top_searches(span):
    hits = (
        QueryDailyHits.objects.filter(date__range=span.day_range())
        .values("query_id", "query__query_string")
        .annotate(total=Sum("hits"))
        .order_by("-total", "query__query_string")[:TOP]
    )
    return [
        Figure("Recherches les plus fréquentes", row["query__query_string"], row["total"])
        for row in hits
    ]


def zero_result_searches(span):
    """Terms that found nothing, with the query's id: one click makes it a search promotion."""
    rows = (
        SearchResultsDay.objects.filter(day__range=span.day_range(), zero_result_searches__gt=0)
        .values("query_id", "query__query_string")
        .annotate(total=Sum("zero_result_searches"))
        .order_by("-total", "query__query_string")[:TOP]
    )
    return [
        Figure(
            "Recherches sans résultat",
            row["query__query_string"],
            row["total"],
            # The query's editors' picks form: the term is already there.
            url=reverse("wagtailsearchpromotions:edit", args=[row["query_id"]]),
        )
        for row in rows
    ]


def promotion_conversion(views, span):
    """Each promotion seen in the period: its views, the quote requests sent from it and how
    many per 100 views."""
    promotions = PromotionPage.objects.filter(pk__in=views.by_page).only("pk", "title")
    quotes = dict(
        created_in(QuoteRequest, span)
        .filter(origin_page__in=[p.pk for p in promotions])
        .values("origin_page")
        .annotate(total=Count("pk"))
        .values_list("origin_page", "total")
    )
    rows = []
    for promotion in promotions:
        seen, asked = views.by_page[promotion.pk], quotes.get(promotion.pk, 0)
        rows.append(
            Figure(
                "Promotions : vues et demandes de devis",
                promotion.title,
                seen,
                quotes=asked,
                rate=round(100 * asked / seen, 1),
                url=admin_edit_url(promotion.pk),
            )
        )
    return sorted(rows, key=lambda row: (-row.quotes, -row.value, row.label))[:TOP]


def quote_origins(span):
    rows = (
        created_in(QuoteRequest, span)
        .values("origin_page_id", "origin_page__title")
        .annotate(total=Count("pk"))
        .order_by("-total", "origin_page__title")[:TOP]
    )
    return [
        Figure(
            "Demandes de devis par page d'origine",
            row["origin_page__title"] or "Sans page d'origine",
            row["total"],
        )
        for row in rows
    ]


def active_companies(span):
    """Customer companies by activity: logins, then quote requests sent by their accounts."""
    logins = per_object(Metric.CUSTOMER_LOGIN, span)
    quotes = dict(
        created_in(QuoteRequest, span)
        .filter(customer__customer__isnull=False)
        .values("customer__customer__company")
        .annotate(total=Count("pk"))
        .values_list("customer__customer__company", "total")
    )
    names = dict(
        CustomerCompany.objects.filter(pk__in={*logins, *quotes}).values_list("pk", "name")
    )
    rows = [
        Figure(
            "Sociétés clientes les plus actives (connexions)",
            name,
            logins.get(pk, 0),
            quotes=quotes.get(pk, 0),
        )
        for pk, name in names.items()
    ]
    return sorted(rows, key=lambda row: (-row.value - row.quotes, row.label))[:TOP]


def top_share_links(span):
    opens = per_object(Metric.SHARE_LINK_OPEN, span)
    links = ShareLink.objects.filter(pk__in=opens).select_related("space")
    rows = [
        Figure("Liens de partage ouverts", f"{link.space.title} — {link.label}", opens[link.pk])
        for link in links
    ]
    return sorted(rows, key=lambda row: (-row.value, row.label))[:TOP]


def top_brochures(span):
    downloads = per_object(Metric.BROCHURE_DOWNLOAD, span)
    pages = Page.objects.filter(pk__in=downloads).only("pk", "title")
    rows = [Figure("Plaquettes téléchargées", page.title, downloads[page.pk]) for page in pages]
    return sorted(rows, key=lambda row: (-row.value, row.label))[:TOP]


def dashboard(span):
    """Every figure of the dashboard for the period."""
    views, previous_views = PageViews.of(span), PageViews.of(span.previous)
    return {
        "headlines": headlines(span),
        "daily_views": daily_series(Metric.PAGE_VIEW, span),
        "top_products": views.top(ProductPage, "Produits les plus vus", previous_views),
        "top_categories": views.top(CategoryPage, "Catégories les plus vues", previous_views),
        "page_types": page_types(views, previous_views),
        "top_searches": top_searches(span),
        "zero_result_searches": zero_result_searches(span),
        "promotions": promotion_conversion(views, span),
        "quote_origins": quote_origins(span),
        "companies": active_companies(span),
        "brochures": top_brochures(span),
        "share_links": top_share_links(span),
    }


def export_rows(figures):
    """Every line of the dashboard, section by section, as the export writes them."""
    sections = [figures[key] for key in EXPORTED]
    return [figure for section in sections for figure in section]


EXPORTED = [
    "headlines",
    "page_types",
    "top_products",
    "top_categories",
    "top_searches",
    "zero_result_searches",
    "promotions",
    "quote_origins",
    "companies",
    "brochures",
    "share_links",
]
