"""An editor attaches a new customer account to a client company through the company's form
and its account chooser, as a browser does it; the customer then opens the company's space."""

import pytest
from django.urls import reverse

from tests.e2e.conftest import log_in, visible_text

# Skipped with the other browser tests where the dev extra is not installed.
expect = pytest.importorskip("playwright.sync_api").expect

DUPONT_SPACE = "/espaces-clients/restaurant-dupont/"
PASSWORD = "Brasserie-2026-port"


def create_customer_account(page):
    """The administrator opens the account, as after a phone call (no account request)."""
    log_in(page, "admin", "admin-demo", admin=True)
    page.goto(reverse("wagtailusers_users:add"))
    page.fill("input[name=username]", "m.garnier")
    page.fill("input[name=email]", "m.garnier@restaurant-dupont.example")
    page.fill("input[name=first_name]", "Marc")
    page.fill("input[name=last_name]", "Garnier")
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    form = page.locator("form").filter(has=page.locator("input[name=password1]"))
    with page.expect_navigation():
        form.locator("[type=submit]").first.click()
    assert page.url.endswith(reverse("wagtailusers_users:index")), visible_text(page, "main")


@pytest.fixture
def admin_context(browser, live_site):
    context = browser.new_context(base_url=live_site, locale="fr-FR")
    yield context
    context.close()


def test_editor_attaches_an_account_with_the_chooser(admin_context, desktop, phone):
    create_customer_account(admin_context.new_page())

    editor = desktop.new_page()
    log_in(editor, "editeur", "editeur-demo", admin=True)
    editor.goto("/admin/snippets/storefront/customercompany/")
    editor.get_by_role("link", name="Restaurant Dupont").first.click()
    editor.locator("#id_members-ADD").click()
    editor.locator("#id_members-1-user-chooser").get_by_role(
        "button", name="Choisir un compte client"
    ).click()

    modal = editor.locator(".modal-content")
    listing = modal.locator("#search-results")
    assert "Marc Garnier" in visible_text(editor, "#search-results")
    for team in ("Alice", "Élodie", "Jean Dupont"):
        assert team not in listing.inner_text()
    modal.locator("input[name=q]").fill("garnier")
    expect(listing).to_contain_text("Marc Garnier")
    modal.get_by_role("link", name="Marc Garnier").click()
    expect(editor.locator("#id_members-1-user-title")).to_have_text(
        "Marc Garnier (m.garnier@restaurant-dupont.example)"
    )

    with editor.expect_navigation():
        editor.get_by_role("button", name="Enregistrer").first.click()
    assert "/edit/" not in editor.url, visible_text(editor, "main")

    customer = phone.new_page()
    log_in(customer, "m.garnier", PASSWORD)
    response = customer.goto(DUPONT_SPACE)
    assert response.status == 200
    assert "Restaurant Dupont" in visible_text(customer, "main")
