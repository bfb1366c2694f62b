"""Site health as an editor and a visitor see it in a browser: a 404 redirected from the
report, and a maintenance banner scheduled in the settings shown on the public site."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.e2e.conftest import log_in, serious_violations, visible_text

expect = pytest.importorskip("playwright.sync_api").expect


@pytest.fixture
def editor_context(browser, live_site):
    context = browser.new_context(base_url=live_site, locale="fr-FR")
    yield context
    context.close()


def test_editor_redirects_a_404_from_the_report(editor_context, desktop):
    visitor = desktop.new_page()
    assert visitor.goto("/ancienne-promo-ete/").status == 404

    editor = log_in(editor_context.new_page(), "editeur", "editeur-demo", admin=True)
    editor.goto("/admin/reports/404/")
    expect(editor.locator("main")).to_contain_text("/ancienne-promo-ete/")
    assert serious_violations(editor) == []
    with editor.expect_navigation():
        # Its own row: the report may list other addresses (pictures this test server does
        # not serve, say), most asked first.
        row = editor.locator("tbody tr").filter(has_text="/ancienne-promo-ete/")
        row.get_by_role("link", name="Créer une redirection").click()
    editor.fill("input[name=redirect_link]", "https://www.example.com/promotions")
    with editor.expect_navigation():
        editor.locator("form#w-editor-form [type=submit]").first.click()
    assert "Redirection créée" in visible_text(editor, "body")
    expect(editor.locator("main")).not_to_contain_text("/ancienne-promo-ete/")

    response = visitor.request.get("/ancienne-promo-ete/", max_redirects=0)
    assert response.status == 301


def test_editor_schedules_a_maintenance_banner(editor_context, desktop):
    editor = log_in(editor_context.new_page(), "editeur", "editeur-demo", admin=True)
    editor.goto("/admin/settings/sitehealth/maintenancesettings/")
    start = timezone.localtime() + timedelta(days=2)
    start = start.replace(hour=22, minute=0)
    # As typed in the French admin's date and time fields, the picker closed after each.
    for name, moment in [
        ("starts_at", start),
        ("ends_at", start + timedelta(minutes=90)),
        ("banner_from", timezone.localtime() - timedelta(hours=1)),
    ]:
        editor.fill(f"input[name={name}]", moment.strftime("%d/%m/%Y %H:%M"))
        editor.keyboard.press("Escape")
    editor.fill("input[name=banner_message]", "Les commandes EDI restent possibles.")
    with editor.expect_navigation():
        editor.get_by_role("button", name="Enregistrer").first.click()
    expect(editor.locator("body")).to_contain_text("mis à jour")

    page = desktop.new_page()
    page.goto("/")
    banner = page.locator(".maintenance-banner")
    expect(banner).to_contain_text("Maintenance prévue le")
    expect(banner).to_contain_text("de 22 h 00 à 23 h 30. Les commandes EDI restent possibles.")
    assert serious_violations(page) == []
