"""Demo quote and account requests, so that the « Demandes » admin menu is not empty."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.models import Site

from enquiries.lines import RequestedLine, create_quote_request, smallest_quantity
from enquiries.models import AccountRequest, QuoteRequest
from storefront.models import Availability, ProductPage, ShopSettings

SALES_TEAM_EMAIL = "commercial@storefront.example"
PROSPECT_EMAIL = "achats@boulangerie-martin.example"
ACCOUNT_REQUEST_EMAIL = "contact@traiteur-leroy.example"


def demo_lines(count, offset=0):
    products = (
        ProductPage.objects.live()
        .public()
        .filter(availability=Availability.IN_STOCK)
        .order_by("sku")[offset : offset + count]
    )
    return [
        RequestedLine(row, product, smallest_quantity(product) * (row + 2))
        for row, product in enumerate(products)
    ]


def ensure_sales_team_email():
    shop = ShopSettings.for_site(Site.objects.get(is_default_site=True))
    if not shop.sales_team_email:
        shop.sales_team_email = SALES_TEAM_EMAIL
        shop.save()


def ensure_quote_requests():
    customer = get_user_model().objects.get(username="client")
    if not QuoteRequest.objects.filter(customer=customer).exists():
        create_quote_request(
            demo_lines(3),
            customer=customer,
            company=customer.customer.company.name,
            contact_name=customer.get_full_name(),
            email=customer.email,
            phone="04 78 00 00 01",
            message="Bonjour,\nPouvez-vous nous faire un prix pour la réouverture de "
            "septembre ? Livraison souhaitée en une fois.",
        )
    if not QuoteRequest.objects.filter(email=PROSPECT_EMAIL).exists():
        quote = create_quote_request(
            demo_lines(2, offset=5),
            company="Boulangerie Martin",
            contact_name="Sophie Martin",
            email=PROSPECT_EMAIL,
            phone="06 12 34 56 78",
            message="Première commande pour notre nouvelle boutique.",
        )
        quote.status = QuoteRequest.Status.ANSWERED
        quote.created_at = timezone.now() - timedelta(days=4)
        quote.staff_notes = "Devis envoyé par e-mail le lendemain ; relancer dans 15 jours."
        quote.save()


def ensure_account_request():
    AccountRequest.objects.get_or_create(
        email=ACCOUNT_REQUEST_EMAIL,
        defaults={
            "company_name": "Traiteur Leroy",
            "siret": "44306184100047",
            "vat_number": "",
            "address": "8 avenue des Halles\n69007 Lyon",
            "contact_name": "Marc Leroy",
            "phone": "04 72 11 22 33",
            "message": "Traiteur pour événements d'entreprise, environ 200 couverts par semaine.",
        },
    )


def load():
    ensure_sales_team_email()
    ensure_quote_requests()
    ensure_account_request()
