"""The public site as a buyer's browser renders it: accessibility and what shows first."""

import pytest

from tests.e2e.conftest import log_in, serious_violations

PUBLIC_PAGES = [
    "/",
    "/catalogue/",
    "/catalogue/epicerie/huiles-et-vinaigres/",
    "/catalogue/epicerie/huiles-et-vinaigres/huile-de-tournesol/",
    "/promotions/",
    "/actualites/",
    "/search/?q=huile",
    "/devis/",
    "/account/login/",
    "/cette-page-n-existe-pas/",
]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_have_no_serious_accessibility_violation(desktop, path):
    page = desktop.new_page()
    page.goto(path)
    assert serious_violations(page) == []


def test_customer_sees_their_price_after_logging_in(desktop):
    page = desktop.new_page()
    page.goto("/catalogue/epicerie/huiles-et-vinaigres/huile-de-tournesol/")
    assert page.locator(".price").count() == 0 or "€" not in page.locator("main").inner_text()
    log_in(page, "client", "client-demo")
    page.goto("/catalogue/epicerie/huiles-et-vinaigres/huile-de-tournesol/")
    assert "€ HT" in page.locator("main").inner_text()
