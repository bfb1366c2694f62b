"""Editors attach existing customer accounts to a client company from the company's form,
with a picker that offers no team account; the server refuses team accounts and another
company's users even from a forged POST; editors still cannot manage users."""

import json
import re
from html import unescape

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from core.staff import is_staff
from storefront.members import NOT_A_CUSTOMER_ACCOUNT, customer_accounts
from storefront.models import CustomerCompany, CustomerMember
from tests.conftest import AxesClient
from tests.showroom.conftest import make_space

pytestmark = pytest.mark.django_db

CHOOSER_URL = "/admin/clients/comptes/"
PASSWORD = "mot-de-passe-client-1"


@pytest.fixture
def editor(client):
    client.login(username="editeur", password="editeur-demo")
    return client


@pytest.fixture
def company():
    return CustomerCompany.objects.create(name="Brasserie du Port", customer_number="C-777001")


@pytest.fixture
def newcomer():
    return get_user_model().objects.create_user(
        "l.moreau@brasserie-du-port.example",
        email="l.moreau@brasserie-du-port.example",
        first_name="Léa",
        last_name="Moreau",
        password=PASSWORD,
    )


@pytest.fixture
def team_member():
    """Not in the editors' group: admin access given to the account itself."""
    user = get_user_model().objects.create_user("stagiaire", first_name="Sam", last_name="Stage")
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    return user


def edit_url(company):
    return f"/admin/snippets/storefront/customercompany/edit/{company.pk}/"


def company_form(company, *added_users, delete=()):
    existing = list(company.members.order_by("pk"))
    lines = [
        {"id": m.pk, "user": m.user_id, **({"DELETE": "1"} if m.user in delete else {})}
        for m in existing
    ]
    lines += [{"user": user.pk} for user in added_users]
    return nested_form_data(
        {
            "name": company.name,
            "customer_number": company.customer_number,
            "siret": company.siret,
            "price_group": company.price_group_id or "",
            "members": inline_formset(lines, initial=len(existing)),
        }
    )


def chooser_html(client, **params):
    response = client.get(CHOOSER_URL, params)
    assert response.status_code == 200
    return unescape(json.loads(response.content)["html"])


def test_editor_attaches_a_customer_account_who_then_opens_the_company_space(
    editor, company, newcomer
):
    space = make_space("Espace Brasserie du Port", companies=[company])
    customer = AxesClient()
    customer.login(username=newcomer.username, password=PASSWORD)
    assert customer.get(space.url).status_code == 403

    response = editor.post(edit_url(company), company_form(company, newcomer))

    assert response.status_code == 302, unescape(response.content.decode())[-3000:]
    assert CustomerMember.objects.get(user=newcomer).company == company
    assert customer.get(space.url).status_code == 200


def test_removing_the_line_closes_the_space_again(editor, company, newcomer):
    space = make_space("Espace Brasserie du Port", companies=[company])
    CustomerMember.objects.create(company=company, user=newcomer)
    customer = AxesClient()
    customer.login(username=newcomer.username, password=PASSWORD)
    assert customer.get(space.url).status_code == 200

    response = editor.post(edit_url(company), company_form(company, delete=[newcomer]))

    assert response.status_code == 302
    assert not CustomerMember.objects.filter(user=newcomer).exists()
    assert customer.get(space.url).status_code == 403


@pytest.mark.parametrize("username", ["admin", "editeur", "stagiaire"])
def test_a_forged_post_cannot_attach_a_team_account(editor, company, team_member, username):
    staff = get_user_model().objects.get(username=username)
    response = editor.post(edit_url(company), company_form(company, staff))
    assert response.status_code == 200  # the form again, nothing saved
    assert NOT_A_CUSTOMER_ACCOUNT in unescape(response.content.decode())
    assert not CustomerMember.objects.filter(user=staff).exists()


def test_another_companys_user_is_refused_with_that_companys_name(editor, company):
    dupont_buyer = get_user_model().objects.get(username="client")
    response = editor.post(edit_url(company), company_form(company, dupont_buyer))
    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert (
        "Jean Dupont (achats@restaurant-dupont.example) est déjà rattaché à la société "
        "« Restaurant Dupont » : retirez-le d'abord de celle-ci" in html
    )
    assert CustomerMember.objects.get(user=dupont_buyer).company.name == "Restaurant Dupont"


