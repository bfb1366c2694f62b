"""Customers' pages shared by audience: fast, never stale, never someone else's."""

import re
from datetime import timedelta
from decimal import Decimal
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.test import Client, override_settings
from django.utils import timezone

from core.buyer_cache import audience_signature
from core.cache_backend import FailSoftCache
from promotions.models import Audience, PriceDisplay
from storefront.models import CustomerCompany, CustomerMember, PriceGroup
from storefront.templatetags.storefront_tags import price
from tests.conftest import AxesClient, make_price_list, make_product
from tests.core.test_cache_outage import CACHE_DOWN
from tests.promotions.test_offers import make_offer
from tests.showroom.conftest import make_space

pytestmark = pytest.mark.django_db

CACHE = "X-Page-Cache"
PASSWORD = "secret-pass-1"


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.STOREFRONT_PAGE_CACHE = True


@pytest.fixture
def schools():
    return PriceGroup.objects.create(name="Écoles", code="ecoles")


@pytest.fixture
def hotels():
    return PriceGroup.objects.create(name="Hôtels", code="hotels")


def make_buyer(username, first_name, group, number):
    user = get_user_model().objects.create_user(
        username, password=PASSWORD, first_name=first_name, last_name="Acheteur"
    )
    company = CustomerCompany.objects.create(
        name=f"Société {first_name}", customer_number=f"C-BUY-{number}", price_group=group
    )
    CustomerMember.objects.create(company=company, user=user)
    return user


def logged_in(user, **options):
    client = AxesClient(**options)
    client.login(username=user.username, password=PASSWORD)
    return client


@pytest.fixture
def group_prices(category, schools, set_price_display):
    """A product at 10 € for everyone and 7 € for schools, shown to customers only."""
    set_price_display(PriceDisplay.CUSTOMERS)
    product = make_product(category, 1)
    start = timezone.now() - timedelta(days=1)
    make_price_list({product: Decimal("10.00")}, valid_from=start, name="Public")
    make_price_list(
        {product: Decimal("7.00")},
        audience=Audience.GROUPS,
        groups=[schools],
        valid_from=start,
        name="Écoles",
    )
    return product


def at(moment):
    return mock.patch("django.utils.timezone.now", return_value=moment)


def without_personal_bits(html):
    html = re.sub(r'<div class="site-header__account">.*?</div>', "", html, flags=re.S)
    return html


def test_two_customers_of_one_group_share_a_page_but_not_their_names(group_prices, schools):
    alice = logged_in(make_buyer("alice", "Alice", schools, 1))
    bruno = logged_in(make_buyer("bruno", "Bruno", schools, 2))
    first = alice.get(group_prices.url)
    second = bruno.get(group_prices.url)
    assert first[CACHE] == "miss" and second[CACHE] == "hit"
    mine, theirs = first.content.decode(), second.content.decode()
    assert price(Decimal("7.00")) in mine and price(Decimal("7.00")) in theirs
    assert "Alice Acheteur" in mine and "Alice" not in theirs
    assert "Bruno Acheteur" in theirs and "Bruno" not in mine
    # Identical bytes apart from the account links.
    assert without_personal_bits(mine) == without_personal_bits(theirs)
    assert "private" in second["Cache-Control"] and "no-store" in second["Cache-Control"]
    assert "public" not in second["Cache-Control"]


def test_a_customer_of_another_group_never_gets_the_entry(group_prices, schools, hotels):
    logged_in(make_buyer("alice", "Alice", schools, 1)).get(group_prices.url)
    hotel = logged_in(make_buyer("hugo", "Hugo", hotels, 2))
    response = hotel.get(group_prices.url)
    assert response[CACHE] == "miss"
    html = response.content.decode()
    assert price(Decimal("10.00")) in html and price(Decimal("7.00")) not in html
    assert "Alice" not in html and "Hugo Acheteur" in html
    # Anonymous visitors neither.
    anonymous = Client().get(group_prices.url)
    assert price(Decimal("7.00")) not in anonymous.content.decode()


