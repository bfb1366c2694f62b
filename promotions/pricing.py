"""The one pricing function: what a visitor pays for a product at an instant.

Every place that shows a price asks `quote` (one product) or `quote_many` (a listing); no
template or view computes a price. Prices come from published price lists, and discounts from
published offers, whose window contains the instant: both start and stop exactly on time
whether or not the scheduler has run.
"""

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db.models import CharField, Exists, OuterRef, Q
from django.db.models.functions import Cast
from django.utils import timezone
from wagtail.models import Revision

from core.generation import content_generation

# Submodules, not the package: promotion pages (loaded by the package) build on this module.
from promotions.models.audience import (
    AUDIENCE_SPECIFICITY,
    Audience,
    PriceDisplay,
    in_force_at,
    window,
)
from promotions.models.offers import Offer, OfferBrand, OfferCategory, OfferProduct
from promotions.models.prices import PriceLine, PriceList, lacks_base_price

VAT_MODE = "HT"
RECORDS_KEY = "pricing:records:{audience}:{generation}"
# Also bounds how long another process keeps records when the cache is per process.
RECORDS_TIMEOUT = 300


@dataclass(frozen=True)
class Buyer:
    """Who is looking: anonymous, a logged-in customer, possibly with a price group."""

    authenticated: bool = False
    price_group_id: int | None = None

    @classmethod
    def anonymous(cls):
        return cls()

    @property
    def cache_key(self):
        """Visitors with the same key see the same prices."""
        if not self.authenticated:
            return "anonymous"
        return f"group-{self.price_group_id or 0}"


ANONYMOUS_BUYER = Buyer.anonymous()


@dataclass(frozen=True)
class Tier:
    min_quantity: int
    unit_price: Decimal


@dataclass
class PriceQuote:
    prices_shown: bool
    currency: str = "EUR"
    vat_mode: str = VAT_MODE
    unit_price: Decimal | None = None
    regular_price: Decimal | None = None
    tiers: list[Tier] = field(default_factory=list)
    # The winning list's own tiers, before any offer: what the list says, for exports.
    list_tiers: list[Tier] = field(default_factory=list)
    price_list: PriceList | None = None
    offer: Offer | None = None
    valid_until: datetime | None = None
    login_required: bool = False

    @property
    def has_price(self):
        return self.prices_shown and self.unit_price is not None

    @property
    def on_offer(self):
        return self.has_price and self.offer is not None


def may_see_prices(buyer, price_display):
    if price_display == PriceDisplay.PUBLIC:
        return True
    if price_display == PriceDisplay.CUSTOMERS:
        return buyer.authenticated
    return False


def audience_filter(buyer):
    audiences = Q(audience=Audience.PUBLIC)
    if buyer.authenticated:
        audiences |= Q(audience=Audience.CUSTOMERS)
        if buyer.price_group_id:
            audiences |= Q(audience=Audience.GROUPS, price_groups=buyer.price_group_id)
    return audiences


def current_or_upcoming(model, buyer, at):
    """Published records of `model` for this buyer that apply at `at` or will later.

    A record counts once it is live, or once Wagtail has it scheduled even if the scheduler
    has not published it yet (its start is then its go-live time); see `window`.
    """
    scheduled = Revision.objects.filter(
        base_content_type=ContentType.objects.get_for_model(model),
        object_id=OuterRef("pk_text"),
        approved_go_live_at__isnull=False,
    )
    return (
        model.objects.annotate(pk_text=Cast("pk", output_field=CharField()))
        .annotate(is_scheduled=Exists(scheduled))
        .filter(audience_filter(buyer))
        .filter(Q(live=True) | Q(is_scheduled=True))
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=at))
        .filter(Q(expire_at__isnull=True) | Q(expire_at__gt=at))
        .distinct()
    )


@dataclass
class PricingRecords:
    """The price lists and offers a buyer's audience may get from `computed_at` on.

    Every live or scheduled record that has not ended then: a superset at any later instant
    (`_best_quote` checks each window), until something is published or scheduled, which
    starts a new content generation and so a new cache key.
    """

    computed_at: datetime
    lists: dict
    offers: dict
    offers_by_product: dict
    offers_by_brand: dict
    offer_paths: list

    def offers_for(self, product):
        ids = set(self.offers_by_product.get(product.pk, ()))
        ids |= self.offers_by_brand.get(product.brand_id, set())
        ids |= {offer_id for offer_id, path in self.offer_paths if product.path.startswith(path)}
        return [self.offers[offer_id] for offer_id in sorted(ids)]

    def products_filter(self, offers):
        """`targets_q` of these offers, their categories' paths read from memory."""
        ids = {offer.pk for offer in offers}
        return targets_q(ids, [path for offer_id, path in self.offer_paths if offer_id in ids])


def targets_q(offer_ids, category_paths):
    """A filter on ProductPage: the products offers target, chosen one by one, by brand, or in
    their categories (at `category_paths`) and below. `PricingRecords.offers_for` says the same
    of one product in memory (tests/promotions/test_offer_targets.py holds them equal).

    Subqueries rather than lists of ids: an offer may target thousands of products."""
    products = OfferProduct.objects.filter(offer_id__in=offer_ids).values("product_id")
    brands = OfferBrand.objects.filter(offer_id__in=offer_ids).values("brand_id")
    condition = Q(pk__in=products) | Q(brand_id__in=brands)
    for path in category_paths:
        condition |= Q(path__startswith=path)
    return condition


