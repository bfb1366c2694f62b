"""Site search at /search/?q=: exact references first, then full text, with facets.

Buyers often type or paste a reference or scan a barcode, and PostgreSQL's full-text parser
cannot find a reference such as "SKU-0001999" (it reads a word and a signed number), so
references and GTINs are matched with a field lookup before the search backend is asked.
"""

import hashlib
import logging
import re
import unicodedata
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db import DatabaseError, connection, transaction
from django.db.models import Q
from django.dispatch import Signal
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import Page
from wagtail.search.query import And, Or, PlainText
from wagtail.search.utils import normalise_query_string

from core.generation import cached_for_generation
from core.preview import request_instant
from core.site_cache import find_site
from storefront.listing import (
    FILTER_PARAMETERS,
    PAGE_SIZE,
    Filters,
    facets_for,
    products_in_order,
    set_offer_condition,
)
from storefront.models import CatalogueIndexPage, CategoryPage, ProductPage
from storefront.pricing_context import product_cards
from storefront.search_postgres import ranked_pks
from storefront.validators import is_ascii_digits, normalise_sku

logger = logging.getLogger(__name__)

QUERY_PARAMETERS = ("q", "page", *FILTER_PARAMETERS)
MAX_QUERY_LENGTH = 200
# Relevance beyond the first thousand hits is noise, and the pk list feeds the facet queries.
MAX_PRODUCTS = 1000
# A buyer may paste a column of references from a spreadsheet: each one is looked up.
MAX_REFERENCES = 20
MAX_EXACT_MATCHES = 50
# Keeps the backend's query expression small whatever is pasted into the box.
MAX_WORDS = 24
GTIN_LENGTHS = (8, 12, 13, 14)

# Sent once per search typed (not per facet or page clicked): with the query as cleaned and the
# number of results it found (products, sections and editors' picks; 0 when the visitor got
# the « nothing found » page). The statistics count it (analytics/receivers.py), and Wagtail's
# search terms report reads their counts.
search_performed = Signal()

# Wagtail's database backends quote each term themselves: a quote, NUL byte or operator
# in a term breaks SQLite's MATCH syntax, so only word characters and the punctuation
# found inside references and measures ("1.5", "M8/20", "SF-001") reach the backend.
FTS_UNSAFE = re.compile(r"[^\w\s\-./]")
WORD = re.compile(r"\w")
# French elision: "l'huile" must find "huile", and the backends read "l'huile" as a phrase.
ELISION = re.compile(r"\b(?:qu|[cdjlmnst])['’]", re.IGNORECASE)


def clean_query(raw):
    """What the visitor typed, made safe to show, log and look up: no control characters."""
    text = "".join(" " if unicodedata.category(ch)[0] == "C" else ch for ch in raw or "")
    return " ".join(text.split())[:MAX_QUERY_LENGTH].strip()


def full_text_terms(query):
    """The query as the full-text backend can take it; "" when nothing searchable is left."""
    terms = FTS_UNSAFE.sub(" ", ELISION.sub(" ", query)).split()
    return " ".join(term for term in terms if WORD.search(term))


def word_forms(word):
    """The word and its regular French singular or plural.

    Neither SQLite's FTS5 tokenizer nor PostgreSQL's default configuration stems French, and
    buyers type "huiles" for "Huile de colza" as often as the reverse. References and
    measures ("M8/20", "1.5") are left alone.
    """
    if not word.isalpha() or len(word) <= 3:
        return [word]
    if word[-1].lower() in "sx":
        return [word, word[:-1]]
    if word[-1].lower() != "z":
        return [word, word + "s"]
    return [word]


def full_text_query(terms, operator):
    """A query object over `terms`: every word (or any word) in one of its forms."""
    words = [
        Or([PlainText(form) for form in forms]) if len(forms) > 1 else PlainText(forms[0])
        for forms in map(word_forms, terms.split()[:MAX_WORDS])
    ]
    if len(words) == 1:
        return words[0]
    return And(words) if operator == "and" else Or(words)