def test_the_signature_is_the_price_audience(rf, schools, hotels):
    alice, bruno = make_buyer("alice", "Alice", schools, 1), make_buyer("bruno", "B", schools, 2)
    hugo = make_buyer("hugo", "Hugo", hotels, 3)
    plain = get_user_model().objects.create_user("plain", password=PASSWORD)

    def signature(user, path="/"):
        request = rf.get(path)
        request.user, request.session = user, {}
        return audience_signature(request)

    assert signature(alice) == signature(bruno) != signature(hugo)
    assert signature(plain) not in (None, signature(alice))
    assert signature(get_user_model().objects.get(username="admin")) is None  # team member
    assert signature(get_user_model().objects.get(username="editeur")) is None
    assert signature(alice, "/?at=2030-01-01") is None  # a preview asked


def test_a_price_list_boundary_is_exact_for_customers(group_prices, schools):
    change = (timezone.now() + timedelta(hours=2)).replace(microsecond=0)
    make_price_list(
        {group_prices: Decimal("6.00")},
        audience=Audience.GROUPS,
        groups=[schools],
        valid_from=change,
        name="Écoles 2",
    )
    alice = logged_in(make_buyer("alice", "Alice", schools, 1))
    bruno = logged_in(make_buyer("bruno", "Bruno", schools, 2))
    with at(change - timedelta(seconds=10)):
        assert alice.get(group_prices.url)[CACHE] == "miss"
    with at(change - timedelta(microseconds=1)):
        response = bruno.get(group_prices.url)
        assert response[CACHE] == "hit" and price(Decimal("7.00")) in response.content.decode()
    with at(change):
        response = bruno.get(group_prices.url)
        assert response[CACHE] == "miss"
        assert price(Decimal("6.00")) in response.content.decode()


def test_an_offer_for_a_group_ends_on_time_for_customers(group_prices, schools, category):
    end = (timezone.now() + timedelta(hours=1)).replace(microsecond=0)
    make_offer(
        name="Rentrée",
        value=Decimal("50"),
        products=[group_prices],
        audience=Audience.GROUPS,
        groups=[schools],
        valid_to=end,
    )
    alice = logged_in(make_buyer("alice", "Alice", schools, 1))
    with at(end - timedelta(seconds=5)):
        alice.get(category.url)
        response = alice.get(category.url)
        assert response[CACHE] == "hit" and price(Decimal("3.50")) in response.content.decode()
    with at(end):
        response = alice.get(category.url)
        assert response[CACHE] == "miss" and price(Decimal("3.50")) not in response.content.decode()


def test_publishing_retires_customers_pages(
    group_prices, schools, django_capture_on_commit_callbacks
):
    alice = logged_in(make_buyer("alice", "Alice", schools, 1))
    alice.get(group_prices.url)
    assert alice.get(group_prices.url)[CACHE] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        group_prices.title = "Nom changé"
        group_prices.save_revision().publish()
    response = alice.get(group_prices.url)
    assert response[CACHE] == "miss" and "Nom changé" in response.content.decode()


