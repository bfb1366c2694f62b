"""The dashboard's figures for a period and the one before it, from the daily counts.

Plain functions over the database: the view (analytics/views.py) shows them, the export
writes them row by row, the home-screen panel shows the headline figures of the last 7 days.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, OuterRef, Subquery, Sum
from django.urls import reverse
from django.utils import timezone
from wagtail.contrib.search_promotions.models import QueryDailyHits
from wagtail.models import Page

from analytics.models import DailyCount, Metric, SearchResultsDay
from enquiries.models import AccountRequest, QuoteRequest
from promotions.models import PromotionPage
from showroom.models import ShareLink
from storefront.models import CategoryPage, CustomerCompany, ProductPage

PERIODS = (7, 30, 90)
DEFAULT_PERIOD = 30
TOP = 10
QUOTE_ORIGINS = "Demandes de devis par page d'origine"
ACCOUNT_ORIGINS = "Demandes de compte par page d'origine"
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


def page_views(span):
    return DailyCount.objects.filter(metric=Metric.PAGE_VIEW, day__range=span.day_range())


def views_of(model, span, limit=None):
    """``{page id: views}`` of the pages of `model` in the period, most viewed first. The
    database ranks them: a period may cover every page of a large catalogue."""
    rows = (
        page_views(span)
        .filter(object_id__in=model.objects.values("pk"))
        .values("object_id")
        .annotate(total=Sum("count"))
        .order_by("-total", "object_id")
        .values_list("object_id", "total")
    )
    return dict(rows[:limit] if limit else rows)


def top_pages(model, section, span):
    ranked = views_of(model, span, TOP)
    before = dict(
        page_views(span.previous)
        .filter(object_id__in=ranked)
        .values("object_id")
        .annotate(total=Sum("count"))
        .values_list("object_id", "total")
    )
    titles = dict(Page.objects.filter(pk__in=ranked).values_list("pk", "title"))
    return [
        Figure(section, titles[pk], views, before.get(pk, 0), url=admin_edit_url(pk))
        for pk, views in ranked.items()
    ]


def views_by_type(span):
    """``{type of page: views}``, the type named as editors know it (« Produit »…)."""
    content_type = Page.objects.filter(pk=OuterRef("object_id")).values("content_type")[:1]
    rows = (
        page_views(span)
        .annotate(content_type=Subquery(content_type))
        .values("content_type")
        .annotate(total=Sum("count"))
        .values_list("content_type", "total")
    )
    totals = defaultdict(int)
    for content_type_id, views in rows:
        model = (
            ContentType.objects.get_for_id(content_type_id).model_class()
            if content_type_id
            else None
        )
        label = model._meta.verbose_name if model else DELETED_PAGE
        totals[str(label).capitalize()] += views
    return totals


def page_types(span):
    now, before = views_by_type(span), views_by_type(span.previous)
    return [
        Figure("Pages vues par type", label, views, before.get(label, 0))
        for label, views in sorted(now.items(), key=lambda item: (-item[1], item[0]))
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


def promotion_conversion(span):
    """Each promotion seen in the period: its views, the quote requests sent from it and how
    many per 100 views."""
    views = views_of(PromotionPage, span)
    promotions = PromotionPage.objects.filter(pk__in=views).only("pk", "title")
    quotes = dict(
        created_in(QuoteRequest, span)
        .filter(origin_page__in=[p.pk for p in promotions])
        .values("origin_page")
        .annotate(total=Count("pk"))
        .values_list("origin_page", "total")
    )
    rows = []
    for promotion in promotions:
        seen, asked = views[promotion.pk], quotes.get(promotion.pk, 0)
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


def origins(model, title, span):
    """Requests of `model` (quote or account requests) made in `span`, by page of origin."""
    rows = (
        created_in(model, span)
        .values("origin_page_id", "origin_page__title")
        .annotate(total=Count("pk"))
        .order_by("-total", "origin_page__title")[:TOP]
    )
    return [
        Figure(title, row["origin_page__title"] or "Sans page d'origine", row["total"])
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
    return {
        "headlines": headlines(span),
        "daily_views": daily_series(Metric.PAGE_VIEW, span),
        "top_products": top_pages(ProductPage, "Produits les plus vus", span),
        "top_categories": top_pages(CategoryPage, "Catégories les plus vues", span),
        "page_types": page_types(span),
        "top_searches": top_searches(span),
        "zero_result_searches": zero_result_searches(span),
        "promotions": promotion_conversion(span),
        "quote_origins": origins(QuoteRequest, QUOTE_ORIGINS, span),
        "account_origins": origins(AccountRequest, ACCOUNT_ORIGINS, span),
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
    "account_origins",
    "companies",
    "brochures",
    "share_links",
]
