"""The SEO report: what to fix on live pages so that they show well in search and shares.

``collect_problems`` is plain domain logic (one row per problem, easy to test); ``SeoReportView``
shows its rows in the admin's Reports menu with filters and CSV/XLSX export.
"""

from dataclasses import dataclass
from types import SimpleNamespace

import django_filters
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.models import Page, Site, get_page_models
from wagtail.permissions import page_permission_policy
from wagtailseo.models import SeoSettings

from core.privacy import is_private_path, restricted_paths
from core.tabular import NeutralisedExportMixin
from promotions.models import PriceDisplay
from promotions.pricing import Buyer, quote_many
from seo.share import FALLBACK_DESCRIPTION_FIELDS, FALLBACK_IMAGE_FIELDS
from storefront.models import Availability, ProductImage, ProductPage

CHUNK = 500
MAX_TITLE = 60
DESCRIPTION_RANGE = (50, 160)
MAX_DUPLICATES_LISTED = 3


class ProblemKind(models.TextChoices):
    # In order of what costs most: a product missing from Google Shopping or shown without a
    # picture first, the purely informative noindex last.
    PRODUCT_WITHOUT_PRICE = "product_without_price", "Produit sans prix public en vigueur"
    PRODUCT_WITHOUT_IMAGE = "product_without_image", "Produit sans image"
    DUPLICATE_TITLE = "duplicate_title", "Titre en double"
    LONG_TITLE = "long_title", "Titre de plus de 60 caractères"
    MISSING_DESCRIPTION = "missing_description", "Meta description manquante"
    DESCRIPTION_LENGTH = "description_length", "Meta description hors de 50 à 160 caractères"
    MISSING_SHARE_IMAGE = "missing_share_image", "Image de partage manquante"
    NOINDEX = "noindex", "Page non indexée"


KIND_ORDER = {kind: position for position, kind in enumerate(ProblemKind.values)}
SORT_KEYS = {
    "kind": lambda problem: (KIND_ORDER[problem.kind], problem.title.casefold(), problem.page_id),
    "title": lambda problem: (problem.title.casefold(), problem.page_id, KIND_ORDER[problem.kind]),
    "page_type": lambda problem: (problem.page_type, problem.title.casefold(), problem.page_id),
}


@dataclass(frozen=True, slots=True)
class Problem:
    kind: str
    page_id: int
    title: str
    page_type: str
    url: str
    detail: str

    @property
    def kind_label(self):
        return ProblemKind(self.kind).label

    @property
    def edit_url(self):
        return reverse("wagtailadmin_pages:edit", args=[self.page_id])


def _columns(model, names, *, relations=False):
    """The names among ``names`` that are database columns of ``model`` (as ``values()`` keys).

    Properties and methods cannot be read in bulk and are skipped.
    """
    fields = []
    for name in names:
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if field.concrete and bool(field.is_relation) == relations:
            fields.append(field.attname)
    return fields


@dataclass(frozen=True)
class _SeoColumns:
    """Where a page type's title, description and share image come from.

    wagtail-seo lets a page type name its sources, and ``seo.share`` falls back on the page's
    own summary and picture: reading the same lists keeps the report in line with what the
    page really shows search engines and networks.
    """

    title: list
    description: list
    fallback_description: list
    image: list
    has_noindex: bool
    is_product: bool

    @classmethod
    def of(cls, model):
        return cls(
            title=_columns(model, getattr(model, "seo_pagetitle_sources", ["seo_title"])),
            description=_columns(
                model, getattr(model, "seo_description_sources", ["search_description"])
            ),
            fallback_description=_columns(model, FALLBACK_DESCRIPTION_FIELDS),
            image=_columns(
                model,
                [*getattr(model, "seo_image_sources", ["og_image"]), *FALLBACK_IMAGE_FIELDS],
                relations=True,
            ),
            has_noindex=bool(_columns(model, ["noindex"])),
            is_product=issubclass(model, ProductPage),
        )

    def names(self):
        names = {"pk", "title", "url_path", "path"}
        names.update(self.title, self.description, self.fallback_description, self.image)
        if self.has_noindex:
            names.add("noindex")
        if self.is_product:
            names.update({"brand_id", "availability", "has_gallery"})
        return names


def _first_text(row, fields):
    for field in fields:
        value = (row.get(field) or "").strip()
        if value:
            return field, value
    return None, ""


def _site_lookup():
    """``url_path -> (root URL, path on the site, site has a default share image)``."""
    defaults = set(
        SeoSettings.objects.filter(og_image_default__isnull=False).values_list("site_id", flat=True)
    )
    roots = sorted(
        (
            (site.root_page.url_path, site.root_url, site.pk in defaults)
            for site in Site.objects.select_related("root_page").order_by("-is_default_site")
        ),
        key=lambda root: -len(root[0]),
    )

    def lookup(url_path):
        for root_path, root_url, has_default in roots:
            if url_path.startswith(root_path):
                return root_url, "/" + url_path[len(root_path) :], has_default
        return "", url_path, False

    return lookup


