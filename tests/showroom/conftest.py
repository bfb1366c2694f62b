from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.text import slugify
from wagtail.documents import get_document_model

from promotions.models import Audience
from showroom.models import ClientSpaceIndexPage, ClientSpacePage, ShareLink, space_collection
from storefront.models import CustomerCompany, CustomerMember, PriceGroup
from tests.conftest import make_price_list, make_product

PUBLIC_PRICE = "10,00\u00a0€"
CHR_PRICE = "8,00\u00a0€"


def make_space(title, companies=(), products=(), documents=()):
    body = []
    if products:
        body.append(
            {
                "type": "products",
                "value": {"heading": "Sélection", "products": [p.pk for p in products]},
            }
        )
    if documents:
        body.append(
            {
                "type": "documents",
                "value": {"heading": "Docs", "documents": [d.pk for d in documents]},
            }
        )
    space = ClientSpacePage(
        title=title,
        slug=slugify(title),
        companies=list(companies),
        welcome="<p>Bienvenue chez vous</p>",
        body=body,
    )
    ClientSpaceIndexPage.objects.get().add_child(instance=space)
    space.save_revision().publish()
    return space


def make_document(space, title="Tarif confidentiel"):
    document = get_document_model()(title=title, collection=space_collection(space))
    document.file.save("tarif.txt", ContentFile(b"prix confidentiels"), save=False)
    document.save()
    return document


def make_link(space, days=30, **fields):
    return ShareLink.objects.create(
        space=space,
        label="Prospect test",
        expires_at=timezone.now() + timedelta(days=days),
        **fields,
    )


def make_customer(username, company):
    user = get_user_model().objects.create_user(username, password="secret-pass-1")
    CustomerMember.objects.create(company=company, user=user)
    return user


@pytest.fixture
def dupont():
    return CustomerCompany.objects.get(customer_number="C-000123")


@pytest.fixture
def client_user():
    return get_user_model().objects.get(username="client")


@pytest.fixture
def editor():
    return get_user_model().objects.get(username="editeur")


@pytest.fixture
def other_customer(db):
    company = CustomerCompany.objects.create(name="Cantine Martin", customer_number="C-999001")
    return make_customer("martin", company)


@pytest.fixture
def priced_product(category, public_prices):
    """A product at 10,00 € for everyone and 8,00 € for the CHR price group (Dupont's)."""
    product = make_product(category, 9001, title="Plateau inox démo")
    make_price_list({product: "10.00"}, name="Public test")
    make_price_list(
        {product: "8.00"},
        name="CHR test",
        audience=Audience.GROUPS,
        groups=PriceGroup.objects.filter(code="chr"),
    )
    return product


@pytest.fixture
def space(dupont, priced_product):
    space = make_space("Espace Zanzibar", companies=[dupont], products=[priced_product])
    document = make_document(space)
    space.body.append(("documents", {"heading": "Docs", "documents": [document]}))
    space.save_revision().publish()
    space.document = document
    return space
