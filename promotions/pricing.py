"""The one pricing function: what a visitor pays for a product at an instant.

Every place that shows a price asks `quote` (one product) or `quote_many` (a listing); no
template or view computes a price. Prices come from published price lists whose effective
window contains the instant, so a list takes effect and expires exactly on time whether or
not the scheduler has run.
"""

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Exists, OuterRef, Q
from django.db.models.functions import Cast
from django.utils import timezone
from wagtail.models import Revision

from promotions.models import AUDIENCE_SPECIFICITY, Audience, PriceLine, PriceList
from storefront.models import CustomerMember, PriceDisplay

VAT_MODE = "HT"


@dataclass(frozen=True)
class Buyer:
    """Who is looking: anonymous, a logged-in customer, possibly with a price group."""

    authenticated: bool = False
    price_group_id: int | None = None

    @classmethod
    def anonymous(cls):
        return cls()

    @classmethod
    def for_user(cls, user):
        if user is None or not user.is_authenticated:
            return cls.anonymous()
        group_id = (
            CustomerMember.objects.filter(user=user)
            .values_list("company__price_group_id", flat=True)
            .first()
        )
        return cls(authenticated=True, price_group_id=group_id)

    @property
    def cache_key(self):
        """Visitors with the same key see the same prices."""
        if not self.authenticated:
            return "anonymous"
        return f"group-{self.price_group_id or 0}"


@dataclass(frozen=True)
class Tier:
    min_quantity: int
    unit_price: Decimal


@dataclass
class Quote:
    visible: bool
    currency: str = "EUR"
    vat_mode: str = VAT_MODE
    unit_price: Decimal | None = None
    tiers: list[Tier] = field(default_factory=list)
    price_list: PriceList | None = None
    valid_until: datetime | None = None
    login_required: bool = False

    @property
    def has_price(self):
        return self.visible and self.unit_price is not None


def may_see_prices(buyer, price_display):
    if price_display == PriceDisplay.PUBLIC:
        return True
    if price_display == PriceDisplay.CUSTOMERS:
        return buyer.authenticated
    return False


def _audience_filter(buyer):
    audiences = Q(audience=Audience.PUBLIC)
    if buyer.authenticated:
        audiences |= Q(audience=Audience.CUSTOMERS)
        if buyer.price_group_id:
            audiences |= Q(audience=Audience.GROUPS, price_groups=buyer.price_group_id)
    return audiences


def effective_price_lists(buyer, at):
    """Price lists for this buyer that are in force at `at` or will be later.

    A list counts once it is live, or once its scheduled publication time has come even
    if the scheduler has not published it yet; its window is the intersection of the
    editor's validity window and Wagtail's go-live/expiry dates.
    """
    scheduled = Revision.objects.filter(
        base_content_type=ContentType.objects.get_for_model(PriceList),
        object_id=OuterRef("pk_text"),
        approved_go_live_at__isnull=False,
    )
    return (
        PriceList.objects.annotate(pk_text=Cast("pk", output_field=CharField()))
        .annotate(is_scheduled=Exists(scheduled))
        .filter(_audience_filter(buyer))
        .filter(Q(live=True) | Q(is_scheduled=True))
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=at))
        .filter(Q(expire_at__isnull=True) | Q(expire_at__gt=at))
        .distinct()
    )


def _window(price_list):
    start = price_list.valid_from
    if not price_list.live and price_list.go_live_at and price_list.go_live_at > start:
        start = price_list.go_live_at
    ends = [end for end in (price_list.valid_to, price_list.expire_at) if end]
    return start, min(ends) if ends else None


def quote_many(products, buyer, at=None, price_display=PriceDisplay.PUBLIC):
    """Quotes for several products at once, in a fixed number of queries."""
    at = at or timezone.now()
    products = list(products)
    if not may_see_prices(buyer, price_display):
        hidden = Quote(visible=False, login_required=price_display == PriceDisplay.CUSTOMERS)
        return {product.pk: hidden for product in products}

    lists = {price_list.pk: price_list for price_list in effective_price_lists(buyer, at)}
    lines_by_product = {}
    if lists:
        lines = PriceLine.objects.filter(
            price_list_id__in=lists.keys(), product_id__in=[p.pk for p in products]
        ).order_by("min_quantity")
        for line in lines:
            lines_by_product.setdefault(line.product_id, []).append(line)

    return {
        product.pk: _best_quote(lines_by_product.get(product.pk, []), lists, at)
        for product in products
    }


def quote(product, buyer, at=None, price_display=PriceDisplay.PUBLIC):
    return quote_many([product], buyer, at, price_display)[product.pk]


def _best_quote(lines, lists, at):
    in_force = {}
    boundaries = []
    for line in lines:
        price_list = lists[line.price_list_id]
        start, end = _window(price_list)
        if start > at:
            boundaries.append(start)
            continue
        if end:
            boundaries.append(end)
        in_force.setdefault(price_list.pk, []).append(line)

    valid_until = min(boundaries) if boundaries else None
    if not in_force:
        return Quote(visible=True, valid_until=valid_until)

    def rank(list_id):
        price_list = lists[list_id]
        return (AUDIENCE_SPECIFICITY[price_list.audience], _window(price_list)[0], list_id)

    winner = lists[max(in_force, key=rank)]
    winning_lines = in_force[winner.pk]
    base, *tiers = winning_lines
    return Quote(
        visible=True,
        currency=winner.currency,
        unit_price=base.unit_price,
        tiers=[Tier(line.min_quantity, line.unit_price) for line in tiers],
        price_list=winner,
        valid_until=valid_until,
    )