def _page_models():
    """Concrete page types whose pages can be indexed (every type but Wagtail's bare Page)."""
    return [model for model in get_page_models() if model is not Page]


def page_type_label(model):
    return capfirst(str(model._meta.verbose_name))


def _rows(model, columns, scope):
    """Live pages of exactly this type, in chunks of dicts (flat memory, fixed queries)."""
    queryset = model.objects.filter(
        content_type=ContentType.objects.get_for_model(model), live=True, depth__gt=1
    )
    if scope is not None:
        queryset = queryset.filter(pk__in=scope.values("pk"))
    if columns.is_product:
        queryset = queryset.annotate(
            has_gallery=Exists(ProductImage.objects.filter(page=OuterRef("pk")))
        )
    names = columns.names()
    last_pk = 0
    while True:
        chunk = list(queryset.filter(pk__gt=last_pk).order_by("pk").values(*names)[:CHUNK])
        if chunk:
            yield chunk
        if len(chunk) < CHUNK:
            return
        last_pk = chunk[-1]["pk"]


@dataclass
class _Page:
    """A live page as the checks read it: its row of SEO columns, its type and its URL."""

    row: dict
    model: type
    columns: _SeoColumns
    page_type: str
    url: str
    site_has_default_image: bool

    @property
    def seo_title(self):
        """The title search engines get."""
        return _first_text(self.row, self.columns.title)[1] or self.row["title"]

    def problem(self, kind, detail):
        return Problem(kind, self.row["pk"], self.row["title"], self.page_type, self.url, detail)


def noindex_reason(page, private_paths):
    """Why search engines never see the page, or None."""
    if page.row.get("noindex"):
        return "Case « Ne pas indexer » cochée (onglet Promotion)"
    if is_private_path(page.row["path"], private_paths):
        return "Page privée ou dans une section privée : jamais indexée"
    return None


def long_title(page):
    title = page.seo_title
    if len(title) > MAX_TITLE:
        return f"{len(title)} caractères : « {title} » (Google coupe vers 60)"
    return None


def missing_description(page):
    if _first_text(page.row, page.columns.description)[1]:
        return None
    fallback = _first_text(page.row, page.columns.fallback_description)[0]
    if fallback:
        label = page.model._meta.get_field(fallback).verbose_name
        return (
            f"Description de recherche vide : « {label} » est reprise à la place, sans "
            "contrôle de longueur"
        )
    return "Aucune description pour les moteurs : Google en improvisera une"


def description_length(page):
    description = _first_text(page.row, page.columns.description)[1]
    low, high = DESCRIPTION_RANGE
    if description and not low <= len(description) <= high:
        return f"{len(description)} caractères (visez {low} à {high})"
    return None


def missing_share_image(page):
    if page.row.get("has_gallery") or any(page.row[field] for field in page.columns.image):
        return None
    detail = "Aucune image propre à la page pour les réseaux sociaux"
    if page.site_has_default_image:
        detail += " : l'image par défaut du site est utilisée"
    return detail


def product_without_image(page):
    if page.columns.is_product and not page.row.get("has_gallery"):
        return "Galerie vide : ni vignette, ni image dans Google Shopping"
    return None


# The problems a page shows by itself, one check each: the detail to report, or None.
PAGE_CHECKS = {
    ProblemKind.LONG_TITLE: long_title,
    ProblemKind.MISSING_DESCRIPTION: missing_description,
    ProblemKind.DESCRIPTION_LENGTH: description_length,
    ProblemKind.MISSING_SHARE_IMAGE: missing_share_image,
    ProblemKind.PRODUCT_WITHOUT_IMAGE: product_without_image,
}


def unpriced_products(pages, at):
    """The products among `pages` (a chunk) that no public price list prices at `at`, in one
    call of the pricing function."""
    to_price = [
        page
        for page in pages
        if page.columns.is_product and page.row["availability"] != Availability.DISCONTINUED
    ]
    if not to_price:
        return []
    products = [
        SimpleNamespace(pk=page.row["pk"], path=page.row["path"], brand_id=page.row["brand_id"])
        for page in to_price
    ]
    quotes = quote_many(products, Buyer.anonymous(), at, price_display=PriceDisplay.PUBLIC)
    return [
        page.problem(
            ProblemKind.PRODUCT_WITHOUT_PRICE,
            "Aucune liste de prix publique en vigueur : pas de prix affiché aux visiteurs ni "
            "dans le flux Google Shopping",
        )
        for page in to_price
        if not quotes[page.row["pk"]].has_price
    ]


def duplicate_titles(titles):
    """One problem per page whose title another indexed page has too; `titles`: normalised
    title -> [(page id, title, page type, url)]."""
    problems = []
    for pages in titles.values():
        if len(pages) < 2:
            continue
        for page_id, title, page_type, url in pages:
            others = [other_url for other_pk, _, _, other_url in pages if other_pk != page_id]
            listed = ", ".join(others[:MAX_DUPLICATES_LISTED])
            if len(others) > MAX_DUPLICATES_LISTED:
                listed += f" et {len(others) - MAX_DUPLICATES_LISTED} autre(s)"
            detail = f"« {title} » aussi sur : {listed}"
            problems.append(
                Problem(ProblemKind.DUPLICATE_TITLE, page_id, title, page_type, url, detail)
            )
    return problems


