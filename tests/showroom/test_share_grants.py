"""A share link's grant is checked against the space as it is now, on every request.

Opening a link stores a grant in the session; unpublishing, expiring or deleting the space,
or moving a document out of its collection, must end what that grant serves at once, for the
space, its brochure and its documents.
"""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from wagtail.models import Collection

from showroom.models import ClientSpacePage, spaces_collection
from tests.showroom.conftest import make_link, make_space

pytestmark = pytest.mark.django_db

SECRET = "Espace Zanzibar"
FILE = b"prix confidentiels"


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def urls(space):
    return {
        "page": space.url,
        "brochure": space.url + "plaquette/",
        "document": space.document.url,
    }


@pytest.fixture
def holder(client, space):
    """A prospect's browser that opened a share link and got the space and its document."""
    client.get(make_link(space).get_path())
    for url in urls(space).values():
        assert client.get(url).status_code == 200
    return client


def logged_in(user):
    browser = Client()
    browser.force_login(user)
    return browser


def assert_refused(response, status=404):
    assert response.status_code == status
    content = body(response)
    assert FILE not in content and SECRET.encode() not in content


def test_unpublishing_ends_what_a_grant_serves(holder, space, client_user, editor):
    ClientSpacePage.objects.get(pk=space.pk).unpublish()
    for url in urls(space).values():
        assert_refused(holder.get(url))
    # Its own company's users lose the documents with the page...
    assert_refused(logged_in(client_user).get(space.document.url))
    # ...and the team keeps them (the admin links to the same URL).
    response = logged_in(editor).get(space.document.url)
    assert response.status_code == 200 and body(response) == FILE


def test_expiry_ends_what_a_grant_serves_before_the_scheduler_runs(
    holder, space, client_user, editor
):
    ClientSpacePage.objects.filter(pk=space.pk).update(expire_at=timezone.now())
    assert ClientSpacePage.objects.get(pk=space.pk).live  # the scheduler has not run
    for url in urls(space).values():
        assert_refused(holder.get(url))
    customer = logged_in(client_user)
    for url in urls(space).values():
        assert_refused(customer.get(url))
    index = customer.get("/espaces-clients/", follow=True)
    assert index.status_code == 200 and SECRET not in index.content.decode()
    assert logged_in(editor).get(space.url).status_code == 200


def test_an_expired_space_cannot_be_opened_by_its_link(client, space):
    link = make_link(space)
    ClientSpacePage.objects.filter(pk=space.pk).update(
        expire_at=timezone.now() - timedelta(seconds=1)
    )
    response = client.get(link.get_path())
    assert response.status_code == 410
    assert SECRET not in response.content.decode()


def test_deleting_the_space_ends_what_a_grant_serves(holder, space, client_user, editor):
    paths = urls(space)
    ClientSpacePage.objects.get(pk=space.pk).delete()
    for url in paths.values():
        assert_refused(holder.get(url))
    # The documents stay in their collection for the team to sort out, for no one else.
    assert_refused(logged_in(client_user).get(paths["document"]))
    assert logged_in(editor).get(paths["document"]).status_code == 200


def test_a_document_moved_to_another_space_leaves_the_grant(holder, space, other_customer):
    other = make_space("Espace Tombouctou", companies=[other_customer.customer.company])
    space.document.collection = other.document_collection.collection
    space.document.save()
    response = holder.get(space.document.url)
    assert response.status_code == 302 and "login" in response["Location"]
    response = logged_in(other_customer).get(space.document.url)
    assert response.status_code == 200 and body(response) == FILE


def test_a_document_left_in_the_parent_collection_is_for_the_team_only(
    holder, space, client_user, editor
):
    space.document.collection = spaces_collection()
    space.document.save()
    assert_refused(holder.get(space.document.url))
    assert_refused(logged_in(client_user).get(space.document.url))
    assert logged_in(editor).get(space.document.url).status_code == 200


def test_a_document_moved_to_a_public_collection_is_public(holder, space):
    space.document.collection = Collection.get_first_root_node()
    space.document.save()
    assert body(Client().get(space.document.url)) == FILE


def test_companies_change_access_but_not_the_prospects_link(
    holder, space, client_user, other_customer
):
    paths = urls(space)
    space = ClientSpacePage.objects.get(pk=space.pk)
    space.companies = [other_customer.customer.company]
    space.save_revision().publish()
    # The link was given to a prospect, not to a company: it still opens the space.
    for url in paths.values():
        assert holder.get(url).status_code == 200
    former = logged_in(client_user)
    for url in paths.values():
        assert_refused(former.get(url), status=403)
    newcomer = logged_in(other_customer)
    for url in paths.values():
        assert newcomer.get(url).status_code == 200
