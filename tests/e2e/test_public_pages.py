"""The public site as a buyer's browser renders it: accessibility and customer prices."""

import pytest

from tests.e2e.conftest import log_in, serious_violations, visible_text

PUBLIC_PAGES = [
    "/",
    "/catalogue/",
    "/catalogue/epicerie/huiles-et-vinaigres/",
    "/catalogue/epicerie/huiles-et-vinaigres/huile-de-tournesol/",
    "/promotions/",
    "/actualites/",
    "/search/?q=huile",
    "/devis/",
    "/compte-pro/",
    "/account/login/",
    "/cette-page-n-existe-pas/",
]
PRODUCT = "/catalogue/epicerie/huiles-et-vinaigres/huile-de-tournesol/"


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_have_no_serious_accessibility_violation(desktop, path):
    page = desktop.new_page()
    page.goto(path)
    assert serious_violations(page) == []


def test_customer_sees_their_price_once_logged_in(desktop):
    page = desktop.new_page()
    page.goto(PRODUCT)
    # The demo shows prices to logged-in customers only.
    assert "Connectez-vous pour voir vos prix" in visible_text(page, "main")
    assert "€" not in visible_text(page, "main")
    log_in(page, "client", "client-demo")
    page.goto(PRODUCT)
    assert "9,11 € HT / bidon" in visible_text(page, "main")
