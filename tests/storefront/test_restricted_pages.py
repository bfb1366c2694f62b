"""A page restricted to some groups, opened by a logged-in customer outside them."""

from html import unescape

import pytest
from django.contrib.auth.models import Group
from wagtail.models import PageViewRestriction

from tests.conftest import make_product

pytestmark = pytest.mark.django_db


@pytest.fixture
def restricted_product(category):
    product = make_product(category, 1, title="Produit réservé aux acheteurs")
    restriction = PageViewRestriction.objects.create(
        page=product, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set([Group.objects.create(name="Acheteurs agréés")])
    return product


def test_logged_in_customer_is_told_instead_of_looping(client, restricted_product):
    client.login(username="client", password="client-demo")
    response = client.get(restricted_product.url, follow=True)
    assert response.status_code == 403
    # One hop to the login page, none back to the product.
    assert [url for url, _ in response.redirect_chain][-1].startswith("/account/login/?next=")
    assert len(response.redirect_chain) == 1
    text = unescape(response.content.decode())
    assert "Cette page est réservée" in text and "Jean Dupont" in text
    assert "Produit réservé aux acheteurs" not in text


def test_anonymous_visitor_is_asked_to_log_in(client, restricted_product):
    response = client.get(restricted_product.url, follow=True)
    assert response.status_code == 200
    assert "Cette page est réservée" not in unescape(response.content.decode())
    assert 'name="password"' in response.content.decode()


def test_logged_in_customer_without_next_lands_on_their_space(client):
    client.login(username="client", password="client-demo")
    response = client.get("/account/login/")
    assert response.status_code == 302
