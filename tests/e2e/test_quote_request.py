"""A customer asks for a quote from their phone: log in, see their price, « Demander un
devis », a quantity, send, and the acknowledgement with the request's reference."""

import re

from tests.e2e.conftest import log_in, visible_text

PRODUCT = "/catalogue/epicerie/huiles-et-vinaigres/huile-de-tournesol/"


def test_customer_sends_a_quote_request_from_a_product_page_on_a_phone(phone):
    page = phone.new_page()
    log_in(page, "client", "client-demo")
    page.goto(PRODUCT)
    assert "9,11 € HT / bidon" in visible_text(page, ".product__buy")

    with page.expect_navigation():
        page.get_by_role("link", name="Demander un devis").click()
    assert page.get_by_label("Référence, ligne 1").input_value() == "SF-00101"
    # The customer's company and contact are filled in from their account.
    assert page.get_by_role("textbox", name="Société", exact=True).input_value()
    page.get_by_label("Quantité, ligne 1").fill("12")
    with page.expect_navigation():
        page.get_by_role("button", name="Envoyer la demande").click()

    acknowledgement = visible_text(page, "main")
    assert "Merci, votre demande est enregistrée" in acknowledgement
    assert re.search(r"Sa référence : DV-\d{4}-\d{5}\b", acknowledgement), acknowledgement
    assert "SF-00101 Huile de tournesol 12 bidon" in visible_text(page, ".quote-lines")
