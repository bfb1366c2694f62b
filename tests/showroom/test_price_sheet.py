"""The demo space's price sheet: a document of prices, so it follows the site's price display."""

import io
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from pypdf import PdfReader

from promotions.models import PriceDisplay
from showroom.demo import price_sheet_pdf
from storefront.models import CustomerCompany, CustomerMember
from tests.conftest import make_price_list, make_product

pytestmark = pytest.mark.django_db


@pytest.fixture
def company(category):
    company = CustomerCompany.objects.create(name="Brasserie Test", customer_number="C-777")
    user = get_user_model().objects.create_user("brasserie", password="x")
    CustomerMember.objects.create(company=company, user=user)
    return company


def sheet_text(company, products):
    reader = PdfReader(io.BytesIO(price_sheet_pdf(company, products)))
    return " ".join(page.extract_text() for page in reader.pages).replace("\xa0", " ")


@pytest.mark.parametrize(
    "display, shown",
    [
        (PriceDisplay.PUBLIC, True),
        (PriceDisplay.CUSTOMERS, True),  # the sheet is for the company's logged-in buyers
        (PriceDisplay.NONE, False),  # « sur devis » everywhere: no figure in documents either
    ],
)
def test_price_sheet_follows_the_site_price_display(
    company, category, set_price_display, display, shown
):
    product = make_product(category, 1)
    make_price_list({product: "12.34"}, valid_from=timezone.now() - timedelta(days=1))
    set_price_display(display)
    text = sheet_text(company, [product])
    assert ("12,34 € HT" in text) is shown
    assert ("sur devis" in text) is not shown
