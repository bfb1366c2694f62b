"""Full-text matches on PostgreSQL that Wagtail's own GIN indexes can serve.

Wagtail's PostgreSQL backend matches ``title || body`` of its index entries: no index holds
that concatenation, so every search reads every entry (0.6 to 2.5 s at 100,000 products).
Matching the title and the body separately uses the two GIN indexes Wagtail creates; ranking
(Wagtail's own rank expression: title weighted by its norm, plus body) then runs over a bounded
set of candidates, so that a word found in every product costs the same as a rare one.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import F
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry

# Matches read per column before ranking. Beyond that a word is in too many products for its
# rank to tell them apart; the results page shows at most storefront.search.MAX_PRODUCTS.
CANDIDATES = 500


def ranked_object_ids(model, query, limit):
    """Primary keys of the `model` instances matching `query` (a wagtail.search.query object),
    the `limit` most relevant first, ranked among at most CANDIDATES title matches and as many
    body matches."""
    backend = get_search_backend()
    compiler = backend.query_compiler_class(model._default_manager.none(), query)
    config = compiler.get_config(backend)
    tsquery = compiler.build_tsquery(compiler.query, config=config)
    rank = compiler.build_tsrank(F("title"), compiler.query, config=config) * F(
        "title_norm"
    ) + compiler.build_tsrank(F("body"), compiler.query, config=config)
    entries = IndexEntry.objects.filter(content_type=ContentType.objects.get_for_model(model))
    # Ordered, so that a broad query gives the same candidates, hence the same pages of
    # results, on every request.
    candidates = (
        entries.filter(title=tsquery)
        .order_by("pk")
        .values("pk")[:CANDIDATES]
        .union(entries.filter(body=tsquery).order_by("pk").values("pk")[:CANDIDATES])
    )
    ranked = (
        IndexEntry.objects.filter(pk__in=candidates)
        .annotate(rank=rank)
        .order_by("-rank", "pk")
        .values_list("object_id", flat=True)[:limit]
    )
    return [int(object_id) for object_id in ranked]


def ranked_pks(queryset, query, limit):
    """Primary keys of the matches among `queryset`, most relevant first. Hidden pages (not
    live, private) are dropped after ranking: twice the limit leaves room for them."""
    ids = ranked_object_ids(queryset.model, query, 2 * limit)
    kept = set(queryset.filter(pk__in=ids).values_list("pk", flat=True)) if ids else set()
    return [pk for pk in ids if pk in kept][:limit]
