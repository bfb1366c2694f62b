"""Offers: arithmetic, combination rule, targeting, windows, audiences, and their display."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from promotions.models import Audience, DiscountKind, Offer, PriceDisplay
from promotions.pricing import Buyer, quote
from storefront.models import Brand, CategoryPage, PriceGroup
from tests.conftest import make_price_list, make_product

pytestmark = pytest.mark.django_db

NOW = timezone.now().replace(microsecond=0)
DAY = timedelta(days=1)
SECOND = timedelta(seconds=1)
ANONYMOUS = Buyer.anonymous()
PUBLIC = PriceDisplay.PUBLIC


def make_offer(*, products=(), categories=(), brands=(), groups=(), publish=True, **fields):
    fields.setdefault("name", "Offre de test")
    fields.setdefault("kind", DiscountKind.PERCENT)
    fields.setdefault("valid_from", NOW - DAY)
    offer = Offer(**fields)
    offer.live = publish
    offer.save()
    offer.set_targets(products=products, categories=categories, brands=brands)
    offer.price_groups.set(groups)
    if publish:
        offer.save_revision().publish()
    return offer


@pytest.fixture
def product(category):
    product = make_product(category, 1)
    make_price_list({product: [(1, "100.00"), (10, "90.00")]}, valid_from=NOW - 30 * DAY)
    return product


@pytest.mark.parametrize(
    "kind, value, expected",
    [
        (DiscountKind.PERCENT, "15", "85.00"),
        (DiscountKind.AMOUNT, "12.5", "87.50"),
        (DiscountKind.FIXED_PRICE, "79.90", "79.90"),
        (DiscountKind.AMOUNT, "150", "0.00"),
    ],
)
def test_offer_arithmetic(product, kind, value, expected):
    make_offer(products=[product], kind=kind, value=Decimal(value))
    result = quote(product, ANONYMOUS, NOW, price_display=PUBLIC)
    assert result.regular_price == Decimal("100.00")
    assert result.unit_price == Decimal(expected)
    assert result.on_offer and result.offer.kind == kind


def test_tiers_stay_when_cheaper_than_the_offer(product):
    make_offer(products=[product], value=Decimal("5"))
    result = quote(product, ANONYMOUS, NOW, price_display=PUBLIC)
    assert result.unit_price == Decimal("95.00")
    assert [(t.min_quantity, t.unit_price) for t in result.tiers] == [(10, Decimal("85.5000"))]


def test_best_price_wins_when_no_offer_is_exclusive(product):
    make_offer(name="−10 %", products=[product], value=Decimal("10"), priority=9)
    best = make_offer(name="−20 %", products=[product], value=Decimal("20"))
    assert quote(product, ANONYMOUS, NOW, price_display=PUBLIC).offer == best


def test_an_exclusive_offer_wins_even_if_less_generous(product):
    make_offer(name="−30 %", products=[product], value=Decimal("30"))
    exclusive = make_offer(
        name="−5 % exclusif", products=[product], value=Decimal("5"), exclusive=True
    )
    result = quote(product, ANONYMOUS, NOW, price_display=PUBLIC)
    assert result.offer == exclusive and result.unit_price == Decimal("95.00")


def test_between_exclusive_offers_the_highest_priority_wins(product):
    make_offer(name="A", products=[product], value=Decimal("30"), exclusive=True, priority=1)
    high = make_offer(name="B", products=[product], value=Decimal("10"), exclusive=True, priority=5)
    assert quote(product, ANONYMOUS, NOW, price_display=PUBLIC).offer == high


def test_an_offer_that_does_not_lower_the_price_is_ignored(product):
    make_offer(products=[product], kind=DiscountKind.FIXED_PRICE, value=Decimal("120"))
    result = quote(product, ANONYMOUS, NOW, price_display=PUBLIC)
    assert result.offer is None and result.unit_price == Decimal("100.00")


def test_offers_target_category_subtrees_and_brands(category):
    brand = Brand.objects.create(name="Marque offre")
    sub = CategoryPage(title="Sous", slug="sous")
    category.add_child(instance=sub)
    in_sub = make_product(sub, 1)
    branded = make_product(category, 2, brand=brand)
    other = make_product(category, 3)
    make_price_list({p: "10.00" for p in (in_sub, branded, other)}, valid_from=NOW - DAY)
    make_offer(name="Catégorie", categories=[sub], value=Decimal("10"))
    make_offer(name="Marque", brands=[brand], value=Decimal("20"))
    assert quote(in_sub, ANONYMOUS, NOW, price_display=PUBLIC).unit_price == Decimal("9.00")
    assert quote(branded, ANONYMOUS, NOW, price_display=PUBLIC).unit_price == Decimal("8.00")
    assert quote(other, ANONYMOUS, NOW, price_display=PUBLIC).offer is None


def test_offer_window_at_the_exact_second(product):
    start, end = NOW + DAY, NOW + 3 * DAY
    make_offer(products=[product], value=Decimal("10"), valid_from=start, valid_to=end)
    assert quote(product, ANONYMOUS, start - SECOND, price_display=PUBLIC).offer is None
    assert quote(product, ANONYMOUS, start, price_display=PUBLIC).unit_price == Decimal(
        "90.00"
    )  # inclusive
    assert quote(product, ANONYMOUS, end - SECOND, price_display=PUBLIC).unit_price == Decimal(
        "90.00"
    )
    assert quote(product, ANONYMOUS, end, price_display=PUBLIC).offer is None  # exclusive


def test_scheduled_offer_starts_on_time_before_the_scheduler_runs(product):
    go_live = NOW + DAY
    offer = make_offer(products=[product], value=Decimal("10"), publish=False)
    offer.go_live_at = go_live
    offer.save_revision().publish()
    offer.refresh_from_db()
    assert not offer.live
    assert quote(product, ANONYMOUS, go_live - SECOND, price_display=PUBLIC).offer is None
    assert quote(product, ANONYMOUS, go_live, price_display=PUBLIC).offer == offer


def test_valid_until_is_the_earliest_of_offer_end_and_next_price_change(product):
    offer_end = NOW + 5 * DAY
    make_offer(products=[product], value=Decimal("10"), valid_to=offer_end)
    assert quote(product, ANONYMOUS, NOW, price_display=PUBLIC).valid_until == offer_end
    next_prices = NOW + 2 * DAY
    make_price_list({product: "110.00"}, name="Hausse", valid_from=next_prices)
    assert quote(product, ANONYMOUS, NOW, price_display=PUBLIC).valid_until == next_prices


def test_offer_audiences(product):
    group = PriceGroup.objects.create(name="Groupe offre", code="groupe-offre")
    make_offer(
        name="Groupe",
        products=[product],
        value=Decimal("10"),
        audience=Audience.GROUPS,
        groups=[group],
    )
    make_offer(name="Clients", products=[product], value=Decimal("5"), audience=Audience.CUSTOMERS)
    assert quote(product, ANONYMOUS, NOW, price_display=PUBLIC).offer is None
    assert quote(product, Buyer(True), NOW, price_display=PUBLIC).offer.name == "Clients"
    assert quote(product, Buyer(True, group.pk), NOW, price_display=PUBLIC).offer.name == "Groupe"


def test_minimum_quantity(product):
    make_offer(products=[product], value=Decimal("10"), min_quantity=12)
    assert quote(product, ANONYMOUS, NOW, price_display=PUBLIC).offer is None
    assert quote(product, ANONYMOUS, NOW, quantity=12, price_display=PUBLIC).unit_price == Decimal(
        "90.00"
    )


def test_no_offer_without_a_price(category):
    product = make_product(category, 1)
    make_offer(products=[product], value=Decimal("10"))
    assert quote(product, ANONYMOUS, NOW, price_display=PUBLIC).unit_price is None


def test_product_page_and_cards_show_the_offer(client, product, category, public_prices):
    make_offer(
        name="Semaine du torchon", products=[product], value=Decimal("25"), web_exclusive=True
    )
    html = client.get(product.url).content.decode()
    assert "<del" in html and "100,00\u00a0€" in html and "75,00\u00a0€" in html
    assert "Exclusivité Web" in html and "−25 %" in html
    cards = client.get(category.url).content.decode()
    assert "75,00\u00a0€" in cards and "−25 %" in cards


def test_group_offer_is_invisible_to_other_visitors(client, product, public_prices):
    group = PriceGroup.objects.get(code="chr")
    make_offer(
        name="Offre CHR secrète",
        products=[product],
        value=Decimal("40"),
        audience=Audience.GROUPS,
        groups=[group],
    )
    html = client.get(product.url).content.decode()
    assert "60,00" not in html and "−40 %" not in html
    client.login(username="client", password="client-demo")  # a CHR customer
    assert "60,00\u00a0€" in client.get(product.url).content.decode()


def test_hidden_prices_hide_offers_too(client, product, set_price_display):
    set_price_display(PriceDisplay.CUSTOMERS)
    make_offer(products=[product], value=Decimal("25"))
    html = client.get(product.url).content.decode()
    assert "75,00" not in html and "−25 %" not in html


def test_percentage_above_100_is_refused():
    from django.core.exceptions import ValidationError

    offer = Offer(name="Trop", kind=DiscountKind.PERCENT, value=Decimal("120"))
    with pytest.raises(ValidationError):
        offer.full_clean()


def test_on_offer_filter_on_category_pages(client, category, public_prices):
    on_offer = make_product(category, 1)
    regular = make_product(category, 2)
    make_price_list({on_offer: "10.00", regular: "10.00"}, valid_from=NOW - DAY)
    make_offer(products=[on_offer], value=Decimal("10"))
    context = client.get(category.url, {"promo": "1"}).context
    assert [card.product.pk for card in context["cards"]] == [on_offer.pk]
