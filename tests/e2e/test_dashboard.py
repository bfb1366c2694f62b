"""An editor opens Rapports → Tableau de bord, switches period and follows a zero-result term
to its search promotion form; the demo's made-up figures fill it (analytics/demo.py)."""

import os

import pytest

from tests.e2e.conftest import log_in, serious_violations, visible_text

expect = pytest.importorskip("playwright.sync_api").expect

SCREENSHOT = os.environ.get("DASHBOARD_SCREENSHOT")


def test_editor_reads_the_dashboard_and_promotes_a_zero_result_term(desktop):
    page = desktop.new_page()
    log_in(page, "editeur", "editeur-demo", admin=True)
    assert "Fréquentation : 7 derniers jours" in visible_text(page, "main")
    page.get_by_role("link", name="Voir le tableau de bord").click()
    expect(page.locator("h1")).to_contain_text("Tableau de bord")
    page.get_by_role("link", name="90 jours").click()
    expect(page.get_by_role("link", name="90 jours")).to_have_attribute("aria-current", "page")
    text = visible_text(page, "main")
    for heading in ("Produits les plus vus", "Recherches sans résultat", "Promotions"):
        assert heading in text
    assert page.locator("svg.analytics-chart rect").count() == 90
    assert serious_violations(page) == []
    if SCREENSHOT:
        page.screenshot(path=SCREENSHOT, full_page=True)

    page.get_by_role(
        "link", name="Créer une promotion de recherche pour « couteau céramique »"
    ).click()
    expect(page.locator("input[name=query_string]")).to_have_value("couteau céramique")
