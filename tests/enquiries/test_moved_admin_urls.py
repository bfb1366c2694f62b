"""The requests' admin left /admin/snippets/storefront/ for /admin/snippets/enquiries/ (issue
15): the links of e-mails sent before still land on the same page."""

import pytest

from enquiries.models import AccountRequest, QuoteRequest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "old, new",
    [
        ("quoterequest/", "quoterequest/"),
        ("quoterequest/edit/{quote}/", "quoterequest/edit/{quote}/"),
        ("accountrequest/edit/{account}/", "accountrequest/edit/{account}/"),
        ("accountrequest/approve/{account}/", "accountrequest/approve/{account}/"),
        ("accountrequest/?status=pending", "accountrequest/?status=pending"),
    ],
)
def test_old_request_addresses_redirect_for_good(client, old, new):
    ids = {"quote": QuoteRequest.objects.first().pk, "account": AccountRequest.objects.first().pk}
    client.login(username="editeur", password="editeur-demo")
    response = client.get("/admin/snippets/storefront/" + old.format(**ids))
    assert response.status_code == 301
    assert response["Location"] == "/admin/snippets/enquiries/" + new.format(**ids)
    assert client.get(response["Location"]).status_code == 200


def test_an_anonymous_visitor_logs_in_first_and_lands_on_the_request(client):
    quote = QuoteRequest.objects.first()
    old = f"/admin/snippets/storefront/quoterequest/edit/{quote.pk}/"
    response = client.get(old)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    client.login(username="editeur", password="editeur-demo")
    assert client.get(old, follow=True).redirect_chain[-1][0] == (
        f"/admin/snippets/enquiries/quoterequest/edit/{quote.pk}/"
    )


def test_other_storefront_snippets_are_not_redirected(client):
    client.login(username="editeur", password="editeur-demo")
    assert client.get("/admin/snippets/storefront/brand/").status_code == 200
