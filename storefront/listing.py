"""Category listings: filters from GET parameters, facet counts, sorting and pagination."""

import hashlib
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import Count, Q

from core.generation import cached_for_generation
from core.preview import request_instant
from promotions.pricing import may_see_prices, pricing_records, quote_many
from promotions.reach import current_offers
from storefront.card_cache import listed
from storefront.models.availability import Availability
from storefront.navigation import breadcrumbs
from storefront.pricing_context import (
    buyer_for,
    price_display_for,
    product_cards,
)

PAGE_SIZE = 24
# The query parameters listings read (for core.page_cache): `Filters.from_query`, the
# sort and the page.
FILTER_PARAMETERS = ("marque", "dispo", "attr", "promo")
QUERY_PARAMETERS = (*FILTER_PARAMETERS, "tri", "page")
SORTS = {"nom": "Nom", "nouveautes": "Nouveautés", "prix": "Prix croissant"}
DEFAULT_SORT = "nom"


def attribute_model(products):
    """The model of the products' attributes, from the products' own model."""
    return products.model._meta.get_field("attributes").related_model


@dataclass
class Filters:
    brands: set = field(default_factory=set)
    availability: set = field(default_factory=set)
    attributes: dict = field(default_factory=dict)
    on_offer: bool = False
    # Which products are on offer depends on the visitor and the instant: the listing sets it,
    # with the ids of the offers in force (what that condition depends on, for cache keys).
    offer_condition: Q | None = None
    offer_key: str = ""

    @classmethod
    def from_query(cls, params):
        attributes = {}
        for raw in params.getlist("attr"):
            name, sep, value = raw.partition(":")
            if sep and name and value:
                attributes.setdefault(name, set()).add(value)
        return cls(
            brands=set(params.getlist("marque")),
            availability={v for v in params.getlist("dispo") if v in Availability.values},
            attributes=attributes,
            on_offer=params.get("promo") == "1",
        )

    @property
    def state_key(self):
        """The choices, as a short stable string (for cache keys)."""
        attributes = sorted((name, sorted(values)) for name, values in self.attributes.items())
        state = repr((sorted(self.brands), sorted(self.availability), attributes))
        return hashlib.sha256(state.encode()).hexdigest()[:32]

    @property
    def active(self):
        return bool(self.brands or self.availability or self.attributes or self.on_offer)

    @property
    def count(self):
        """How many values are chosen: « Filtrer (3) » on a phone, where the filters fold."""
        attribute_values = sum(len(values) for values in self.attributes.values())
        return len(self.brands) + len(self.availability) + attribute_values + self.on_offer

    def apply(self, products, skip=None):
        if self.brands and skip != "brand":
            products = products.filter(brand__slug__in=self.brands)
        if self.availability and skip != "availability":
            products = products.filter(availability__in=self.availability)
        for name, values in self.attributes.items():
            if skip != ("attribute", name):
                attributes = attribute_model(products).objects
                products = products.filter(
                    pk__in=attributes.filter(name=name, value__in=values).values("page_id")
                )
        if self.on_offer and self.offer_condition is not None and skip != "offer":
            products = products.filter(self.offer_condition)
        return products


@dataclass
class FacetValue:
    param: str
    value: str
    label: str
    count: int
    selected: bool


def brand_facet(base, filters):
    counts = (
        filters.apply(base, skip="brand")
        .exclude(brand=None)
        .values("brand__slug", "brand__name")
        .annotate(n=Count("pk"))
        .order_by("brand__name")
    )
    return [
        FacetValue(
            "marque",
            row["brand__slug"],
            row["brand__name"],
            row["n"],
            row["brand__slug"] in filters.brands,
        )
        for row in counts
    ]


def availability_facet(base, filters):
    counts = dict(
        filters.apply(base, skip="availability")
        .order_by()
        .values_list("availability")
        .annotate(n=Count("pk"))
        .values_list("availability", "n")
    )
    return [
        FacetValue("dispo", value, label, counts[value], value in filters.availability)
        for value, label in Availability.choices
        if counts.get(value)
    ]


def attribute_facets(base, filters):
    """{name: [FacetValue]}: counts ignore the selection on the same attribute (OR within it)."""

    def counts_over(products):
        return (
            attribute_model(products)
            .objects.filter(page__in=products.values("pk"))
            .values("name", "value", "unit")
            .annotate(n=Count("page", distinct=True))
            .order_by("name", "value")
        )

    facets = {}
    rows = list(counts_over(filters.apply(base)))
    # An attribute with a selection is counted without its own filter, so its other
    # values keep their counts: one more query per selected attribute, never per product.
    for name in filters.attributes:
        rows = [row for row in rows if row["name"] != name]
        rows += list(counts_over(filters.apply(base, skip=("attribute", name))).filter(name=name))
    for row in sorted(rows, key=lambda r: (r["name"], r["value"])):
        selected = row["value"] in filters.attributes.get(row["name"], set())
        label = f"{row['value']} {row['unit']}".strip()
        facets.setdefault(row["name"], []).append(
            FacetValue("attr", f"{row['name']}:{row['value']}", label, row["n"], selected)
        )
    return facets


