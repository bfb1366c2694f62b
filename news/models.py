"""News: the index (`/actualites/`), one page per news item, and their categories."""

from datetime import datetime, time

from django.core.paginator import Paginator
from django.db import models
from django.http import Http404
from django.utils import timezone
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import Tag, TaggedItemBase
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.embeds.blocks import EmbedBlock
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, Site
from wagtail.search import index
from wagtailseo.models import SeoType

from core.blocks import ImageWithCaptionBlock
from core.pages import ExpiredChildrenAreGone, GoneMixin, SeoPage
from core.preview import request_instant
from core.publication import has_expired, has_started, running_q
from news.blocks import ProductCardsBlock, QuoteBlock
from news.cards import CARDS_CONTEXT_KEY, cards_by_product, stream_product_ids


class NewsCategory(models.Model):
    name = models.CharField("Nom", max_length=80, unique=True)
    slug = models.SlugField(
        "Identifiant d'URL",
        max_length=80,
        unique=True,
        help_text="Utilisé dans l'adresse du filtre : /actualites/?categorie=…",
    )

    panels = [FieldPanel("name"), FieldPanel("slug")]

    class Meta:
        verbose_name = "Catégorie d'actualités"
        verbose_name_plural = "Catégories d'actualités"
        ordering = ["name"]

    def __str__(self):
        return self.name


class NewsBodyBlock(blocks.StreamBlock):
    text = blocks.RichTextBlock(
        label="Texte",
        features=["h2", "h3", "bold", "italic", "link", "ol", "ul"],
        template="storefront/blocks/rich_text_plain.html",
    )
    image = ImageWithCaptionBlock()
    gallery = blocks.ListBlock(
        ImageWithCaptionBlock(),
        label="Galerie",
        min_num=2,
        max_num=12,
        help_text="De 2 à 12 images, affichées en vignettes.",
        template="news/blocks/gallery.html",
    )
    quote = QuoteBlock()
    video = EmbedBlock(
        label="Vidéo",
        help_text="Adresse d'une vidéo YouTube, Vimeo…",
        template="storefront/blocks/video.html",
    )
    products = ProductCardsBlock()


class NewsIndexPage(ExpiredChildrenAreGone, SeoPage):
    intro = RichTextField("Introduction", blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    promote_panels = SeoPage.promote_panels

    parent_page_types = ["storefront.HomePage"]
    subpage_types = ["news.NewsPage"]
    gone_child_model = "news.NewsPage"
    max_count = 1

    class Meta:
        verbose_name = "Index des actualités"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(index_listing(self, request))
        return context


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "news.NewsPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


def today():
    return timezone.localdate()


class NewsPage(GoneMixin, SeoPage):
    date = models.DateField(
        "Date",
        default=today,
        help_text="Date affichée sur l'actualité ; les listes vont de la plus récente à la plus "
        "ancienne. Pour une mise en ligne différée, utilisez plutôt la programmation de la "
        "publication (heure de Paris).",
    )
    author = models.CharField(
        "Auteur",
        max_length=100,
        blank=True,
        help_text="Une personne ou un service, par exemple « Service achats ». Laissé vide : "
        "le nom de l'auteur de la page.",
    )
    intro = models.TextField(
        "Chapeau",
        max_length=300,
        help_text="Une ou deux phrases, reprises dans les listes, le flux d'actualités et les "
        "partages quand la description de recherche est vide.",
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name="Image de liste",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Illustre l'actualité en tête de page, dans les listes et les partages "
        "(format paysage 16:9 conseillé).",
    )
    body = StreamField(
        NewsBodyBlock(),
        blank=True,
        verbose_name="Contenu",
        help_text="Textes, images, galerie, citation, vidéo et produits (avec les prix du "
        "visiteur), dans l'ordre.",
    )
    category = models.ForeignKey(
        NewsCategory,
        verbose_name="Catégorie",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="news",
        help_text="Gérez les catégories dans le menu « Catégories d'actualités ».",
    )
    tags = ClusterTaggableManager(
        through=NewsPageTag,
        blank=True,
        verbose_name="Mots-clés",
        help_text="Permettent de filtrer les actualités par thème.",
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("date"), FieldPanel("author")]),
                FieldPanel("intro"),
                FieldPanel("image"),
            ],
            heading="En-tête",
        ),
        FieldPanel("body"),
        MultiFieldPanel([FieldPanel("category"), FieldPanel("tags")], heading="Classement"),
    ]
    promote_panels = SeoPage.promote_panels
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
        index.FilterField("date"),
    ]

    parent_page_types = ["news.NewsIndexPage"]
    subpage_types = []
    gone_template = "news/news_gone.html"

    # wagtail-seo: an article for Open Graph and JSON-LD (seo.structured_data.article).
    seo_content_type = SeoType.ARTICLE
    structured_data_type = "NewsArticle"
    seo_description_sources = ["search_description", "intro"]
    seo_image_sources = ["og_image", "image"]

    class Meta:
        verbose_name = "Actualité"
        verbose_name_plural = "Actualités"

    @property
    def published_at(self):
        """The instant the news appeared: its first publication if that was on its date,
        otherwise the start of its date (Paris time) for back-dated news."""
        if self.first_published_at and timezone.localdate(self.first_published_at) == self.date:
            return self.first_published_at
        return timezone.make_aware(datetime.combine(self.date, time()))

    @property
    def seo_published_at(self):
        return self.published_at

    @property
    def seo_author(self):
        return self.author or super().seo_author

    def serve(self, request, *args, **kwargs):
        at = request_instant(request)
        if not has_started(self, at):
            raise Http404
        if has_expired(self, at):
            return self.gone_response(request)
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        breadcrumbs = list(self.get_ancestors().filter(depth__gt=1))
        context["breadcrumbs"] = breadcrumbs
        context["index_page"] = breadcrumbs[-1] if breadcrumbs else None
        context["tags"] = self.tags.order_by("name")
        # Every product block of the body priced in one go (one quote_many per page).
        context[CARDS_CONTEXT_KEY] = cards_by_product(request, stream_product_ids(self.body))
        return context

    def gone_context(self, request):
        """Readers of an expired news item get the latest news instead."""
        news, index_page = latest_news(request, 3)
        return {"news_items": news, "index_page": index_page}


# -- Which news a visitor may read now, and what the news index and the home block list ------
# Decided at request time from the pages' own dates: a news item whose go-live has not come, or
# whose expiry has passed, is left out even when the scheduler has not yet published or
# unpublished it (docs/design.md, principle 1).

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
