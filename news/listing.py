"""Which news a visitor may read now, and what the news index and the home block list.

Visibility is decided at request time from the page's own dates: a news item whose go-live
has not come, or whose expiry has passed, is left out even when the scheduler has not yet
published or unpublished it (docs/design.md, principle 1).
"""

from django.core.paginator import Paginator
from django.http import Http404
from django.utils import timezone
from taggit.models import Tag
from wagtail.models import Site

from core.preview import request_instant
from core.publication import running_q
from news.models import NewsCategory, NewsIndexPage, NewsPage

PAGE_SIZE = 12
# What the news index reads: `selected_filters` and the page.
QUERY_PARAMETERS = ("categorie", "tag", "page")
NEWEST_FIRST = ("-date", "-first_published_at", "-pk")


def running_news(at=None):
    """Live, public news pages, neither scheduled nor expired at `at` (now), newest first."""
    at = at or timezone.now()
    return NewsPage.objects.live().public().filter(running_q(at)).order_by(*NEWEST_FIRST)


def for_listing(news):
    """What a news card shows, loaded with the news: a listing costs the same for 3 or 300."""
    return news.select_related("image", "category").prefetch_related("image__renditions")


def selected_filters(params):
    """The category and tag asked for in ``?categorie=…&tag=…``; an unknown one is a 404, so
    that old or made-up filter links do not answer with empty pages."""
    category = tag = None
    if slug := params.get("categorie"):
        category = NewsCategory.objects.filter(slug=slug).first()
        if category is None:
            raise Http404("Catégorie d'actualités inconnue.")
    if slug := params.get("tag"):
        tag = Tag.objects.filter(slug=slug).first()
        if tag is None:
            raise Http404("Mot-clé inconnu.")
    return category, tag


def index_listing(index, request):
    """Context of the news index: the page of news asked for, filters, and what to filter by."""
    at = request_instant(request)
    published = running_news(at).child_of(index)
    category, tag = selected_filters(request.GET)
    news = published
    if category:
        news = news.filter(category=category)
    if tag:
        news = news.filter(tags=tag)
    page_obj = Paginator(for_listing(news), PAGE_SIZE).get_page(request.GET.get("page"))
    listed = published.values("pk")
    return {
        "breadcrumbs": index.get_ancestors().filter(depth__gt=1),
        "page_obj": page_obj,
        "news_items": page_obj.object_list,
        "category": category,
        "tag": tag,
        "categories": NewsCategory.objects.filter(news__in=listed).distinct(),
        "tags": Tag.objects.filter(news_newspagetag_items__content_object__in=listed)
        .distinct()
        .order_by("name"),
        # Filtered and paginated variants duplicate the index: the canonical URL has no
        # parameters and they ask not to be indexed.
        "noindex": bool(category or tag) or "page" in request.GET,
    }


def latest_news(request, count):
    """``(news, index page)``: the `count` latest news readable now on the request's site."""
    at = request_instant(request) if request is not None else timezone.now()
    news = running_news(at)
    indexes = NewsIndexPage.objects.live().public()
    site = Site.find_for_request(request) if request is not None else None
    if site is not None:
        news = news.descendant_of(site.root_page)
        indexes = indexes.descendant_of(site.root_page)
    return list(for_listing(news)[:count]), indexes.first()