def gtin_spellings(token):
    """Every spelling of one GTIN: GS1 compares GTINs zero-padded to 14 digits."""
    if not (is_ascii_digits(token) and len(token) in range(8, 15)):
        return []
    core = token.lstrip("0")
    return [core.zfill(length) for length in GTIN_LENGTHS if len(core) <= length]


def live_public(queryset, private):
    """Live pages outside private sections: every source of results goes through here.

    `private` is `private_q()` of our page manager, from the cached private sections, computed
    once per request rather than once per `.public()` call.
    """
    return queryset.live().exclude(private)


def exact_matches(query, private):
    """Live public products whose reference or GTIN is the query or one of its words.

    (pk, word) pairs in the order the words were typed, `word` being the one that matched.
    """
    candidates = list(dict.fromkeys([query, *query.split()[:MAX_REFERENCES]]))
    references = [normalise_sku(c) for c in candidates]
    gtins = [gtin_spellings(c) for c in candidates]
    # References are stored normalised (upper case): an exact lookup uses their unique index.
    condition = Q(sku__in=references)
    every_gtin = [g for spellings in gtins for g in spellings]
    if every_gtin:
        condition |= Q(gtin__in=every_gtin)
    rows = live_public(ProductPage.objects.all(), private).filter(condition)

    matches = []
    for pk, sku, gtin in rows.values_list("pk", "sku", "gtin")[:MAX_EXACT_MATCHES]:
        for position, candidate in enumerate(candidates):
            if normalise_sku(sku) == references[position] or gtin in gtins[position]:
                matches.append((position, pk, candidate))
                break
    return [(pk, candidate) for _, pk, candidate in sorted(matches)]


def savepoint_if_in_transaction():
    # Inside a transaction, a failed statement aborts it on PostgreSQL: a savepoint keeps the
    # rest of the page working. Outside one (requests run in autocommit), nothing to protect.
    return transaction.atomic() if transaction.get_connection().in_atomic_block else nullcontext()


def full_text(queryset, terms, operator, limit):
    """Primary keys of the matches in relevance order, or [] when the backend refuses the
    query."""
    if not terms:
        return []
    query = full_text_query(terms, operator)
    try:
        with savepoint_if_in_transaction():
            if connection.vendor == "postgresql":
                return ranked_pks(queryset, query, limit)
            return [match.pk for match in queryset.only("pk").search(query)[:limit]]
    except DatabaseError:
        logger.warning("Le moteur de recherche a refusé %r", terms, exc_info=True)
        return []


def in_order(queryset, pks):
    by_pk = queryset.in_bulk(pks) if pks else {}
    return [by_pk[pk] for pk in pks if pk in by_pk]


@dataclass(frozen=True)
class Section:
    """A kind of page listed as short links above the product results (news will be one).

    `pages` returns the candidate queryset; liveness and privacy are applied by `find`.
    """

    key: str
    heading: str
    pages: Callable
    limit: int = 8


SECTIONS = (Section("categories", "Catégories", CategoryPage.objects.all),)


@dataclass
class SectionHits:
    section: Section
    hits: list


@dataclass
class Results:
    product_pks: list
    sections: list = field(default_factory=list)
    broadened: bool = False

    @property
    def empty(self):
        return not self.product_pks and not any(s.hits for s in self.sections)


def find(query, private):
    """Products (pks, exact matches first) and section hits for a cleaned query."""
    exact = exact_matches(query, private)
    # Words answered by a reference lookup would only narrow the full text (PostgreSQL cannot
    # even match them); a query made of references alone still finds the products that
    # mention them, such as replacements and compatible parts.
    matched = {word for _, word in exact}
    terms = full_text_terms(" ".join(w for w in query.split() if w not in matched) or query)
    products = live_public(ProductPage.objects.all(), private)

    def run(operator):
        found = full_text(products, terms, operator, MAX_PRODUCTS)
        pks = list(dict.fromkeys([*(pk for pk, _ in exact), *found]))
        sections = []
        for section in SECTIONS:
            pages = live_public(section.pages(), private)
            hits = full_text(pages, terms, operator, section.limit)
            sections.append(SectionHits(section, in_order(pages, hits)))
        return Results(pks[:MAX_PRODUCTS], sections)

    results = run("and")
    # Every word must match first, for precision; only a dead end widens to any word.
    if results.empty and len(terms.split()) > 1:
        results = run("or")
        results.broadened = not results.empty
    return results


