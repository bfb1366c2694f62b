"""Which page a request records as its origin: one its visitor may see, private pages included
when showroom opens them to the visitor (core.privacy and its page_access_grants hook)."""

import pytest
from django.utils import timezone

from enquiries.models import AccountRequest
from tests.enquiries.test_account_requests import submit
from tests.showroom.conftest import make_link, make_space

pytestmark = pytest.mark.django_db


@pytest.fixture
def space():
    return make_space("Espace privé")


def test_a_share_link_holder_records_the_space_it_opens(client, space):
    link = make_link(space)
    client.get(link.get_path())
    assert submit(client, origin=space.pk).status_code == 302
    assert AccountRequest.objects.latest("pk").origin_page_id == space.pk


def test_a_revoked_share_link_no_longer_opens_the_space(client, space):
    link = make_link(space)
    client.get(link.get_path())
    link.revoked_at = timezone.now()
    link.save()
    assert submit(client, origin=space.pk).status_code == 302
    assert AccountRequest.objects.latest("pk").origin_page is None


def test_the_team_records_any_private_page(client, space):
    client.login(username="editeur", password="editeur-demo")
    response = client.get("/devis/", {"from": space.pk})
    assert f'name="origin" value="{space.pk}"' in response.content.decode()
