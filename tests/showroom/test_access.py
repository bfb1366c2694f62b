"""Who sees a client space and its documents: customers, staff, share links, nobody else."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from showroom.models import ClientSpaceIndexPage, ShareLink
from tests.conftest import make_product
from tests.showroom.conftest import CHR_PRICE, PUBLIC_PRICE, make_link, make_space

pytestmark = pytest.mark.django_db

SECRET = "Espace Zanzibar"


def assert_private(response):
    cache_control = response["Cache-Control"]
    assert "private" in cache_control and "no-store" in cache_control


def body(response):
    """Customers get Wagtail's streamed file, the team and share links a plain response."""
    return b"".join(response.streaming_content) if response.streaming else response.content


def assert_login_redirect(response):
    assert response.status_code == 302
    assert "login" in response["Location"]
    assert SECRET not in response.content.decode()


def test_anonymous_visitor_is_sent_to_log_in(client, space):
    assert_login_redirect(client.get(space.url))


def test_customer_of_another_company_sees_nothing(client, space, other_customer):
    client.force_login(other_customer)
    # Not the login page: they are logged in, it would send them back (see test_reserved.py).
    response = client.get(space.url)
    assert response.status_code == 403
    assert SECRET not in response.content.decode()
    assert_private(response)


def test_customer_of_the_company_sees_the_space_with_their_prices(client, space, client_user):
    client.force_login(client_user)
    response = client.get(space.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert SECRET in html and "Bienvenue chez vous" in html
    assert CHR_PRICE in html and PUBLIC_PRICE not in html
    assert '<meta name="robots" content="noindex">' in html
    assert_private(response)


def test_staff_see_the_space(client, space, editor):
    client.force_login(editor)
    response = client.get(space.url)
    assert response.status_code == 200
    assert SECRET in response.content.decode()
    assert_private(response)


def test_share_link_opens_the_space_with_public_prices(client, space):
    link = make_link(space)
    response = client.get(link.get_path())
    assert response.status_code == 302 and response["Location"] == space.url
    response = client.get(space.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert SECRET in html
    assert PUBLIC_PRICE in html and CHR_PRICE not in html
    assert_private(response)
    link.refresh_from_db()
    assert link.use_count == 1 and link.last_used_at is not None


@pytest.mark.parametrize("state", ["expired", "revoked"])
def test_expired_or_revoked_link_shows_a_polite_page(client, space, state):
    link = make_link(space, days=-1) if state == "expired" else make_link(space)
    if state == "revoked":
        link.revoke()
    response = client.get(link.get_path())
    assert response.status_code == 410
    html = response.content.decode()
    assert "Ce lien n'est plus disponible" in html and "04 72 00 00 00" in html
    assert SECRET not in html
    assert_login_redirect(client.get(space.url))


def test_unknown_token_is_a_polite_404(client, space):
    response = client.get("/partage/pas-un-vrai-jeton/")
    assert response.status_code == 404
    assert "Ce lien n'est pas valide" in response.content.decode()


def test_revocation_closes_an_already_opened_session(client, space):
    link = make_link(space)
    client.get(link.get_path())
    assert client.get(space.url).status_code == 200
    link.revoke()
    response = client.get(space.url)
    assert response.status_code == 410
    assert SECRET not in response.content.decode()
    # The grant is dropped: afterwards the space is simply private.
    assert_login_redirect(client.get(space.url))


def test_expiry_closes_an_already_opened_session(client, space):
    link = make_link(space)
    client.get(link.get_path())
    ShareLink.objects.filter(pk=link.pk).update(expires_at=timezone.now())
    response = client.get(space.url)
    assert response.status_code == 410
    assert SECRET not in response.content.decode()


def test_a_link_opens_only_its_own_space(client, space):
    other = make_space("Espace Tombouctou")
    client.get(make_link(space).get_path())
    response = client.get(other.url)
    assert response.status_code == 302
    assert "Tombouctou" not in response.content.decode()


def test_documents_follow_the_space(client, space, client_user, other_customer, editor):
    url = space.document.url
    assert url.startswith("/documents/")
    response = client.get(url)
    assert response.status_code == 302 and "login" in response["Location"]
    client.force_login(other_customer)
    response = client.get(url)
    assert response.status_code == 403 and b"prix confidentiels" not in body(response)
    client.force_login(client_user)
    response = client.get(url)
    assert response.status_code == 200
    assert body(response) == b"prix confidentiels"
    client.force_login(editor)
    response = client.get(url)
    assert response.status_code == 200 and body(response) == b"prix confidentiels"


def test_share_link_holders_download_documents_until_revoked(client, space):
    link = make_link(space)
    client.get(link.get_path())
    response = client.get(space.document.url)
    assert response.status_code == 200
    assert body(response) == b"prix confidentiels"
    assert_private(response)
    link.revoke()
    assert client.get(space.document.url).status_code == 302


def test_brochure_route_uses_page_privacy(client, space, client_user):
    url = space.url + "plaquette/"
    assert_login_redirect(client.get(url))
    client.force_login(client_user)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_brochure_route_for_a_share_link(client, space):
    client.get(make_link(space).get_path())
    response = client.get(space.url + "plaquette/")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert_private(response)


def test_brochure_lists_the_picked_products(space, priced_product):
    assert list(space.brochure_products()) == [priced_product]


def test_space_links_to_brochure_and_quote_request(client, space, client_user):
    client.force_login(client_user)
    html = client.get(space.url).content.decode()
    assert f'href="{space.url}plaquette/"' in html
    assert f"/devis/?from={space.pk}" in html


def test_index_redirects_a_customer_and_hides_from_others(client, space, client_user, editor):
    index = ClientSpaceIndexPage.objects.get()
    response = client.get(index.url)
    assert response.status_code == 302 and "login" in response["Location"]
    client.force_login(client_user)
    response = client.get(index.url)
    # The demo customer has two spaces here (the demo one and the test one): both listed.
    assert response.status_code == 200
    assert SECRET in response.content.decode()
    client.force_login(editor)
    assert SECRET in client.get(index.url).content.decode()


def test_index_sends_a_customer_with_one_space_straight_to_it(client, other_customer):
    company = other_customer.customer.company
    space = make_space("Espace Martin", companies=[company])
    client.force_login(other_customer)
    response = client.get(ClientSpaceIndexPage.objects.get().url)
    assert response.status_code == 302 and response["Location"] == space.url


def test_space_queries_do_not_grow_with_products(client, category, client_user, dupont):
    products = [make_product(category, 9100 + n) for n in range(8)]
    small = make_space("Espace petit", companies=[dupont], products=products[:2])
    large = make_space("Espace grand", companies=[dupont], products=products)
    client.force_login(client_user)
    # Warm both: the caches shared by every page, and what a page's first view remembers.
    client.get(small.url)
    client.get(large.url)

    def count(space):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(space.url).status_code == 200
        return len(queries)

    assert count(large) == count(small)
