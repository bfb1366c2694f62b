"""The editor creates an offer through the admin form, picks its product with the chooser by
typing a reference, schedules it with Wagtail's publishing schedule, and the offers' listing
shows it waiting for its date (issue 13, items 7 and 9)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.e2e.conftest import log_in, visible_text

# Skipped with the other browser tests where the dev extra is not installed.
expect = pytest.importorskip("playwright.sync_api").expect

OFFERS = "/admin/snippets/promotions/offer/"
NAME = "Huiles : −12 % à la rentrée"
SKU = "SF-00102"


def test_editor_schedules_an_offer_chosen_by_reference(desktop):
    page = desktop.new_page()
    log_in(page, "editeur", "editeur-demo", admin=True)
    page.goto(OFFERS + "add/")
    page.fill("#id_name", NAME)
    page.fill("#id_value", "12")

    page.locator("#id_target_products-OPEN_MODAL").click()
    modal = page.locator(".modal-content")
    expect(modal.locator("input[name=q]")).to_be_visible()
    modal.locator("input[name=q]").fill(SKU.lower())
    results = modal.locator("#search-results")
    expect(results.locator("tbody tr")).to_have_count(1)
    row = visible_text(page, "#search-results tbody tr")
    assert row.startswith(SKU) and "Épicerie › Huiles et vinaigres" in row, row
    results.locator("input[type=checkbox]").first.check()
    modal.get_by_role("button", name="Confirmer la sélection").click()
    expect(page.locator("#id_target_products-0-product-title")).to_contain_text(SKU)

    start = timezone.localtime(timezone.now() + timedelta(days=3)).replace(hour=6, minute=0)
    page.fill("#id_valid_from", start.strftime("%d/%m/%Y %H:%M"))
    page.locator("#id_name").click()  # closes the date picker

    # Wagtail's publishing schedule: the go-live date, saved, then « Programmer pour publication ».
    page.locator("[data-side-panel-toggle=status]").click()
    page.get_by_role("button", name="Programmer", exact=True).click()
    dialog = page.locator("#schedule-publishing-dialog")
    dialog.locator("#id_go_live_at").fill(start.strftime("%d/%m/%Y %H:%M"))
    # The date picker opens over the dialog's button: closed as an editor does, by clicking aside.
    picker = page.locator(".xdsoft_datetimepicker:visible")
    expect(picker).to_have_count(1)
    dialog.get_by_role("heading").first.click()
    expect(picker).to_have_count(0)
    with page.expect_navigation():
        dialog.get_by_role("button", name="Enregistrer la programmation").click()
    assert "/edit/" in page.url, visible_text(page, "main")
    page.locator("footer [data-w-dropdown-target=toggle]").first.click()
    with page.expect_navigation():
        page.get_by_role("button", name="Programmer pour publication").click()

    assert page.url.endswith(OFFERS), visible_text(page, "main")
    assert f"Offre « {NAME} » a été planifié pour la publication" in visible_text(page, "main")
    row = page.locator("tbody tr").filter(has_text=NAME)
    # One offer, whatever Wagtail's background saves did meanwhile (docs/autosave.md), starting
    # at its go-live date.
    expect(row).to_have_count(1)
    assert start.strftime("%H:%M") in row.inner_text()
