"""A client space's documents are private by construction (issue 13, item 1): the space's
collection exists from its first save, every upload made from the space's editor goes into it,
and a space whose document blocks show a document a stranger could download is not published.
Driven through the admin's own views: the page editor and the document chooser's upload."""

import json
import re
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from showroom.models import ClientSpaceIndexPage, ClientSpacePage
from tests.conftest import AxesClient
from tests.showroom.conftest import make_link

pytestmark = pytest.mark.django_db

SECRET = b"prix nets confidentiels"
SPACE_UPLOAD = reverse("showroom_space_documents:create")
WAGTAIL_UPLOAD = reverse("wagtaildocs_chooser:create")


@pytest.fixture
def editor():
    client = AxesClient()
    client.login(username="editeur", password="editeur-demo")
    return client


@pytest.fixture
def root():
    return Collection.get_first_root_node()


def list_block(values):
    items = {str(n): {"value": v, "deleted": "", "order": str(n)} for n, v in enumerate(values)}
    return {**items, "count": str(len(values))}


def space_form(title, documents=(), companies=(), **fields):
    body = [("documents", {"heading": "Vos documents", "documents": list_block(documents)})]
    data = nested_form_data(
        {
            "title": title,
            "slug": re.sub(r"\W+", "-", title.lower()),
            "welcome": rich_text("<p>Bonjour</p>"),
            "body": streamfield(body if documents else []),
            "seo_title": "",
            "search_description": "",
            "canonical_url": "",
            **fields,
        }
    )
    data["companies"] = [company.pk for company in companies]
    return data


def create_space(editor, title, documents=(), **fields):
    index = ClientSpaceIndexPage.objects.get()
    response = editor.post(
        f"/admin/pages/add/showroom/clientspacepage/{index.pk}/",
        space_form(title, [d.pk for d in documents], **fields),
    )
    assert response.status_code == 302, unescape(response.content.decode())[:3000]
    return ClientSpacePage.objects.get(title=title)


def edit_space(editor, space, documents, **fields):
    return editor.post(
        f"/admin/pages/{space.pk}/edit/",
        space_form(space.title, [d.pk for d in documents], **fields),
    )


def upload(editor, url, title, **data):
    """What the chooser modal's upload tab posts; returns the document it chose."""
    response = editor.post(
        url,
        {
            "document-chooser-upload-title": title,
            "document-chooser-upload-file": SimpleUploadedFile("tarif.txt", SECRET),
            "document-chooser-upload-tags": "",
            **data,
        },
    )
    assert response.status_code == 200
    payload = json.loads(response.content)
    assert payload["step"] == "chosen", payload
    return get_document_model().objects.get(pk=payload["result"]["id"])


def fetch(client, document):
    response = client.get(document.url)
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return response, content


def assert_not_downloadable(client, document):
    response, content = fetch(client, document)
    assert response.status_code in (302, 403, 404), response.status_code
    if response.status_code == 302:
        assert "login" in response["Location"]
    assert SECRET not in content


def test_first_draft_creates_the_private_collection(editor, dupont):
    space = create_space(editor, "Espace Brouillon", companies=[dupont])
    assert not space.live
    collection = space.own_collection()
    assert collection.name == "Espace Brouillon"
    assert collection.get_parent().name == "Espaces clients"
    restriction = CollectionViewRestriction.objects.get(collection=collection)
    assert restriction.restriction_type == "groups"
    assert [g.name for g in restriction.groups.all()] == ["Espace client – C-000123"]


def test_the_space_editor_offers_its_collection_to_the_chooser(editor):
    space = create_space(editor, "Espace Choix")
    html = editor.get(f"/admin/pages/{space.pk}/edit/").content.decode()
    assert f'id="client-space-id" value="{space.pk}"' in html
    assert "Espaces clients › Espace Choix" in html
    assert reverse("showroom_space_documents:choose") in unescape(html)


def test_an_upload_from_the_space_goes_into_its_collection(editor, client, root):
    space = create_space(editor, "Espace Dépôt")
    modal = editor.get(reverse("showroom_space_documents:choose"), {"space": space.pk})
    html = json.loads(modal.content)["html"]
    # No collection to pick, and the upload form keeps the space's id.
    assert "document-chooser-upload-collection" not in html
    assert f"{SPACE_UPLOAD}?space={space.pk}" in unescape(html)
    # Even a forged choice of the public « Root » collection is ignored.
    document = upload(
        editor,
        f"{SPACE_UPLOAD}?space={space.pk}",
        "Tarif Dépôt",
        **{"document-chooser-upload-collection": root.pk},
    )
    assert document.collection == space.own_collection()
    assert_not_downloadable(client, document)