def found_for(query, private):
    """`find`, kept for the content generation: what a query finds changes only when something
    is published (the search index with it). Ranking over the index is most of a search's
    time at 100,000 products."""

    def load():
        results = find(query, private)
        return results.product_pks, [hits.hits for hits in results.sections], results.broadened

    product_pks, section_hits, broadened = cached_for_generation(
        f"search:results:{digest(query)}", load
    )
    sections = [
        SectionHits(section, hits) for section, hits in zip(SECTIONS, section_hits, strict=True)
    ]
    return Results(product_pks, sections, broadened)


def digest(text):
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def promotions_for(query, private):
    """Editors' picks for the query, without pages that are unpublished or private.

    Kept for the content generation: saving a pick or publishing a page starts a new one.
    """
    query_string = normalise_query_string(query)
    pages = live_public(Page.objects.all(), private).values("pk")

    def picks():
        return list(
            SearchPromotion.objects.filter(query__query_string=query_string)
            .filter(Q(page__in=pages) | (Q(page__isnull=True) & ~Q(external_link_url="")))
            .select_related("page")
            .order_by("sort_order", "pk")
        )

    return cached_for_generation(f"search:picks:{digest(query_string)}", picks)


def top_categories(private):
    """The catalogue's first level, suggested when a search finds nothing."""

    def load():
        catalogue = live_public(CatalogueIndexPage.objects.all(), private).first()
        if catalogue is None:
            return []
        return list(live_public(CategoryPage.objects.child_of(catalogue), private))

    return cached_for_generation("search:top-categories", load)


def search_context(request):
    query = clean_query(request.GET.get("q", ""))
    filters = Filters.from_query(request.GET)
    set_offer_condition(filters, request, request_instant(request))
    context = {"search_query": query, "filters": filters}
    private = ProductPage.objects.private_q()  # the cached private sections
    if not query:
        return {**context, "empty": True, "suggestions": top_categories(private)}

    results = found_for(query, private)
    base = ProductPage.objects.filter(pk__in=results.product_pks)
    ordered = results.product_pks
    if filters.active and ordered:
        kept = set(filters.apply(base).values_list("pk", flat=True))
        ordered = [pk for pk in ordered if pk in kept]
    page = Paginator(ordered, PAGE_SIZE).get_page(request.GET.get("page"))

    # Picks belong to the first page.
    promotions = promotions_for(query, private) if page.number == 1 else []
    empty = results.empty and not promotions
    # Searches are counted, not clicks on facets or pages.
    if not filters.active and request.GET.get("page", "1") in ("", "1"):
        found = len(results.product_pks) + sum(len(s.hits) for s in results.sections)
        search_performed.send(
            sender=search_context, query=query, result_count=found + len(promotions)
        )
    return {
        **context,
        "results": results,
        "sections": results.sections,
        "promotions": promotions,
        "empty": empty,
        "suggestions": top_categories(private) if empty else [],
        "page_obj": page,
        # The instant is the request's (a staff preview date included), as on category pages.
        "cards": product_cards(request, products_in_order(ProductPage.objects, page.object_list)),
        "facets": (
            facets_for(base, filters, cache_key=f"facets:search:{digest(query)}")
            if results.product_pks
            else {}
        ),
    }


# Results carry this instant's prices and count a hit: no shared cache may keep them, and
# no purge could find them (one URL per query).
@require_safe
@never_cache
def search_view(request):
    find_site(request)  # from the cache, before the settings and the templates ask for it
    return render(request, "storefront/search.html", search_context(request))
