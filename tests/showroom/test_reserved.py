"""A logged-in customer refused a space gets a polite 403, not a loop through the login page.

Wagtail sends anyone its page or collection privacy refuses to the login page; the login page
sends a visitor who is already logged in back to `next`, which refuses them again.
"""

import pytest

from storefront.models import CustomerCompany
from tests.showroom.conftest import make_customer, make_link, make_space

pytestmark = pytest.mark.django_db

SECRET = "Espace Zanzibar"


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def assert_reserved(response, redirect_chain=()):
    assert list(response.redirect_chain) == list(redirect_chain)
    assert response.status_code == 403
    cache_control = response["Cache-Control"]
    assert "private" in cache_control and "no-store" in cache_control
    html = body(response).decode()
    assert "Cet espace est réservé" in html
    assert '<meta name="robots" content="noindex">' in html
    assert 'href="/"' in html
    assert "04 72 00 00 00" in html  # whom to contact
    assert SECRET not in html and "Bienvenue chez vous" not in html
    assert "prix confidentiels" not in html
    return html


@pytest.mark.parametrize("route", ["", "plaquette/"])
def test_another_companys_space_is_reserved(client, space, other_customer, route):
    client.force_login(other_customer)
    html = assert_reserved(client.get(space.url + route, follow=True))
    assert "Mon espace client" not in html  # Martin has no space of their own


def test_another_companys_document_is_reserved(client, space, other_customer):
    client.force_login(other_customer)
    assert_reserved(client.get(space.document.url, follow=True))


def test_the_reserved_page_leads_to_the_visitors_own_space(client, space, other_customer):
    own = make_space("Espace Martin", companies=[other_customer.customer.company])
    client.force_login(other_customer)
    html = assert_reserved(client.get(space.url, follow=True))
    assert f'href="{own.url}"' in html


def test_logging_in_with_a_next_to_another_space_ends_on_the_reserved_page(client, space):
    company = CustomerCompany.objects.create(name="Cantine Martin", customer_number="C-999001")
    make_customer("martin", company)
    response = client.post(
        "/account/login/",
        {"username": "martin", "password": "secret-pass-1", "next": space.url},
        follow=True,
    )
    assert_reserved(response, redirect_chain=[(space.url, 302)])


def test_anonymous_visitors_are_still_asked_to_log_in(client, space):
    for url in (space.url, space.document.url):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/account/login/?next=")


def test_a_share_link_holder_who_logs_in_keeps_the_space(client, space, other_customer):
    client.get(make_link(space).get_path())
    client.force_login(other_customer)
    assert client.get(space.url).status_code == 200
    assert client.get(space.document.url).status_code == 200