def public_upload(editor, title):
    """Wagtail's own chooser (any other document field) into « Root »: public."""
    root = Collection.get_first_root_node()
    return upload(editor, WAGTAIL_UPLOAD, title, **{"document-chooser-upload-collection": root.pk})


def test_wagtails_own_chooser_would_have_made_it_public(editor, client):
    """What the issue saw: a document in « Root » is downloadable by anyone."""
    document = public_upload(editor, "Tarif public")
    assert document.collection.is_root()
    response, content = fetch(client, document)
    assert response.status_code == 200 and content == SECRET


def test_an_upload_before_the_first_save_is_adopted_by_the_space(editor, client):
    document = upload(editor, SPACE_UPLOAD, "Tarif en attente")
    assert document.collection.name == "Espaces clients"
    assert_not_downloadable(client, document)
    space = create_space(editor, "Espace Neuf", [document], **{"action-publish": "1"})
    assert space.live
    document.refresh_from_db()
    assert document.collection == space.own_collection()
    assert_not_downloadable(client, document)


@pytest.mark.parametrize("space_id", ["999999", "abc", "%C2%B2"])
def test_an_upload_naming_no_space_stays_in_the_parent(editor, space_id):
    document = upload(editor, f"{SPACE_UPLOAD}?space={space_id}", "Tarif sans espace")
    assert document.collection.name == "Espaces clients"


def test_publishing_with_a_public_document_is_refused(editor, client):
    space = create_space(editor, "Espace Refus", **{"action-publish": "1"})
    public = public_upload(editor, "Tarifs 2027")
    response = edit_space(editor, space, [public], **{"action-publish": "1"})
    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert (
        "Le document « Tarifs 2027 » peut être téléchargé par des personnes qui ne voient pas "
        "cet espace. Déplacez le document « Tarifs 2027 » dans la collection de l'espace "
        "« Espaces clients › Espace Refus »"
    ) in html
    space.refresh_from_db()
    assert not space.body  # the published content is untouched
    # Submitting for moderation ends in a publication: refused the same way.
    response = edit_space(editor, space, [public], **{"action-submit": "1"})
    assert response.status_code == 200 and "Déplacez le document « Tarifs 2027 »" in unescape(
        response.content.decode()
    )
    # A draft is kept (it shows nothing to anyone), and once moved the document is accepted.
    assert edit_space(editor, space, [public]).status_code == 302
    public.collection = space.own_collection()
    public.save()
    assert edit_space(editor, space, [public], **{"action-publish": "1"}).status_code == 302
    space.refresh_from_db()
    assert [b.block_type for b in space.body] == ["documents"]
    assert_not_downloadable(client, public)


def test_publishing_a_new_space_with_a_public_document_is_refused(editor):
    public = public_upload(editor, "Plaquette ouverte")
    index = ClientSpaceIndexPage.objects.get()
    response = editor.post(
        f"/admin/pages/add/showroom/clientspacepage/{index.pk}/",
        space_form("Espace Pressé", [public.pk], **{"action-publish": "1"}),
    )
    assert response.status_code == 200
    assert "Déplacez le document « Plaquette ouverte » dans la collection « Espaces clients »" in (
        unescape(response.content.decode())
    )
    assert not ClientSpacePage.objects.filter(title="Espace Pressé").exists()


def test_a_document_of_another_space_is_refused(editor, space):
    other = create_space(editor, "Espace Voisin", **{"action-publish": "1"})
    response = edit_space(editor, other, [space.document], **{"action-publish": "1"})
    assert response.status_code == 200
    assert "Déplacez le document « Tarif confidentiel » dans la collection de l'espace" in (
        unescape(response.content.decode())
    )


def test_an_anonymous_visitor_never_gets_the_document(editor, client, dupont):
    space = create_space(editor, "Espace Étapes", companies=[dupont])
    document = upload(editor, f"{SPACE_UPLOAD}?space={space.pk}", "Tarif étapes")
    assert edit_space(editor, space, [document], companies=[dupont]).status_code == 302
    assert_not_downloadable(client, document)  # draft
    response = edit_space(editor, space, [document], companies=[dupont], **{"action-publish": "1"})
    assert response.status_code == 302
    assert_not_downloadable(client, document)  # published
    link = make_link(space)
    client.get(link.get_path())
    response, content = fetch(client, document)
    assert response.status_code == 200 and content == SECRET  # the link holder
    link.revoke()
    assert_not_downloadable(client, document)  # revoked