def collect_problems(scope=None, *, kinds=None, at=None):
    """Every SEO problem of the live pages in ``scope`` (a Page queryset; None: all pages).

    One row per problem and page. A page kept out of the index (« Ne pas indexer », or a
    private section) gets one ``NOINDEX`` row and nothing else: the other checks matter only
    for what search engines see. ``kinds`` limits the work to those problem types (the
    filtered report does not price the catalogue to list noindex pages). Queries grow with
    the number of chunks of ``CHUNK`` pages, never per page; only the titles are kept across
    chunks, for the duplicates.
    """
    wanted = set(kinds) if kinds else set(ProblemKind.values)
    checks = {kind: check for kind, check in PAGE_CHECKS.items() if kind in wanted}
    at = at or timezone.now()
    site_of = _site_lookup()
    private = restricted_paths()
    problems = []
    titles = {}

    for model in _page_models():
        page_type = page_type_label(model)
        columns = _SeoColumns.of(model)
        for chunk in _rows(model, columns, scope):
            indexed = []
            for row in chunk:
                root_url, site_path, site_has_default_image = site_of(row["url_path"])
                page = _Page(
                    row, model, columns, page_type, root_url + site_path, site_has_default_image
                )
                reason = noindex_reason(page, private)
                if reason:
                    if ProblemKind.NOINDEX in wanted:
                        problems.append(page.problem(ProblemKind.NOINDEX, reason))
                    continue
                indexed.append(page)
                title = page.seo_title
                titles.setdefault(" ".join(title.casefold().split()), []).append(
                    (row["pk"], title, page_type, page.url)
                )
                for kind, check in checks.items():
                    detail = check(page)
                    if detail:
                        problems.append(page.problem(kind, detail))
            if ProblemKind.PRODUCT_WITHOUT_PRICE in wanted:
                problems += unpriced_products(indexed, at)

    if ProblemKind.DUPLICATE_TITLE in wanted:
        problems += duplicate_titles(titles)
    problems.sort(key=SORT_KEYS["kind"])
    return problems


# --- Admin view ---------------------------------------------------------------------------


def _page_type_choices():
    return sorted({(page_type_label(model),) * 2 for model in _page_models()})


class SeoProblemFilterSet(WagtailFilterSet):
    kind = django_filters.ChoiceFilter(
        label="Problème", choices=ProblemKind.choices, empty_label="Tous les problèmes"
    )
    page_type = django_filters.ChoiceFilter(
        label="Type de page", choices=_page_type_choices, empty_label="Tous les types"
    )

    class Meta:
        model = Page
        fields = []

    def filter_queryset(self, queryset):
        # The report's rows are computed problems, not a QuerySet: filter the list.
        kind = self.form.cleaned_data.get("kind")
        page_type = self.form.cleaned_data.get("page_type")
        return [
            problem
            for problem in queryset
            if (not kind or problem.kind == kind)
            and (not page_type or problem.page_type == page_type)
        ]


class SeoReportView(NeutralisedExportMixin, ReportView):
    page_title = "Référencement"
    page_subtitle = "Problèmes à corriger sur les pages publiées"
    header_icon = "search"
    results_template_name = "seo/reports/seo_report_results.html"
    filterset_class = SeoProblemFilterSet
    index_url_name = "seo_report"
    index_results_url_name = "seo_report_results"
    permission_policy = page_permission_policy
    permission_required = "change"
    default_ordering = "kind"
    columns = [
        TitleColumn(
            "title", label="Page", get_url=lambda problem: problem.edit_url, sort_key="title"
        ),
        Column("page_type", label="Type", sort_key="page_type"),
        Column("kind_label", label="Problème", sort_key="kind"),
        Column("detail", label="Détail"),
    ]
    list_export = ["title", "page_type", "kind_label", "detail", "url", "page_id"]
    export_headings = {
        "title": "Page",
        "page_type": "Type",
        "kind_label": "Problème",
        "detail": "Détail",
        "url": "Adresse",
        "page_id": "Identifiant",
    }

    def get_filename(self):
        return f"referencement-{timezone.localdate():%Y-%m-%d}"

    def get_queryset(self):
        # Only the pages this user may edit: the report is a to-do list, not an inventory.
        scope = page_permission_policy.instances_user_has_permission_for(
            self.request.user, "change"
        )
        kinds = None
        if self.filters and self.filters.is_valid() and self.filters.form.cleaned_data["kind"]:
            kinds = [self.filters.form.cleaned_data["kind"]]
        problems = collect_problems(scope, kinds=kinds)
        ordering = self.ordering
        problems.sort(key=SORT_KEYS[ordering.lstrip("-")], reverse=ordering.startswith("-"))
        return problems
