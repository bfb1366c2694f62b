"""The demo editor builds a client space with a private document through the admin's own
forms, sends a share link; a prospect without an account opens it, its revocation closes it,
and the document is never reachable by an anonymous visitor (issue 13, items 1, 7 and 9)."""

import re

import pytest

from showroom.models import ClientSpaceIndexPage
from tests.e2e.conftest import log_in, serious_violations, visible_text

# Skipped with the other browser tests where the dev extra is not installed.
playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect

TITLE = "Espace Brasserie du Port"
DOCUMENT = "Tarifs nets Brasserie du Port"
SECRET = b"Tarifs nets 2027 : confidentiels"
RECIPIENT = "Prospect – Brasserie du Port (e2e)"


def status_of(context, url):
    """The status a visitor of `context` gets for `url`, redirects not followed."""
    return context.request.get(url, max_redirects=0).status


def add_document_block(editor):
    """A « Documents » block, its document uploaded from the block's own chooser."""
    editor.locator("button.c-sf-add-button").first.click()
    editor.get_by_role("option", name="Documents", exact=True).click()
    editor.get_by_role("button", name="Choisir un document").click()
    modal = editor.locator(".modal-content")
    modal.get_by_role("tab", name="Transférer").click()
    modal.get_by_label("Titre").fill(DOCUMENT)
    modal.get_by_label("Fichier").set_input_files(
        files=[{"name": "tarifs.txt", "mimeType": "text/plain", "buffer": SECRET}]
    )
    # No collection to pick: the upload goes into the space's own.
    expect(modal.locator("#tab-upload").get_by_label("Collection")).to_have_count(0)
    modal.locator("#tab-upload").get_by_role("button", name="Transférer").click()
    expect(modal).to_be_hidden()
    expect(editor.get_by_text(DOCUMENT, exact=True).first).to_be_visible()


def save_draft(editor):
    with editor.expect_navigation():
        editor.get_by_role("button", name="Enregistrer le brouillon").click()
    expect(editor.locator(".messages")).to_contain_text("a été mise à jour")


def publish(editor):
    """« Publier », in the footer's « Plus d'actions » menu. Publication ends on the parent's
    page listing. (A click sent during one of Wagtail's background saves once seemed lost:
    docs/autosave.md.)"""
    editor.locator("footer").get_by_role("button", name="Plus d'actions").click()
    with editor.expect_navigation(url=re.compile(r"/admin/pages/\d+/$")):
        editor.locator("button[name=action-publish]").click()
    expect(editor.locator(".messages")).to_contain_text("publiée")


def document_address(editor):
    """The document's public address, as its page in the admin's « Documents » links to it."""
    page = editor.context.new_page()
    page.goto("/admin/documents/")
    with page.expect_navigation():
        page.get_by_role("link", name=DOCUMENT).first.click()
    # The chooser knew the space it was opened from: the document is in the space's collection.
    collection = page.get_by_label("Collection").locator("option:checked").inner_text()
    assert collection.strip().endswith(TITLE), collection
    address = page.locator('a[href^="/documents/"]').first.get_attribute("href")
    page.close()
    return address


def create_share_link(editor):
    """From the space's « Partage » tab; returns the address copied with « Copier le lien »."""
    editor.get_by_role("tab", name="Partage").click()
    with editor.expect_navigation():
        editor.get_by_role("link", name="Créer un lien de partage").click()
    editor.locator("#id_label").fill(RECIPIENT)
    with editor.expect_navigation():
        editor.get_by_role("button", name="Enregistrer").first.click()
    row = editor.locator("tr", has_text=RECIPIENT)
    row.get_by_role("button", name="Copier le lien").click()
    expect(row).to_contain_text("Lien copié")
    address = editor.evaluate("navigator.clipboard.readText()")
    assert address == row.locator("input[readonly]").input_value()
    return address


def revoke(editor):
    editor.goto("/admin/snippets/showroom/sharelink/")
    with editor.expect_navigation():
        editor.get_by_role("link", name=RECIPIENT).click()
    with editor.expect_navigation():
        editor.get_by_role("link", name="Révoquer ce lien").click()
    with editor.expect_navigation():
        editor.get_by_role("button", name="Oui, révoquer").click()
    expect(editor.locator(".messages")).to_contain_text("est révoqué")


def test_editor_shares_a_client_space_and_its_document_stays_private(
    browser, live_site, desktop, phone
):
    editor = desktop.new_page()
    desktop.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_site)
    log_in(editor, "editeur", "editeur-demo", admin=True)
    index = ClientSpaceIndexPage.objects.get()
    editor.goto(f"/admin/pages/add/showroom/clientspacepage/{index.pk}/")
    editor.locator("#id_title").fill(TITLE)
    # Wagtail fills the slug from the title while one types: set here, the test does not race it.
    editor.get_by_role("tab", name="Promotion").click()
    editor.locator("#id_slug").fill("espace-brasserie-du-port")
    editor.get_by_role("tab", name="Contenu").click()
    with editor.expect_navigation():
        editor.get_by_role("button", name="Enregistrer le brouillon").click()
    assert "/edit/" in editor.url, visible_text(editor, "main")
    assert f"Espaces clients › {TITLE}" in visible_text(editor, "main")

    add_document_block(editor)
    save_draft(editor)
    document = document_address(editor)
    assert status_of(desktop, document) == 200  # the team downloads it: the address is right
    stranger = phone  # never opens the link
    assert status_of(stranger, document) != 200  # draft

    publish(editor)
    assert status_of(stranger, document) != 200  # published

    with editor.expect_navigation():
        editor.get_by_role("link", name=TITLE).first.click()
    address = create_share_link(editor)
    path = address[address.index("/partage/") :]

    prospect_context = browser.new_context(base_url=live_site, locale="fr-FR")
    try:
        prospect = prospect_context.new_page()
        prospect.goto(path)
        assert TITLE in visible_text(prospect, "main")
        expect(prospect.get_by_role("link", name=DOCUMENT)).to_be_visible()
        assert serious_violations(prospect) == []
        assert status_of(prospect_context, document) == 200  # the link holder's own download
        assert status_of(stranger, document) != 200

        revoke(editor)
        response = prospect.goto(path)
        assert response.status == 410
        assert TITLE not in visible_text(prospect, "main")
        assert status_of(prospect_context, document) != 200  # revoked
        assert status_of(stranger, document) != 200
    finally:
        prospect_context.close()
