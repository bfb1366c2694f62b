"""The user of each request, with their account facts (storefront/account_facts.py), from the
cache: a customer's page served from the buyer page cache then costs no query at all.

Both are kept per content generation: any change to them (a user's groups, permissions,
activity, password or company, a company's price group) starts a new one, once the change is
committed (`core.cache_purge.purge_pages`).
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group
from django.db.models.signals import m2m_changed, post_delete, post_save

from core.cache_purge import purge_pages
from core.generation import cached_for_generation
from storefront.account_facts import read_facts, remember_facts
from storefront.models import CustomerCompany, CustomerMember


class AccountBackend(ModelBackend):
    """Django's model backend, whose user of a session carries their account facts.

    The user row is kept with them: what Django checks on it at each request (the account
    still exists and is active, the session's hash of the password) changes only by saving
    the user, which starts a new generation. Only the last login, saved at each login, may be
    older in the copy than in the database.
    """

    def get_user(self, user_id):
        def load():
            user = super(AccountBackend, self).get_user(user_id)
            return None if user is None else (user, read_facts(user.pk))

        found = cached_for_generation(f"account:{user_id}", load)
        if found is None:
            return None
        user, facts = found
        remember_facts(user, facts)
        return user


def on_account_change(sender, update_fields=None, action="post_", created=False, **kwargs):
    # Every login saves the user's last login, which changes none of the facts; a change of
    # groups or permissions is announced before and after it is made; a new user, group or
    # company concerns no one yet (a new company line does: it gives a user a company).
    if update_fields == frozenset({"last_login"}) or not action.startswith("post_"):
        return
    if created and sender is not CustomerMember:
        return
    purge_pages([])


def connect():
    User = get_user_model()
    for model in (User, Group, CustomerMember, CustomerCompany):
        name = model._meta.label_lower
        post_save.connect(on_account_change, sender=model, dispatch_uid=f"facts-saved-{name}")
        post_delete.connect(on_account_change, sender=model, dispatch_uid=f"facts-gone-{name}")
    for through in (User.groups.through, User.user_permissions.through, Group.permissions.through):
        m2m_changed.connect(
            on_account_change, sender=through, dispatch_uid=f"facts-{through._meta.label_lower}"
        )
