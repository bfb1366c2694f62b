"""Login landing, the header link, access groups, share links in the admin, and the demo."""

import re
from datetime import timedelta
from unittest import mock

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import CollectionViewRestriction, PageViewRestriction

from showroom import demo
from showroom.models import ClientSpacePage, ShareLink, company_group, space_for_user
from storefront.models import CustomerCompany, CustomerMember
from tests.showroom.conftest import make_customer, make_link, make_space

pytestmark = pytest.mark.django_db

DEMO_SPACE = "/espaces-clients/restaurant-dupont/"


def login(client, username, password, **params):
    return client.post("/account/login/", {"username": username, "password": password, **params})


def test_customer_lands_on_their_space_after_login(client):
    response = login(client, "client", "client-demo")
    assert response.status_code == 302 and response["Location"] == DEMO_SPACE


def test_explicit_next_wins(client):
    response = login(client, "client", "client-demo", next="/catalogue/")
    assert response["Location"] == "/catalogue/"


def test_user_without_space_lands_on_home(client):
    response = login(client, "editeur", "editeur-demo")
    assert response["Location"] == "/"


def test_header_links_to_the_customers_space(client, client_user, editor):
    assert "Mon espace client" not in client.get("/").content.decode()
    client.force_login(client_user)
    html = client.get("/").content.decode()
    assert f'<a href="{DEMO_SPACE}">Mon espace client</a>' in html
    client.force_login(editor)
    assert "Mon espace client" not in client.get("/").content.decode()


def test_header_link_is_read_once_per_company_and_never_for_anonymous(client, client_user, dupont):
    def space_queries(logged_in=True):
        with CaptureQueriesContext(connection) as queries:
            html = client.get("/").content.decode()
        assert (f'<a href="{DEMO_SPACE}">Mon espace client</a>' in html) == logged_in
        return [q for q in queries.captured_queries if "showroom_" in q["sql"]]

    # Made first: attaching a user to a company starts a new content generation.
    colleague = make_customer("collegue", dupont)
    assert space_queries(logged_in=False) == []
    client.force_login(client_user)
    assert len(space_queries()) == 1
    assert space_queries() == []
    # A colleague of the same company: the same link, already known.
    client.force_login(colleague)
    assert space_queries() == []


def test_header_link_is_each_companys_own_and_follows_the_space(
    client, client_user, other_customer
):
    martin_space = make_space("Espace Martin", companies=[other_customer.customer.company])

    def link_of(user):
        client.force_login(user)
        html = client.get("/").content.decode()
        found = re.search(r'<a href="([^"]*)">Mon espace client</a>', html)
        return found.group(1) if found else None

    assert link_of(client_user) == DEMO_SPACE
    assert link_of(other_customer) == martin_space.url
    martin_space.unpublish()
    assert link_of(other_customer) is None
    assert link_of(client_user) == DEMO_SPACE
    martin_space = ClientSpacePage.objects.get(pk=martin_space.pk)
    ends = timezone.now() + timedelta(hours=1)
    martin_space.expire_at = ends
    martin_space.save_revision().publish()
    assert link_of(other_customer) == martin_space.url
    # Past its expiry, before any scheduler run or publish: the link is gone.
    with mock.patch("django.utils.timezone.now", return_value=ends + timedelta(seconds=1)):
        assert link_of(other_customer) is None


def test_company_groups_follow_members(dupont, client_user):
    group = company_group(dupont)
    assert group.user_set.filter(pk=client_user.pk).exists()
    newcomer = make_customer("nouveau", dupont)
    assert group.user_set.filter(pk=newcomer.pk).exists()
    other = CustomerCompany.objects.create(name="Autre", customer_number="C-999002")
    other_group = company_group(other)
    member = newcomer.customer
    member.company = other
    member.save()
    assert not group.user_set.filter(pk=newcomer.pk).exists()
    assert other_group.user_set.filter(pk=newcomer.pk).exists()
    CustomerMember.objects.filter(pk=member.pk).delete()
    assert not other_group.user_set.filter(pk=newcomer.pk).exists()
    other.delete()
    assert not Group.objects.filter(pk=other_group.pk).exists()


def test_privacy_follows_published_companies(dupont, other_customer):
    space = make_space("Espace Sync", companies=[dupont])
    restriction = PageViewRestriction.objects.get(page=space)
    assert restriction.restriction_type == "groups"
    assert set(restriction.groups.all()) == {company_group(dupont)}
    collection = space.document_collection.collection
    assert collection.get_parent().name == "Espaces clients"
    assert set(CollectionViewRestriction.objects.get(collection=collection).groups.all()) == {
        company_group(dupont)
    }
    martin = other_customer.customer.company
    space = ClientSpacePage.objects.get(pk=space.pk)
    space.companies = [dupont, martin]
    space.save_revision()  # a draft changes nothing
    assert set(restriction.groups.all()) == {company_group(dupont)}
    space.get_latest_revision().publish()
    assert set(restriction.groups.all()) == {company_group(dupont), company_group(martin)}
    assert space_for_user(other_customer) == space


def test_admin_lists_links_with_full_url(admin_client):
    response = admin_client.get("/admin/snippets/showroom/sharelink/")
    assert response.status_code == 200
    html = response.content.decode()
    link = ShareLink.objects.get(label="Prospect – Brasserie du Port")
    assert f'value="http://localhost{link.get_path()}"' in html
    assert "Révoquer" in html


