"""The site on a buyer's phone (390×844, issue 13, item 8): what matters is in the first
screen, nothing scrolls sideways, and axe-core finds no serious accessibility problem."""

import pytest

from tests.e2e.conftest import PHONE, log_in, serious_violations, visible_text
from tests.e2e.test_public_pages import PUBLIC_PAGES

WIDTH = PHONE["viewport"]["width"]
HEIGHT = PHONE["viewport"]["height"]
CATEGORY = "/catalogue/epicerie/huiles-et-vinaigres/"
PRODUCT = "/catalogue/epicerie/huiles-et-vinaigres/huile-de-tournesol/"
# Anonymous pages of each kind a buyer reads (the client space is checked logged in).
PAGES = [
    "/",
    "/catalogue/",
    CATEGORY,
    PRODUCT,
    "/promotions/",
    "/promotions/les-eaux-a-15/",
    "/actualites/",
    "/actualites/notre-nouvel-entrepot-de-corbas-est-ouvert/",
    "/search/?q=huile",
    "/devis/?ref=SF-00101&qty=3",
    "/compte-pro/",
    "/account/login/",
]


def first_screen_box(page, locator):
    """The element's box when it lies wholly in the first screen (page not scrolled), else
    a message saying where it is."""
    locator.wait_for()
    box = locator.bounding_box()
    inside = (
        box is not None
        and box["x"] >= 0
        and box["y"] >= 0
        and box["x"] + box["width"] <= WIDTH
        and box["y"] + box["height"] <= HEIGHT
    )
    return box if inside else f"outside the first {WIDTH}×{HEIGHT} screen: {box}"


def sideways_overflow(page):
    """How many pixels the page is wider than the screen (0 when nothing scrolls sideways)."""
    return page.evaluate("document.documentElement.scrollWidth") - WIDTH


def test_category_shows_its_first_product_in_the_first_screen(phone):
    page = phone.new_page()
    page.goto(CATEGORY)
    first_card = page.locator(".card-grid .product-card").first
    assert first_card.bounding_box()["y"] < HEIGHT
    # The filters are folded behind « Filtrer » and open with a tap.
    checkbox = page.locator(".facets input[type=checkbox]").first
    assert checkbox.is_hidden()
    page.get_by_text("Filtrer", exact=True).click()
    assert checkbox.is_visible()


def test_chosen_filters_are_counted_on_the_folded_toggle(phone):
    page = phone.new_page()
    page.goto(CATEGORY)
    page.get_by_text("Filtrer", exact=True).click()
    page.get_by_label("En stock").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Appliquer les filtres").click()
    # inner_text() also reads the screen readers' « : 1 choix en cours ».
    assert visible_text(page, "details.filters > summary").startswith("Filtrer (1)")
    assert page.locator(".card-grid .product-card").first.bounding_box()["y"] < HEIGHT


def test_filters_stay_open_beside_the_products_on_a_wide_screen(desktop):
    page = desktop.new_page()
    page.goto(CATEGORY)
    assert page.locator(".facets input[type=checkbox]").first.is_visible()
    assert page.locator("details.filters > summary").is_hidden()


@pytest.mark.parametrize("customer", [False, True], ids=["anonymous", "customer"])
def test_product_price_availability_and_quote_button_are_in_the_first_screen(phone, customer):
    page = phone.new_page()
    if customer:
        log_in(page, "client", "client-demo")
    page.goto(PRODUCT)
    buy = page.locator(".product__buy")
    price = buy.locator(".price")
    # The demo shows prices to logged-in customers only: others get the link to log in.
    expected = "9,11 € HT / bidon" if customer else "Connectez-vous pour voir vos prix"
    assert visible_text(page, ".product__buy .price") == expected
    for element in (
        price,
        buy.locator(".availability"),
        page.get_by_role("link", name="Demander un devis"),
    ):
        assert isinstance(first_screen_box(page, element), dict), first_screen_box(page, element)


@pytest.mark.parametrize("path", PAGES)
def test_no_page_scrolls_sideways_on_a_phone(phone, path):
    page = phone.new_page()
    page.goto(path)
    assert sideways_overflow(page) <= 0


def test_client_space_does_not_scroll_sideways_on_a_phone(phone):
    page = phone.new_page()
    log_in(page, "client", "client-demo")  # a customer lands on their space
    assert "Votre interlocuteur" in visible_text(page, "main")
    # The account manager's long e-mail address wraps inside its card.
    email = page.locator(".client-space__contact a[href^='mailto:']")
    assert email.bounding_box()["x"] + email.bounding_box()["width"] <= WIDTH
    assert sideways_overflow(page) <= 0
    assert serious_violations(page) == []


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_have_no_serious_accessibility_violation_on_a_phone(phone, path):
    page = phone.new_page()
    page.goto(path)
    assert serious_violations(page) == []