def test_forms_on_a_cached_page_carry_the_visitors_own_token(group_prices, schools):
    bruno_user = make_buyer("bruno", "Bruno", schools, 2)
    logged_in(make_buyer("alice", "Alice", schools, 1)).get(group_prices.url)
    bruno = logged_in(bruno_user, enforce_csrf_checks=True)
    page = bruno.get(group_prices.url)
    assert page[CACHE] == "hit"
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())[1]
    # The quote request the product page links to works for this customer.
    link = re.search(r'href="(/[^"]*devis[^"]*)"', page.content.decode())
    form = bruno.get(link[1].replace("&amp;", "&"))
    assert form.status_code == 200 and CACHE not in form
    # The logout form from the cached page is accepted: the token is this visitor's own.
    response = bruno.post("/account/logout/", {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert "_auth_user_id" not in bruno.session


def test_a_cached_customer_page_costs_few_queries(
    group_prices, schools, django_assert_max_num_queries
):
    alice = logged_in(make_buyer("alice", "Alice", schools, 1))
    bruno = logged_in(make_buyer("bruno", "Bruno", schools, 2))
    alice.get(group_prices.url)
    bruno.get("/")  # warm the user's own caches (their account and its links)
    # The session (none with Redis: core/sessions.py). The user with whether they
    # belong to the team and their company's price group (storefront/auth_backend.py), their
    # account links, the page: all from the cache.
    with django_assert_max_num_queries(1):
        response = bruno.get(group_prices.url)
    assert response[CACHE] == "hit"


def test_a_cached_customer_page_costs_few_cache_round_trips(group_prices, schools):
    alice = logged_in(make_buyer("alice", "Alice", schools, 1))
    alice.get(group_prices.url)
    calls = []
    attempt = FailSoftCache._attempt

    def counted(cache, fallback, method, *args, **kwargs):
        calls.append(method.__name__)
        return attempt(cache, fallback, method, *args, **kwargs)

    with mock.patch.object(FailSoftCache, "_attempt", counted):
        response = alice.get(group_prices.url)
    assert response[CACHE] == "hit"
    # The session's copy, the user with their facts, the page with the account links, the
    # page view counted: neither the site nor its settings (as for the anonymous cache).
    assert len(calls) <= 4, calls


def test_client_spaces_and_forms_are_never_shared(schools):
    alice_user, bruno_user = (
        make_buyer("alice", "Alice", schools, 1),
        make_buyer("b", "B", schools, 2),
    )
    space = make_space("Espace Zanzibar", companies=[alice_user.customer.company])
    alice, bruno = logged_in(alice_user), logged_in(bruno_user)
    for _ in range(2):
        response = alice.get(space.url)
        assert response.status_code == 200 and CACHE not in response
    # Same price group, other company: Wagtail's privacy still answers.
    response = bruno.get(space.url)
    assert response.status_code != 200 and "Zanzibar" not in response.content.decode()
    alice.get("/devis/")
    assert alice.get("/devis/").get(CACHE) is None


def test_team_members_are_never_served_nor_stored(admin_client, group_prices):
    assert CACHE not in admin_client.get(group_prices.url)
    assert CACHE not in admin_client.get(group_prices.url)


def test_pages_are_served_to_customers_while_the_cache_is_down(group_prices, schools):
    alice = logged_in(make_buyer("alice", "Alice", schools, 1))
    with override_settings(CACHES=CACHE_DOWN):
        response = alice.get(group_prices.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Alice Acheteur" in html and price(Decimal("7.00")) in html


def test_a_customer_with_pending_messages_gets_a_page_of_their_own(group_prices, schools):
    logged_in(make_buyer("alice", "Alice", schools, 1)).get(group_prices.url)
    bruno = logged_in(make_buyer("bruno", "Bruno", schools, 2))
    bruno.cookies["messages"] = "pending"
    response = bruno.get(group_prices.url)
    assert CACHE not in response and "Bruno Acheteur" in response.content.decode()


def test_a_customer_renamed_or_moved_sees_it_at_once(group_prices, schools, hotels):
    """The account links and the audience are kept per user until the account changes."""
    user = make_buyer("alice", "Alice", schools, 1)
    alice = logged_in(user)
    html = alice.get(group_prices.url).content.decode()
    assert "Alice Acheteur" in html and price(Decimal("7.00")) in html
    alice.get(group_prices.url)
    user.first_name = "Alicia"
    user.save()
    html = alice.get(group_prices.url).content.decode()
    assert "Alicia Acheteur" in html and "Alice Acheteur" not in html
    # Her company leaves the schools' price group: the schools' price is gone at once.
    company = user.customer.company
    company.price_group = hotels
    company.save()
    html = alice.get(group_prices.url).content.decode()
    assert price(Decimal("7.00")) not in html and price(Decimal("10.00")) in html
    # Deactivated: logged out at the next request, whatever the cache holds.
    user.is_active = False
    user.save()
    assert "Alicia" not in alice.get(group_prices.url).content.decode()


def test_every_visitor_gets_a_new_token_in_the_same_account_links(group_prices, schools):
    alice = logged_in(make_buyer("alice", "Alice", schools, 1))
    other_alice = logged_in(get_user_model().objects.get(username="alice"))
    tokens = set()
    for client in (alice, other_alice, alice):
        html = client.get(group_prices.url).content.decode()
        tokens.add(re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1])
    assert len(tokens) == 3
    assert not any("stand-in" in token for token in tokens)
