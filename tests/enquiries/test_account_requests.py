import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import ValidationError

from enquiries.models import AccountRequest
from storefront.models import CustomerCompany, PriceGroup
from storefront.validators import validate_siret, validate_vat_number
from tests.showroom.conftest import make_space

pytestmark = pytest.mark.django_db

URL = "/compte-pro/"
ADMIN = "/admin/snippets/enquiries/accountrequest/"
FORM = {
    "company_name": "Crêperie <i>Bretonne</i>",
    "siret": "552 100 554 00013",
    "vat_number": "",
    "address": "3 place du Marché\n35000 Rennes",
    "contact_name": "Anne Le Goff",
    "email": "anne@creperie-bretonne.example",
    "phone": "02 99 00 00 00",
    "message": "",
}


@pytest.mark.parametrize("siret", ["55210055400013", "552 100 554 00013", "35600000049837"])
def test_siret_valid(siret):
    validate_siret(siret)  # the last one is La Poste: digit sum multiple of 5, not Luhn


@pytest.mark.parametrize(
    "siret, code",
    [
        ("55210055400014", "invalid_siret_checksum"),
        ("35600000049838", "invalid_siret_checksum"),  # La Poste rule not met either
        ("5521005540001", "invalid_siret_length"),
        ("5521005540001A", "invalid_siret_length"),
    ],
)
def test_siret_invalid(siret, code):
    with pytest.raises(ValidationError) as error:
        validate_siret(siret)
    assert error.value.code == code


def test_vat_number_key_is_checked():
    validate_vat_number("FR 44 732829320")
    with pytest.raises(ValidationError):
        validate_vat_number("FR45732829320")


def submit(client, remote_addr="192.0.2.20", **fields):
    return client.post(URL, {**FORM, **fields}, REMOTE_ADDR=remote_addr)


def test_account_request_is_stored_mailed_and_acknowledged(client):
    response = submit(client)

    assert response.status_code == 302
    request = AccountRequest.objects.get(email=FORM["email"])
    assert request.siret == "55210055400013"
    assert request.company_name == "Crêperie Bretonne"
    assert request.status == AccountRequest.Status.PENDING
    sales, acknowledgement = mail.outbox
    assert sales.to == ["commercial@storefront.example"]
    assert f"/admin/snippets/enquiries/accountrequest/edit/{request.pk}/" in sales.body
    assert acknowledgement.to == [FORM["email"]]
    assert "Crêperie" not in acknowledgement.body

    page = client.get(response.url)
    assert "Crêperie Bretonne" in page.content.decode()
    assert "no-store" in page["Cache-Control"]


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"siret": "55210055400014"}, "Ce numéro SIRET n&#x27;est pas valide"),
        ({"vat_number": "FR44732829320"}, "ne correspond pas au SIREN"),
        ({"phone": "appelez-moi"}, "Numéro de téléphone invalide"),
        ({"site_web": "spam"}, "Votre demande n&#x27;a pas pu être envoyée"),
    ],
)
def test_invalid_account_request_is_refused(client, fields, message):
    response = submit(client, **fields)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not AccountRequest.objects.filter(email=FORM["email"]).exists()
    assert mail.outbox == []


def test_account_requests_are_rate_limited(client):
    for number in range(3):
        assert submit(client, email=f"a{number}@example.com").status_code == 302
    response = submit(client, email="a3@example.com")
    assert response.status_code == 429
    assert 'value="a3@example.com"' in response.content.decode()
    assert not AccountRequest.objects.filter(email="a3@example.com").exists()
    assert submit(client, email="a4@example.com", remote_addr="203.0.113.9").status_code == 302