def offer_facet(base, filters):
    if filters.offer_condition is None:
        return []
    count = filters.apply(base, skip="offer").filter(filters.offer_condition).count()
    return [FacetValue("promo", "1", "En promotion", count, filters.on_offer)] if count else []


def facets_for(base, filters, cache_key=None):
    """Every facet over `base`, the products a listing or a search is about, before filtering.

    With a `cache_key` (a listing that changes only when pages are published), the facets that
    do not depend on offers (which change on their own at any instant) are kept for the
    content generation.
    """

    def catalogue_facets():
        return {
            "brands": brand_facet(base, filters),
            "availability": availability_facet(base, filters),
            "attributes": attribute_facets(base, filters),
        }

    if not cache_key:
        return {"offers": offer_facet(base, filters), **catalogue_facets()}
    key = f"{cache_key}:{filters.state_key}"
    # Offers start and end on their own: their count is kept per set of offers in force.
    offers = cached_for_generation(
        f"{key}:offers:{filters.offer_key}", lambda: offer_facet(base, filters)
    )
    if filters.on_offer:
        return {"offers": offers, **catalogue_facets()}
    return {"offers": offers, **cached_for_generation(key, catalogue_facets)}


def products_in_order(products, pks):
    """Card-ready `products` for `pks`, in that order (an order the database cannot express)."""
    by_pk = listed(products.filter(pk__in=pks)).in_bulk()
    return [by_pk[pk] for pk in pks if pk in by_pk]


def set_offer_condition(filters, request, at):
    """Let `filters` tell products on offer for this visitor now; offers show with prices
    only, so a visitor who sees no price gets no offer filter either."""
    if may_see_prices(buyer_for(request), price_display_for(request)):
        offers = current_offers(buyer_for(request), at)
        records = pricing_records(buyer_for(request), at)
        filters.offer_condition = records.products_filter(offers) if offers else Q(pk__in=[])
        filters.offer_key = "-".join(str(offer.pk) for offer in sorted(offers, key=lambda o: o.pk))


def sorted_products(request, products, sort, at):
    if sort == "nouveautes":
        return listed(products).order_by("-first_published_at", "pk")
    if sort == "prix":
        # Price order comes from the pricing function itself, for this visitor.
        light = list(products.only("pk", "path", "brand_id").order_by("title", "pk"))
        quotes = quote_many(light, buyer_for(request), at, price_display=price_display_for(request))
        with_price = [p.pk for p in light if quotes[p.pk].has_price]
        without_price = [p.pk for p in light if not quotes[p.pk].has_price]
        with_price.sort(key=lambda pk: quotes[pk].unit_price)
        return with_price + without_price
    return listed(products).order_by("title", "pk")


def subcategories(category):
    """The live, public child categories of a category, read once per content generation."""
    return cached_for_generation(
        f"subcategories:{category.pk}",
        lambda: list(type(category).objects.child_of(category).live().public()),
    )


def category_listing(category, products, request):
    """The context of a category page listing `products` (its whole subtree's)."""
    at = request_instant(request)
    base = products.live().public()
    filters = Filters.from_query(request.GET)
    sort = request.GET.get("tri", DEFAULT_SORT)
    shows_prices = may_see_prices(buyer_for(request), price_display_for(request))
    if sort not in SORTS or (sort == "prix" and not shows_prices):
        sort = DEFAULT_SORT
    set_offer_condition(filters, request, at)

    ordered = sorted_products(request, filters.apply(base), sort, at)
    paginator = Paginator(ordered, PAGE_SIZE)
    if isinstance(ordered, list):
        page = paginator.get_page(request.GET.get("page"))
        products = products_in_order(base, page.object_list)
    else:
        # Which products a choice of filters lists, and how many, change when something is
        # published, or, with the offer filter, when the offers in force change.
        offers = f"promo-{filters.offer_key}" if filters.on_offer else ""
        key = f"category:{category.pk}:{filters.state_key}:{offers}"
        paginator.count = cached_for_generation(f"count:{key}", ordered.count)
        page = paginator.get_page(request.GET.get("page"))
        products = cached_for_generation(
            f"rows:{key}:{sort}:{page.number}", lambda: list(page.object_list)
        )

    return {
        "breadcrumbs": breadcrumbs(category),
        "subcategories": subcategories(category),
        "cards": product_cards(request, products, at),
        "page_obj": page,
        "filters": filters,
        "facets": facets_for(base, filters, cache_key=f"facets:category:{category.pk}"),
        "sort": sort,
        "sorts": {k: v for k, v in SORTS.items() if k != "prix" or shows_prices},
        "noindex": filters.active or page.number > 1 or "tri" in request.GET,
    }