def load_pricing_records(buyer, at):
    lists = {price_list.pk: price_list for price_list in current_or_upcoming(PriceList, buyer, at)}
    offers = {offer.pk: offer for offer in current_or_upcoming(Offer, buyer, at)}
    by_product, by_brand, paths = {}, {}, []
    if offers:
        targets = OfferProduct.objects.filter(offer_id__in=offers)
        for offer_id, product_id in targets.values_list("offer_id", "product_id"):
            by_product.setdefault(product_id, set()).add(offer_id)
        targets = OfferBrand.objects.filter(offer_id__in=offers)
        for offer_id, brand_id in targets.values_list("offer_id", "brand_id"):
            by_brand.setdefault(brand_id, set()).add(offer_id)
        targets = OfferCategory.objects.filter(offer_id__in=offers)
        paths = list(targets.values_list("offer_id", "category__path"))
    return PricingRecords(at, lists, offers, by_product, by_brand, paths)


def pricing_records(buyer, at):
    """`PricingRecords` for this buyer, from the cache while no publication changed them."""
    key = RECORDS_KEY.format(audience=buyer.cache_key, generation=content_generation())
    records = cache.get(key)
    # A preview of the past needs records that have ended since: read them afresh.
    if records is None or records.computed_at > at:
        records = load_pricing_records(buyer, at)
        if at <= timezone.now():
            cache.set(key, records, RECORDS_TIMEOUT)
    return records


def quote_many(products, buyer, at=None, *, price_display, quantity=1):
    """Quotes for several products at once, in a fixed number of queries.

    Products need ``pk``, ``path`` and ``brand_id`` loaded. `price_display` has no default:
    each channel says which visibility applies to it (usually the site's setting, see
    `storefront.pricing_context.price_display_for`), so a forgotten one fails loudly instead
    of showing prices. `quantity` is what the buyer takes: it decides which offers with a
    minimum quantity apply; `unit_price` stays the price of one unit and `tiers` the
    cheaper unit prices from larger quantities, each from its own quantity included.
    """
    at = at or timezone.now()
    products = list(products)
    if not may_see_prices(buyer, price_display):
        hidden = PriceQuote(
            prices_shown=False, login_required=price_display == PriceDisplay.CUSTOMERS
        )
        return {product.pk: hidden for product in products}

    records = pricing_records(buyer, at)
    lists = records.lists
    lines_by_product = {}
    if lists:
        # Plain rows: a listing's few dozen lines need no model instances.
        lines = (
            PriceLine.objects.filter(
                price_list_id__in=lists.keys(), product_id__in=[p.pk for p in products]
            )
            .order_by("min_quantity")
            .values_list("price_list_id", "product_id", "min_quantity", "unit_price", named=True)
        )
        for line in lines:
            lines_by_product.setdefault(line.product_id, []).append(line)
    return {
        product.pk: _best_quote(
            lines_by_product.get(product.pk, []), lists, records.offers_for(product), at, quantity
        )
        for product in products
    }


def quote(product, buyer, at=None, *, price_display, quantity=1):
    return quote_many([product], buyer, at, price_display=price_display, quantity=quantity)[
        product.pk
    ]


def _best_quote(lines, lists, offers, at, quantity):
    in_force = {}
    boundaries = []
    for line in lines:
        applies, change = in_force_at(lists[line.price_list_id], at)
        if change:
            boundaries.append(change)
        if applies:
            in_force.setdefault(line.price_list_id, []).append(line)

    current_offers = []
    for offer in offers:
        applies, change = in_force_at(offer, at)
        if change:
            boundaries.append(change)
        if applies and offer.min_quantity <= quantity:
            current_offers.append(offer)

    valid_until = min(boundaries) if boundaries else None
    if not in_force:
        return PriceQuote(prices_shown=True, valid_until=valid_until)

    def rank(list_id):
        price_list = lists[list_id]
        return (AUDIENCE_SPECIFICITY[price_list.audience], window(price_list)[0], list_id)

    winner = lists[max(in_force, key=rank)]
    if lacks_base_price(line.min_quantity for line in in_force[winner.pk]):
        # Tiers without a price for one unit (a list made before the editor refused them, or
        # outside it): the first tier is not the unit price, and the list replaces older
        # ones for this product, so their price is withdrawn too. No price, not a wrong one.
        return PriceQuote(prices_shown=True, valid_until=valid_until)
    base, *tier_lines = in_force[winner.pk]
    list_tiers = tiers = [Tier(line.min_quantity, line.unit_price) for line in tier_lines]
    regular_price = base.unit_price
    offer = best_offer(current_offers, regular_price)
    unit_price = regular_price
    if offer:
        unit_price = offer.apply(regular_price)
        # Volume tiers still apply on top of the offer where they are cheaper.
        tiers = [
            Tier(t.min_quantity, min(offer.apply(t.unit_price), t.unit_price))
            for t in tiers
            if min(offer.apply(t.unit_price), t.unit_price) < unit_price
        ]
    return PriceQuote(
        prices_shown=True,
        currency=winner.currency,
        unit_price=unit_price,
        regular_price=regular_price,
        tiers=tiers,
        list_tiers=list_tiers,
        price_list=winner,
        offer=offer,
        valid_until=valid_until,
    )


def best_offer(offers, price):
    """The combination rule: offers never stack.

    If exclusive offers apply, the one with the highest priority is the only candidate;
    otherwise the customer gets the lowest price (ties go to the higher priority). An offer
    that would not lower the price is not applied.
    """
    exclusive = [offer for offer in offers if offer.exclusive]
    if exclusive:
        candidates = [max(exclusive, key=lambda o: (o.priority, -o.apply(price), -o.pk))]
    else:
        candidates = offers
    applicable = [offer for offer in candidates if offer.apply(price) < price]
    if not applicable:
        return None
    return min(applicable, key=lambda o: (o.apply(price), -o.priority, o.pk))