def test_editor_creates_a_link_from_the_space(client, editor):
    space = ClientSpacePage.objects.get(slug="restaurant-dupont")
    client.force_login(editor)
    tab = client.get(f"/admin/pages/{space.pk}/edit/").content.decode()
    add_url = f"/admin/snippets/showroom/sharelink/add/?space={space.pk}"
    assert add_url in tab and "Prospect – Brasserie du Port" in tab
    expires = (timezone.localtime() + timedelta(days=10)).strftime("%Y-%m-%d %H:%M")
    response = client.post(
        add_url, {"space": space.pk, "label": "Prospect admin", "expires_at": expires}
    )
    assert response.status_code == 302
    link = ShareLink.objects.get(label="Prospect admin")
    assert link.created_by == editor and link.space == space and link.is_valid()
    assert len(link.token) >= 40


def test_link_cannot_be_created_already_expired(client, editor):
    space = ClientSpacePage.objects.get(slug="restaurant-dupont")
    client.force_login(editor)
    past = (timezone.localtime() - timedelta(days=1)).strftime("%Y-%m-%d %H:%M")
    response = client.post(
        "/admin/snippets/showroom/sharelink/add/",
        {"space": space.pk, "label": "Trop tard", "expires_at": past},
    )
    assert response.status_code == 200
    assert not ShareLink.objects.filter(label="Trop tard").exists()


def test_editor_revokes_a_link(client, editor):
    link = make_link(ClientSpacePage.objects.get(slug="restaurant-dupont"))
    client.force_login(editor)
    url = f"/admin/snippets/showroom/sharelink/revoke/{link.pk}/"
    assert "Oui, révoquer" in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    link.refresh_from_db()
    assert link.revoked_at is not None and not link.is_valid()


def test_demo_space(client):
    space = ClientSpacePage.objects.get(slug="restaurant-dupont")
    assert space.live and list(space.companies.all()) == [
        CustomerCompany.objects.get(name="Restaurant Dupont")
    ]
    links = {link.label: link for link in space.share_links.all()}
    assert links["Prospect – Brasserie du Port"].is_valid()
    assert any(not link.is_valid() for link in links.values())
    types = [block.block_type for block in space.body]
    assert {"products", "categories", "documents", "video", "news", "contact"} <= set(types)
    client.get(links["Prospect – Brasserie du Port"].get_path())
    html = client.get(space.url).content.decode()
    assert "youtube-nocookie.com/embed" in html and "Claire Fontaine" in html
    news = next(b for b in space.body if b.block_type == "news").value["news"]
    assert news and all(page.url in html for page in news)
    document = next(b for b in space.body if b.block_type == "documents").value["documents"][0]
    assert document.collection == space.document_collection.collection
    assert client.get(document.url).status_code == 200


def test_edit_view_shows_the_address_to_copy(client, editor):
    link = ShareLink.objects.get(label="Prospect – Brasserie du Port")
    client.force_login(editor)
    html = client.get(f"/admin/snippets/showroom/sharelink/edit/{link.pk}/").content.decode()
    assert f'value="http://localhost{link.get_path()}"' in html
    assert "Copier le lien" in html and 'data-action="w-clipboard#copy"' in html
    assert f"/admin/snippets/showroom/sharelink/revoke/{link.pk}/" in html


def test_links_are_shown_on_the_sites_real_host_with_a_copy_button(client, editor, demo_site):
    """Where the Wagtail Site has a real host, every address the editor copies is on it
    (issue 13, item 7), never on the admin's or the test client's host."""
    demo_site.hostname = "vitrine.example.fr"
    demo_site.port = 443
    demo_site.save()
    link = ShareLink.objects.get(label="Prospect – Brasserie du Port")
    address = f"https://vitrine.example.fr/partage/{link.token}/"
    client.force_login(editor)
    pages = [
        "/admin/snippets/showroom/sharelink/",
        f"/admin/snippets/showroom/sharelink/edit/{link.pk}/",
        f"/admin/pages/{link.space.pk}/edit/",  # its « Partage » tab
    ]
    for url in pages:
        html = client.get(url).content.decode()
        copy = html.index(f'id="share-link-{link.pk}" readonly value="{address}"')
        assert "Copier le lien" in html[copy : copy + 400]
        assert "localhost" not in html[copy - 400 : copy + 400]
    # A revoked link shows its address, with nothing to copy.
    link.revoke()
    html = client.get(pages[0]).content.decode()
    assert f"<code>{address}</code>" in html and f'id="share-link-{link.pk}"' not in html


def test_demo_loader_is_idempotent():
    counts = (ClientSpacePage.objects.count(), ShareLink.objects.count())
    documents = get_document_model().objects.count()
    demo.load()
    assert (ClientSpacePage.objects.count(), ShareLink.objects.count()) == counts
    assert get_document_model().objects.count() == documents


@pytest.mark.parametrize("space_id", ["%C2%B2", "%D9%A3", "9" * 30])
def test_link_form_ignores_a_space_id_that_is_not_ascii_digits(client, editor, space_id):
    client.force_login(editor)
    response = client.get(f"/admin/snippets/showroom/sharelink/add/?space={space_id}")
    assert response.status_code == 200
