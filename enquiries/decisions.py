"""Deciding on professional account requests: approval opens the customer account."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from enquiries.models import AccountRequest
from storefront.models import CustomerCompany, CustomerMember


class DecisionError(Exception):
    """The decision cannot be applied; the message says why, in French, for staff."""


def can_decide(user):
    # Approving creates a customer company and its (non-staff) login.
    return user.has_perm("enquiries.change_accountrequest") and user.has_perm(
        "storefront.add_customercompany"
    )


def _pending(account_request):
    locked = AccountRequest.objects.select_for_update().get(pk=account_request.pk)
    if not locked.is_pending:
        raise DecisionError(f"Cette demande est déjà {locked.get_status_display().lower()}.")
    return locked


@transaction.atomic
def approve(account_request, *, customer_number, price_group=None, decided_by=None):
    """Create the user (e-mail as username, no password yet), company and membership."""
    account_request = _pending(account_request)
    User = get_user_model()
    email = account_request.email.strip().lower()
    if len(email) > User._meta.get_field("username").max_length:
        raise DecisionError("Adresse e-mail trop longue pour servir d'identifiant.")
    if User.objects.filter(Q(username__iexact=email) | Q(email__iexact=email)).exists():
        raise DecisionError(
            f"Un compte utilise déjà l'adresse {email} : rattachez-le à une société depuis "
            "Clients → Sociétés clientes plutôt que d'en créer un second."
        )
    first_name, _, last_name = account_request.contact_name.partition(" ")
    user = User(username=email, email=email, first_name=first_name, last_name=last_name)
    # No one knows a password until the customer chooses one through the activation link.
    user.set_unusable_password()
    user.save()
    company = CustomerCompany.objects.create(
        name=account_request.company_name,
        customer_number=customer_number,
        siret=account_request.siret,
        price_group=price_group,
    )
    CustomerMember.objects.create(company=company, user=user)
    account_request.status = AccountRequest.Status.APPROVED
    account_request.created_user = user
    account_request.created_company = company
    account_request.decided_at = timezone.now()
    account_request.decided_by = decided_by
    account_request.save()
    return account_request


@transaction.atomic
def reject(account_request, *, decided_by=None):
    account_request = _pending(account_request)
    account_request.status = AccountRequest.Status.REJECTED
    account_request.decided_at = timezone.now()
    account_request.decided_by = decided_by
    account_request.save()
    return account_request


def awaits_activation(account_request):
    """Approved, and its customer has not chosen a password yet."""
    user = account_request.created_user
    return (
        account_request.status == AccountRequest.Status.APPROVED
        and user is not None
        and not user.has_usable_password()
    )