def test_editor_approves_request_and_customer_activates_account(client):
    pending = AccountRequest.objects.get(status=AccountRequest.Status.PENDING)
    group = PriceGroup.objects.get(code="chr")
    client.login(username="editeur", password="editeur-demo")

    listing = client.get(ADMIN, {"status": "pending"}).content.decode()
    assert pending.company_name in listing and f"{ADMIN}approve/{pending.pk}/" in listing
    edit = client.get(f"{ADMIN}edit/{pending.pk}/").content.decode()
    assert f"{ADMIN}approve/{pending.pk}/" in edit

    confirm = client.get(f"{ADMIN}approve/{pending.pk}/")
    assert confirm.status_code == 200
    assert "Numéro de compte client" in confirm.content.decode()
    response = client.post(
        f"{ADMIN}approve/{pending.pk}/", {"customer_number": "C-000999", "price_group": group.pk}
    )
    assert response.status_code == 302

    pending.refresh_from_db()
    user = get_user_model().objects.get(username=pending.email)
    company = CustomerCompany.objects.get(customer_number="C-000999")
    assert pending.status == AccountRequest.Status.APPROVED
    assert pending.created_user == user and pending.created_company == company
    assert pending.decided_by.username == "editeur" and pending.decided_at
    assert (company.name, company.siret, company.price_group) == (
        pending.company_name,
        pending.siret,
        group,
    )
    assert user.customer.company == company
    assert user.is_active and not user.is_staff and not user.has_usable_password()
    assert (user.first_name, user.last_name) == ("Marc", "Leroy")

    # A second approval does nothing.
    client.post(f"{ADMIN}approve/{pending.pk}/", {"customer_number": "C-001000"})
    assert not CustomerCompany.objects.filter(customer_number="C-001000").exists()

    (activation,) = mail.outbox
    assert activation.to == [pending.email]
    link = re.search(r"http://testserver(/account/password-reset/\S+/\S+/)", activation.body)
    client.logout()
    form = client.get(link.group(1), follow=True)
    assert "Nouveau mot de passe" in form.content.decode()
    assert 'name="new_password1"' in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "Ch0isi-par-le-client", "new_password2": "Ch0isi-par-le-client"},
    )
    assert done.status_code == 302
    assert client.login(username=pending.email, password="Ch0isi-par-le-client")


def test_approval_refused_when_the_email_already_has_an_account(client):
    pending = AccountRequest.objects.get(status=AccountRequest.Status.PENDING)
    get_user_model().objects.create_user("someone", email=pending.email.upper())
    client.login(username="editeur", password="editeur-demo")

    response = client.post(f"{ADMIN}approve/{pending.pk}/", {"customer_number": "C-000999"})

    assert response.status_code == 200
    assert "Un compte utilise déjà l&#x27;adresse" in response.content.decode()
    pending.refresh_from_db()
    assert pending.is_pending
    assert not CustomerCompany.objects.filter(customer_number="C-000999").exists()
    assert mail.outbox == []


def test_approval_needs_a_free_customer_number(client):
    pending = AccountRequest.objects.get(status=AccountRequest.Status.PENDING)
    client.login(username="editeur", password="editeur-demo")
    response = client.post(f"{ADMIN}approve/{pending.pk}/", {"customer_number": "C-000123"})
    assert "déjà utilisé" in response.content.decode()
    pending.refresh_from_db()
    assert pending.is_pending


def test_editor_rejects_request(client):
    pending = AccountRequest.objects.get(status=AccountRequest.Status.PENDING)
    client.login(username="editeur", password="editeur-demo")

    assert client.post(f"{ADMIN}reject/{pending.pk}/").status_code == 302

    pending.refresh_from_db()
    assert pending.status == AccountRequest.Status.REJECTED
    assert pending.created_user is None
    assert not get_user_model().objects.filter(email=pending.email).exists()
    assert mail.outbox == []
    # Decided: no more approve button.
    assert f"approve/{pending.pk}/" not in client.get(f"{ADMIN}edit/{pending.pk}/").content.decode()


def test_resend_activation_until_password_chosen(client):
    pending = AccountRequest.objects.get(status=AccountRequest.Status.PENDING)
    client.login(username="editeur", password="editeur-demo")
    client.post(f"{ADMIN}approve/{pending.pk}/", {"customer_number": "C-000999"})
    mail.outbox.clear()

    assert client.post(f"{ADMIN}resend/{pending.pk}/").status_code == 302
    assert [message.to for message in mail.outbox] == [[pending.email]]

    user = get_user_model().objects.get(username=pending.email)
    user.set_password("Ch0isi-par-le-client")
    user.save()
    client.post(f"{ADMIN}resend/{pending.pk}/")
    assert len(mail.outbox) == 1


def test_customer_cannot_decide(client):
    pending = AccountRequest.objects.get(status=AccountRequest.Status.PENDING)
    client.login(username="client", password="client-demo")
    response = client.post(f"{ADMIN}approve/{pending.pk}/", {"customer_number": "C-000999"})
    assert response.status_code in (302, 403)
    pending.refresh_from_db()
    assert pending.is_pending


def test_an_account_request_keeps_the_page_it_came_from(client, category):
    # The header's « Ouvrir un compte pro » link says which page the visitor was reading.
    html = client.get(category.url).content.decode()
    assert f'href="{URL}?from={category.pk}"' in html
    form = client.get(URL, {"from": category.pk})
    assert f'name="origin" value="{category.pk}"' in form.content.decode()
    assert submit(client, origin=category.pk).status_code == 302
    assert AccountRequest.objects.latest("pk").origin_page.specific == category


def test_an_account_request_never_records_a_page_its_visitor_may_not_see(client):
    space = make_space("Espace privé")
    assert submit(client, origin=space.pk).status_code == 302
    assert AccountRequest.objects.latest("pk").origin_page is None
