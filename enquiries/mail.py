"""E-mails about quote and account requests: to the sales team, and to the person asking.

Acknowledgements go to an address nobody has verified yet, so they never repeat free text
typed in the form (company, name, message): the public forms cannot be used to send spam
through our mail server. The sales team gets everything, with Reply-To set to the requester.
"""

from email.utils import parseaddr

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from core import mail
from storefront.models import CompanySettings, ShopSettings


def sales_team_address(request):
    """Shop settings' sales address, else the public contact address, else the sender."""
    shop = ShopSettings.for_request(request)
    if shop.sales_team_email:
        return shop.sales_team_email
    company = CompanySettings.for_request(request)
    return company.email or parseaddr(settings.DEFAULT_FROM_EMAIL)[1]


def admin_url(viewname, pk):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(viewname, args=[pk])


def send(subject, template_name, context, recipient, reply_to=None):
    """Send one plain-text e-mail; a mail server failure is logged, not shown to the visitor."""
    # Sent by a task (core/mail.py): the request is stored and listed in the admin, and the
    # visitor's answer does not wait for the mail server.
    body = render_to_string(template_name, context)
    return mail.send(subject, body, [recipient], reply_to=reply_to)


def notify_quote_request(request, quote):
    company = CompanySettings.for_request(request)
    context = {
        "quote": quote,
        "lines": list(quote.lines.all()),
        "company": company,
        "origin_url": quote.origin_page.get_full_url(request) if quote.origin_page else "",
        "admin_url": admin_url("wagtailsnippets_enquiries_quoterequest:edit", quote.pk),
    }
    send(
        f"Demande de devis {quote.reference} – {quote.company}",
        "enquiries/emails/quote_request_sales.txt",
        context,
        sales_team_address(request),
        reply_to=[quote.email],
    )
    send(
        f"Votre demande de devis {quote.reference} – {company.name}",
        "enquiries/emails/quote_request_acknowledgement.txt",
        context,
        quote.email,
    )


def notify_account_request(request, account_request):
    company = CompanySettings.for_request(request)
    context = {
        "account_request": account_request,
        "company": company,
        "admin_url": admin_url("wagtailsnippets_enquiries_accountrequest:edit", account_request.pk),
    }
    send(
        f"Demande de compte professionnel – {account_request.company_name}",
        "enquiries/emails/account_request_sales.txt",
        context,
        sales_team_address(request),
        reply_to=[account_request.email],
    )
    send(
        f"Votre demande de compte professionnel – {company.name}",
        "enquiries/emails/account_request_acknowledgement.txt",
        context,
        account_request.email,
    )


def send_activation(request, user):
    """The new customer chooses a password through Django's password-reset link."""
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    company = CompanySettings.for_request(request)
    context = {
        "user": user,
        "company": company,
        "activation_url": request.build_absolute_uri(path),
        "login_url": request.build_absolute_uri(reverse("login")),
        "valid_days": max(settings.PASSWORD_RESET_TIMEOUT // 86400, 1),
    }
    return send(
        f"Votre compte professionnel {company.name} est ouvert",
        "enquiries/emails/account_activation.txt",
        context,
        user.email,
    )
