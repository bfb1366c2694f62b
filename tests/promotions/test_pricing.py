"""The pricing function: audiences, tiers, windows at the exact second, history, scheduling."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from promotions.models import Audience, PriceDisplay, in_force_at
from promotions.pricing import Buyer, quote, quote_many
from storefront.models import CustomerCompany, CustomerMember, PriceGroup
from storefront.pricing_context import buyer_of
from tests.conftest import make_price_list, make_product

pytestmark = pytest.mark.django_db

NOW = timezone.now().replace(microsecond=0)
ANONYMOUS = Buyer.anonymous()
CUSTOMER = Buyer(authenticated=True)
PUBLIC = PriceDisplay.PUBLIC


@pytest.fixture
def product(category):
    return make_product(category, 1)


@pytest.fixture
def group():
    return PriceGroup.objects.create(name="Collectivités", code="collectivites")


def test_public_list_prices_everyone(product):
    make_price_list({product: "12.50"}, valid_from=NOW - timedelta(days=1))
    result = quote(product, ANONYMOUS, NOW, price_display=PUBLIC)
    assert result.unit_price == Decimal("12.50")
    assert result.currency == "EUR" and result.vat_mode == "HT"
    assert result.price_list.name == "Liste de test"
    assert quote(product, CUSTOMER, NOW, price_display=PUBLIC).unit_price == Decimal("12.50")


def test_no_price_list_means_no_price(product):
    result = quote(product, ANONYMOUS, NOW, price_display=PUBLIC)
    assert result.prices_shown and result.unit_price is None and not result.has_price


def test_most_specific_audience_wins(product, group):
    start = NOW - timedelta(days=1)
    make_price_list({product: "10.00"}, name="Public", valid_from=start)
    make_price_list(
        {product: "9.00"}, name="Clients", audience=Audience.CUSTOMERS, valid_from=start
    )
    make_price_list(
        {product: "8.00"},
        name="Groupe",
        audience=Audience.GROUPS,
        groups=[group],
        valid_from=start,
    )
    other_group = PriceGroup.objects.create(name="Autre", code="autre")
    assert quote(product, ANONYMOUS, NOW, price_display=PUBLIC).unit_price == Decimal("10.00")
    assert quote(product, CUSTOMER, NOW, price_display=PUBLIC).unit_price == Decimal("9.00")
    assert quote(product, Buyer(True, group.pk), NOW, price_display=PUBLIC).unit_price == Decimal(
        "8.00"
    )
    assert quote(
        product, Buyer(True, other_group.pk), NOW, price_display=PUBLIC
    ).unit_price == Decimal("9.00")


def test_buyer_comes_from_the_users_company(product, group):
    user = get_user_model().objects.create_user("acheteur", password="x")
    company = CustomerCompany.objects.create(
        name="Cantine", customer_number="C-9", price_group=group
    )
    CustomerMember.objects.create(company=company, user=user)
    assert buyer_of(user) == Buyer(authenticated=True, price_group_id=group.pk)


def test_volume_tiers(product):
    make_price_list(
        {product: [(1, "10.00"), (10, "9.50"), (50, "9.00")]}, valid_from=NOW - timedelta(1)
    )
    result = quote(product, ANONYMOUS, NOW, price_display=PUBLIC)
    assert result.unit_price == Decimal("10.00")
    assert [(t.min_quantity, t.unit_price) for t in result.tiers] == [
        (10, Decimal("9.50")),
        (50, Decimal("9.00")),
    ]


def test_window_boundaries_at_the_exact_second(product):
    start = NOW + timedelta(hours=2)
    end = start + timedelta(days=7)
    make_price_list({product: "5.00"}, name="Ancien", valid_from=NOW - timedelta(days=30))
    make_price_list({product: "4.00"}, name="Promo", valid_from=start, valid_to=end)
    one = timedelta(seconds=1)
    assert quote(product, ANONYMOUS, start - one, price_display=PUBLIC).unit_price == Decimal(
        "5.00"
    )
    assert quote(product, ANONYMOUS, start, price_display=PUBLIC).unit_price == Decimal(
        "4.00"
    )  # start inclusive
    assert quote(product, ANONYMOUS, end - one, price_display=PUBLIC).unit_price == Decimal("4.00")
    assert quote(product, ANONYMOUS, end, price_display=PUBLIC).unit_price == Decimal(
        "5.00"
    )  # end exclusive


def test_valid_until_is_the_next_change(product):
    start = NOW + timedelta(hours=2)
    make_price_list({product: "5.00"}, name="Courant", valid_from=NOW - timedelta(days=1))
    make_price_list({product: "5.50"}, name="Prochain", valid_from=start)
    assert quote(product, ANONYMOUS, NOW, price_display=PUBLIC).valid_until == start
    assert quote(product, ANONYMOUS, start, price_display=PUBLIC).valid_until is None


def test_newer_list_replaces_older_one_and_history_is_kept(product):
    old = make_price_list({product: "5.00"}, name="2026", valid_from=NOW - timedelta(days=300))
    make_price_list({product: "5.20"}, name="2027", valid_from=NOW - timedelta(days=1))
    assert quote(product, ANONYMOUS, NOW, price_display=PUBLIC).unit_price == Decimal("5.20")
    # The previous list still answers for the past.
    assert quote(
        product, ANONYMOUS, NOW - timedelta(days=2), price_display=PUBLIC
    ).unit_price == Decimal("5.00")
    assert (
        quote(product, ANONYMOUS, NOW - timedelta(days=2), price_display=PUBLIC).price_list == old
    )


def test_draft_list_never_applies(product):
    make_price_list({product: "1.00"}, valid_from=NOW - timedelta(days=1), publish=False)
    assert quote(product, ANONYMOUS, NOW, price_display=PUBLIC).unit_price is None


def test_scheduled_publication_applies_on_time_without_the_scheduler(product):
    go_live = NOW + timedelta(hours=1)
    price_list = make_price_list(
        {product: "7.00"}, valid_from=NOW - timedelta(days=1), publish=False
    )
    price_list.go_live_at = go_live
    price_list.save_revision().publish()  # Wagtail schedules it: not live yet
    price_list.refresh_from_db()
    assert not price_list.live
    assert (
        quote(product, ANONYMOUS, go_live - timedelta(seconds=1), price_display=PUBLIC).unit_price
        is None
    )
    assert quote(product, ANONYMOUS, go_live, price_display=PUBLIC).unit_price == Decimal("7.00")


def test_wagtail_expiry_applies_on_time_without_the_scheduler(product):
    expire = NOW + timedelta(hours=1)
    make_price_list({product: "7.00"}, valid_from=NOW - timedelta(days=1), expire_at=expire)
    assert quote(
        product, ANONYMOUS, expire - timedelta(seconds=1), price_display=PUBLIC
    ).unit_price == Decimal("7.00")
    assert quote(product, ANONYMOUS, expire, price_display=PUBLIC).unit_price is None


def test_visibility_policy(product):
    make_price_list({product: "3.00"}, valid_from=NOW - timedelta(days=1))
    hidden = quote(product, ANONYMOUS, NOW, price_display=PriceDisplay.CUSTOMERS)
    assert not hidden.prices_shown and hidden.unit_price is None and hidden.login_required
    assert quote(
        product, CUSTOMER, NOW, price_display=PriceDisplay.CUSTOMERS
    ).unit_price == Decimal("3.00")
    quote_only = quote(product, CUSTOMER, NOW, price_display=PriceDisplay.NONE)
    assert quote_only.unit_price is None and not quote_only.login_required


def test_quote_many_costs_the_same_for_many_products(category, django_assert_max_num_queries):
    products = [make_product(category, n) for n in range(1, 31)]
    make_price_list({p: "2.00" for p in products}, valid_from=NOW - timedelta(days=1))
    # Price lists, their lines, offers and the three offer targets: six, for any number.
    with django_assert_max_num_queries(6):
        quotes = quote_many(products, ANONYMOUS, NOW, price_display=PUBLIC)
    assert {q.unit_price for q in quotes.values()} == {Decimal("2.00")}


@pytest.mark.parametrize("function", [quote, quote_many])
def test_visibility_must_be_given(product, function):
    """A forgotten visibility must never show prices: there is no default to fall back on."""
    make_price_list({product: "3.00"}, valid_from=NOW - timedelta(days=1))
    target = product if function is quote else [product]
    with pytest.raises(TypeError, match="price_display"):
        function(target, ANONYMOUS, NOW)
    with pytest.raises(TypeError):
        function(target, ANONYMOUS, NOW, PriceDisplay.PUBLIC)  # keyword only: no mix-up with `at`


def test_quantity_reaches_a_tier_from_its_own_quantity(product):
    """`quantity` is what the buyer takes: a tier applies from its quantity included, and
    `unit_price` stays the price of one unit so that cards and tiers read the same."""
    make_price_list(
        {product: [(1, "10.00"), (10, "9.50"), (50, "9.00")]}, valid_from=NOW - timedelta(1)
    )
    for quantity in (1, 9, 10, 50):
        result = quote(product, ANONYMOUS, NOW, price_display=PUBLIC, quantity=quantity)
        assert result.unit_price == Decimal("10.00")
        assert [(t.min_quantity, t.unit_price) for t in result.tiers] == [
            (10, Decimal("9.50")),
            (50, Decimal("9.00")),
        ]


@pytest.mark.parametrize("quantity", [1, 10, 50])
def test_tiers_without_a_base_price_give_no_price(product, quantity):
    """A list made outside the editor (shell, older data) with tiers only: its first tier is
    not the price of one unit. No price rather than a wrong one."""
    make_price_list({product: [(10, "9.50"), (50, "9.00")]}, valid_from=NOW - timedelta(1))
    result = quote(product, CUSTOMER, NOW, price_display=PUBLIC, quantity=quantity)
    assert result.prices_shown and not result.has_price
    assert result.unit_price is None and result.regular_price is None and result.tiers == []


def test_tiers_without_a_base_price_do_not_bring_back_a_replaced_price(product):
    """The newer list replaces the older one for this product: falling back on the older
    price would show a price the wholesaler has withdrawn."""
    make_price_list({product: "12.00"}, name="2026", valid_from=NOW - timedelta(days=300))
    newer = make_price_list(
        {product: [(10, "9.50"), (50, "9.00")]}, name="2027", valid_from=NOW - timedelta(1)
    )
    assert newer.lines.count() == 2
    quotes = quote_many([product], ANONYMOUS, NOW, price_display=PUBLIC)
    assert not quotes[product.pk].has_price and quotes[product.pk].tiers == []
    # Before the newer list, the older one still answers.
    past = quote(product, ANONYMOUS, NOW - timedelta(days=2), price_display=PUBLIC)
    assert past.unit_price == Decimal("12.00")


def test_in_force_at_is_the_one_window_rule(product):
    """The pricing function, the offers in force and the planning all ask `in_force_at`."""
    start = NOW + timedelta(hours=2)
    end = start + timedelta(days=7)
    price_list = make_price_list({product: "4.00"}, valid_from=start, valid_to=end)
    open_ended = make_price_list({product: "5.00"}, valid_from=NOW - timedelta(days=1))
    one = timedelta(seconds=1)
    assert in_force_at(price_list, start - one) == (False, start)
    assert in_force_at(price_list, start) == (True, end)  # start included
    assert in_force_at(price_list, end - one) == (True, end)
    assert in_force_at(price_list, end) == (False, None)  # end excluded
    assert in_force_at(open_ended, NOW) == (True, None)