def test_a_line_kept_as_it_was_stays_valid_when_its_account_was_deactivated(
    editor, company, newcomer
):
    CustomerMember.objects.create(company=company, user=newcomer)
    newcomer.is_active = False
    newcomer.save()
    company.name = "Brasserie du Port (Sète)"
    response = editor.post(edit_url(company), company_form(company))
    assert response.status_code == 302
    company.refresh_from_db()
    assert company.name == "Brasserie du Port (Sète)"
    assert company.members.get().user == newcomer


def test_the_company_form_lists_no_account_and_opens_the_chooser(editor, company, newcomer):
    CustomerMember.objects.create(company=company, user=newcomer)
    html = editor.get(edit_url(company)).content.decode()
    soup = BeautifulSoup(html, "html.parser")
    # A chooser (a hidden input and a button), not a list of every account of the site.
    assert soup.find(attrs={"name": "members-0-user"}).name == "input"
    assert soup.find("select", attrs={"name": re.compile(r"^members-")}) is None
    assert soup.find(attrs={"data-chooser-url": CHOOSER_URL}) is not None
    assert "Léa Moreau (l.moreau@brasserie-du-port.example)" in unescape(html)
    assert "Alice" not in html


def test_the_picker_offers_only_customer_accounts_without_a_company(editor, newcomer, team_member):
    inactive = get_user_model().objects.create_user("ancien", first_name="Paul", is_active=False)
    html = chooser_html(editor)
    assert "Léa Moreau" in html and newcomer.email in html
    for username in ("admin", "editeur", "stagiaire", "client", inactive.username):
        assert f">{username}<" not in html, username
    assert "Alice" not in html and "Élodie" not in html and "Jean Dupont" not in html


def test_the_picker_searches_names_and_e_mails(editor, newcomer):
    get_user_model().objects.create_user("r.petit", first_name="Rémi", last_name="Petit")
    assert "Léa Moreau" in chooser_html(editor, q="moreau brasserie")
    assert "Rémi Petit" not in chooser_html(editor, q="moreau")
    assert "Léa Moreau" not in chooser_html(editor, q="petit")


def test_choosing_a_team_account_by_its_address_answers_404(editor, newcomer):
    admin = get_user_model().objects.get(username="admin")
    for pk in (admin.pk, "abc", "\u0663", "99999999999999999999999"):
        assert editor.get(f"{CHOOSER_URL}chosen/{pk}/").status_code == 404, pk
    response = editor.get(f"{CHOOSER_URL}chosen/{newcomer.pk}/")
    assert response.status_code == 200
    assert json.loads(response.content)["result"]["title"] == (
        "Léa Moreau (l.moreau@brasserie-du-port.example)"
    )


def test_the_picker_is_closed_to_team_members_who_do_not_edit_companies(client, team_member):
    team_member.set_password("stagiaire-pass-1")
    team_member.save()
    client.login(username="stagiaire", password="stagiaire-pass-1")
    assert client.get(CHOOSER_URL).status_code in (302, 403)


def test_editors_still_cannot_manage_users(editor, newcomer):
    urls = [reverse(f"wagtailusers_users:{name}") for name in ("index", "add")]
    urls.append(reverse("wagtailusers_users:edit", args=[newcomer.pk]))
    for url in urls:
        assert editor.get(url).status_code in (302, 403), url
    assert "/admin/users/" not in editor.get("/admin/").content.decode()


def test_customer_accounts_are_the_users_is_staff_refuses(team_member):
    User = get_user_model()
    group_with_access = Group.objects.create(name="Équipe commerciale")
    group_with_access.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    in_group = User.objects.create_user("commercial")
    in_group.groups.add(group_with_access)
    other_group = User.objects.create_user("acheteur")
    other_group.groups.add(Group.objects.get(name="Clients"))
    User.objects.create_user("desactive", is_active=False)
    User.objects.create_user("racine", is_superuser=True)
    listed = set(customer_accounts().values_list("pk", flat=True))
    for user in User.objects.all():
        assert (user.pk in listed) == (user.is_active and not is_staff(user)), user.username
