"""What every request of a logged-in user asks about them, read with the user.

A customer's page served from the buyer page cache (storefront/buyer_cache.py) needs to know
whether they belong to the team (`storefront.staff.is_staff`), which company they buy for and
its price group (`promotions.pricing.Buyer`, the client space link in the header). Asked one
by one, that was three queries besides the user's own, on a page otherwise served from the
cache. `AccountBackend.get_user`, which reads the logged-in user of every request, reads them
in the same query; a user read any other way (a form, a command) gets them in one query when
first asked, and keeps them for the rest of the request, as Django keeps permissions.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import Exists, OuterRef, Subquery

from storefront.models import CustomerMember
from storefront.staff import STAFF_ATTRIBUTE, admin_access_condition

COMPANY_ATTRIBUTE = "_storefront_company_id"
PRICE_GROUP_ATTRIBUTE = "_storefront_price_group_id"


def with_account_facts(users):
    """`users` with the team flag, the company and its price group read in the same query."""
    own_membership = CustomerMember.objects.filter(user=OuterRef("pk"))
    return users.annotate(
        **{
            STAFF_ATTRIBUTE: Exists(
                get_user_model().objects.filter(pk=OuterRef("pk")).filter(admin_access_condition())
            ),
            COMPANY_ATTRIBUTE: Subquery(own_membership.values("company_id")[:1]),
            PRICE_GROUP_ATTRIBUTE: Subquery(own_membership.values("company__price_group_id")[:1]),
        }
    )


def membership(user):
    """(company id, price group id) of the company `user` buys for, or (None, None)."""
    if not hasattr(user, COMPANY_ATTRIBUTE):
        row = (
            CustomerMember.objects.filter(user=user)
            .values_list("company_id", "company__price_group_id")
            .first()
        )
        company_id, price_group_id = row or (None, None)
        setattr(user, COMPANY_ATTRIBUTE, company_id)
        setattr(user, PRICE_GROUP_ATTRIBUTE, price_group_id)
    return getattr(user, COMPANY_ATTRIBUTE), getattr(user, PRICE_GROUP_ATTRIBUTE)


class AccountBackend(ModelBackend):
    """Django's model backend, reading the user of a session with their account facts."""

    def get_user(self, user_id):
        users = with_account_facts(get_user_model()._default_manager.filter(pk=user_id))
        user = users.first()
        return user if user is not None and self.user_can_authenticate(user) else None
