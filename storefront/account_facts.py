"""What every request of a logged-in user asks about them, kept until it changes.

A customer's page served from the buyer page cache (core/buyer_cache.py) needs to know
whether they belong to the team (`core.staff.is_staff`), which company they buy for and
its price group (`promotions.pricing.Buyer`, the client space link in the header). Asked one
by one, that was three queries besides the user's own, on a page otherwise served from the
cache; as one query, building and planning it still cost more than the rest of the page.

The user of a session gets them from the cache (storefront/auth_backend.py), read in one
query once per content generation. A user read any other way (a form, a command) gets them in
that same query when their company is first asked, and keeps them for the rest of the
request, as Django keeps permissions.
"""

from django.contrib.auth import get_user_model
from django.db.models import BooleanField, ExpressionWrapper, OuterRef, Subquery

from core.staff import STAFF_ATTRIBUTE, admin_access_condition
from storefront.models.customers import CustomerMember

COMPANY_ATTRIBUTE = "_storefront_company_id"
PRICE_GROUP_ATTRIBUTE = "_storefront_price_group_id"
FACTS = (STAFF_ATTRIBUTE, COMPANY_ATTRIBUTE, PRICE_GROUP_ATTRIBUTE)


def read_facts(user_id):
    """(team member, company id, price group id) of a user, in one query."""
    own_membership = CustomerMember.objects.filter(user=OuterRef("pk"))
    users = get_user_model().objects.filter(pk=user_id)
    return (
        users.annotate(
            **{
                STAFF_ATTRIBUTE: ExpressionWrapper(admin_access_condition(), BooleanField()),
                COMPANY_ATTRIBUTE: Subquery(own_membership.values("company_id")[:1]),
                PRICE_GROUP_ATTRIBUTE: Subquery(
                    own_membership.values("company__price_group_id")[:1]
                ),
            }
        )
        .values_list(*FACTS)
        .first()
    )


def remember_facts(user, facts):
    """Keep `facts` (as `read_facts` gives them) on `user` for the rest of the request."""
    for name, value in zip(FACTS, facts, strict=True):
        setattr(user, name, value)


def membership(user):
    """(company id, price group id) of the company `user` buys for, or (None, None)."""
    if not hasattr(user, COMPANY_ATTRIBUTE):
        remember_facts(user, read_facts(user.pk))
    return getattr(user, COMPANY_ATTRIBUTE), getattr(user, PRICE_GROUP_ATTRIBUTE)
