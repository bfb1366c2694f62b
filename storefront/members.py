"""Which user accounts an editor may attach to a client company.

Editors attach existing accounts from the company's form (storefront/member_admin.py); they
never edit accounts themselves (no « Utilisateurs » menu, no password, no staff flag). What
they may attach is a customer account: active, and not the team's, whose rule is
`core.staff.is_staff` (anyone who may open the admin). A user buys for one company
only (`CustomerMember.user` is unique), so an account attached elsewhere is refused with the
name of that company rather than with a unique-constraint message.
"""

from django.contrib.auth import get_user_model

from core.staff import admin_access_condition, is_staff
from storefront.models import CustomerMember

NOT_A_CUSTOMER_ACCOUNT = (
    "Choisissez un compte client actif : les comptes de l'équipe (accès à l'administration) "
    "et les comptes désactivés ne peuvent pas être rattachés à une société cliente."
)


def customer_accounts():
    """Active users `is_staff` refuses, as one query: neither superusers nor holders of the
    admin access permission, given to them or to one of their groups."""
    return get_user_model().objects.filter(is_active=True).exclude(admin_access_condition())


def unattached_customer_accounts():
    """What the picker offers: customer accounts that buy for no company yet."""
    return customer_accounts().filter(customer__isnull=True)


def attachable_accounts(current_user_id=None):
    """What a member line accepts: any customer account, or the account it already holds (a
    line kept as it was stays valid even if its user has since been deactivated)."""
    accounts = customer_accounts()
    if current_user_id is not None:
        accounts = accounts | get_user_model().objects.filter(pk=current_user_id)
    return accounts.distinct()


def attach_refusal(user, member):
    """Why `user` cannot be put on the member line `member` (None if they can)."""
    if user.pk == member.user_id:
        return None
    if is_staff(user):
        return NOT_A_CUSTOMER_ACCOUNT
    elsewhere = (
        CustomerMember.objects.filter(user=user)
        .exclude(pk=member.pk)
        .select_related("company")
        .first()
    )
    if elsewhere is not None:
        return (
            f"{account_label(user)} est déjà rattaché à la société « {elsewhere.company} » : "
            "retirez-le d'abord de celle-ci (un utilisateur achète pour une seule société)."
        )
    return None


def account_label(user):
    """« Jean Dupont (achats@restaurant-dupont.example) », or the login when nameless."""
    name = user.get_full_name() or user.get_username()
    return f"{name} ({user.email})" if user.email and user.email != name else name
