"""Who belongs to the wholesaler's team: one rule for the whole project.

The team is anyone who may open the Wagtail admin: superusers and holders of the
``wagtailadmin.access_admin`` permission (the demo's « Éditeurs » group has it), while their
account is active. Django's own ``User.is_staff`` flag is not the rule: it only opens Django's
admin, which this project does not serve, and editors do not have it.

The team sees every client space and its documents (showroom/access.py), previews the site
at a date (core/preview.py), and its accounts are never attached to a client company
(storefront/members.py). This module sits below the apps that ask (showroom, promotions…):
they import it, never the reverse.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Exists, OuterRef, Q

ADMIN_ACCESS = "wagtailadmin.access_admin"
STAFF_ATTRIBUTE = "_storefront_is_staff"


def is_staff(user):
    """Whether `user` (possibly None or anonymous) may open the Wagtail admin.

    One query, remembered on the user object (as Django remembers permissions there): a
    customer's every request asks, and ``has_perm`` would read all their permissions in two.
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    if not hasattr(user, STAFF_ATTRIBUTE):
        staff = get_user_model().objects.filter(pk=user.pk).filter(admin_access_condition())
        setattr(user, STAFF_ATTRIBUTE, staff.exists())
    return getattr(user, STAFF_ATTRIBUTE)


def admin_access_condition():
    """`is_staff` as a condition on users for one query, activity aside: superusers and
    holders of the permission, given to them or to one of their groups.

    Two EXISTS rather than joins: joining users to permissions and groups multiplies rows,
    and planning those joins cost PostgreSQL more than running the whole query.
    """
    app_label, codename = ADMIN_ACCESS.split(".")
    permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    User = get_user_model()
    own = User.user_permissions.through.objects.filter(
        user_id=OuterRef("pk"), permission__in=permission
    )
    by_group = User.groups.through.objects.filter(
        user_id=OuterRef("pk"), group__permissions__in=permission
    )
    return Q(is_superuser=True) | Q(Exists(own)) | Q(Exists(by_group))
