"""The user of a session carries what every request asks about them, kept until it changes."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from core.staff import is_staff
from storefront.account_facts import membership
from storefront.auth_backend import AccountBackend
from storefront.models import CustomerCompany, CustomerMember, PriceGroup
from storefront.pricing_context import buyer_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def accounts(demo_site):
    User = get_user_model()
    group = PriceGroup.objects.create(name="Écoles", code="ecoles")
    company = CustomerCompany.objects.create(
        name="École Jaurès", customer_number="C-FACTS-1", price_group=group
    )
    no_group = CustomerCompany.objects.create(name="Sans groupe", customer_number="C-FACTS-2")
    grouped = User.objects.create_user("groupe")
    CustomerMember.objects.create(company=company, user=grouped)
    ungrouped = User.objects.create_user("sans-groupe")
    CustomerMember.objects.create(company=no_group, user=ungrouped)
    by_group = User.objects.create_user("par-groupe")
    by_group.groups.add(Group.objects.get(name="Éditeurs"))
    return [
        User.objects.get(username=name) for name in ("admin", "editeur", "client", "drapeau")
    ] + [grouped, ungrouped, by_group, User.objects.create_user("seul")]


@pytest.fixture(autouse=True)
def flag_only(db):
    get_user_model().objects.create_user("drapeau", is_staff=True)


def test_a_sessions_user_carries_the_same_answers_as_a_user_read_otherwise(
    accounts, django_assert_num_queries
):
    User = get_user_model()
    for account in accounts:
        AccountBackend().get_user(account.pk)
        # The user and their facts, from the cache (storefront/auth_backend.py).
        with django_assert_num_queries(0):
            user = AccountBackend().get_user(account.pk)
            answers = (is_staff(user), membership(user), buyer_of(user))
        plain = User.objects.get(pk=account.pk)
        assert answers == (is_staff(plain), membership(plain), buyer_of(plain)), account
    staff = {account.username for account in accounts if is_staff(account)}
    assert staff == {"admin", "editeur", "par-groupe"}
    grouped = User.objects.get(username="groupe")
    assert membership(grouped) == (
        grouped.customer.company_id,
        grouped.customer.company.price_group_id,
    )
    assert membership(User.objects.get(username="seul")) == (None, None)


def test_an_inactive_user_has_no_session_user(accounts):
    user = get_user_model().objects.get(username="groupe")
    user.is_active = False
    user.save()
    assert AccountBackend().get_user(user.pk) is None


def logged_in_answers(client, username):
    user = AccountBackend().get_user(get_user_model().objects.get(username=username).pk)
    return is_staff(user), membership(user)


def test_a_change_of_account_is_seen_at_once(accounts, client):
    User = get_user_model()
    grouped = User.objects.get(username="groupe")
    company = grouped.customer.company
    assert logged_in_answers(client, "groupe") == (False, (company.pk, company.price_group_id))
    # The company's price group changes.
    other = PriceGroup.objects.create(name="Hôtels", code="hotels")
    company.price_group = other
    company.save()
    assert logged_in_answers(client, "groupe") == (False, (company.pk, other.pk))
    # The user moves to another company.
    elsewhere = CustomerCompany.objects.get(customer_number="C-FACTS-2")
    CustomerMember.objects.filter(user=grouped).update(company=elsewhere)
    member = CustomerMember.objects.get(user=grouped)
    member.save()
    assert logged_in_answers(client, "groupe") == (False, (elsewhere.pk, None))
    # Given admin access through a group, then losing it.
    editors = Group.objects.get(name="Éditeurs")
    grouped.groups.add(editors)
    assert logged_in_answers(client, "groupe")[0] is True
    grouped.groups.remove(editors)
    assert logged_in_answers(client, "groupe")[0] is False
    # Made a superuser; the company line removed.
    grouped.is_superuser = True
    grouped.save()
    member.delete()
    assert logged_in_answers(client, "groupe") == (True, (None, None))


def test_logging_in_keeps_the_facts(accounts, client, django_assert_num_queries):
    """A login saves the user's last login: that changes no fact, nor any page."""
    from core.generation import content_generation

    before = content_generation()
    client.login(username="client", password="client-demo")
    assert content_generation() == before
