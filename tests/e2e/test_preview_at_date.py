"""The editor previews the site at a date (issue 13, items 3 and 9): logged in through the
admin, they open the site at a date when the demo's « Rentrée » offer applies, see the banner
and the struck price, keep the date while clicking around, and leave the preview. A visitor
who is not on the team gets today's site whatever ?at= says."""

from datetime import timedelta

from django.utils import timezone

from promotions.models import PriceDisplay
from promotions.pricing import Buyer, quote
from storefront.models import CategoryPage, ProductPage
from storefront.templatetags.storefront_tags import price
from tests.e2e.conftest import log_in, visible_text

OFFER = "Rentrée : −20 % sur la vente à emporter"  # demo: starts in 10 days, lasts 30
BANNER = ".preview-banner"


def preview_date():
    """In two weeks, Paris time, as the Planning form sends it."""
    return (timezone.localtime() + timedelta(days=15)).replace(second=0, microsecond=0)


def product_on_offer(at):
    """A product of « Vente à emporter » and the editor's quote for it at `at`."""
    category = CategoryPage.objects.get(title="Vente à emporter")
    editor = Buyer(authenticated=True, price_group_id=None)
    for product in ProductPage.objects.live().descendant_of(category).order_by("path"):
        offered = quote(product, editor, at, price_display=PriceDisplay.CUSTOMERS)
        if offered.on_offer and offered.offer.name == OFFER:
            return product, offered
    raise AssertionError("the demo has no product under the « Rentrée » offer")


def test_editor_previews_at_a_date_and_sees_the_struck_price(desktop, browser, live_site):
    at = preview_date()
    product, offered = product_on_offer(at)
    regular, discounted = price(offered.regular_price, offered), price(offered.unit_price, offered)
    page = desktop.new_page()
    log_in(page, "editeur", "editeur-demo", admin=True)
    assert page.url.endswith("/admin/")

    page.goto(f"{product.url}?at={at:%Y-%m-%dT%H:%M}")
    assert f"Aperçu du site au {at.day} " in visible_text(page, BANNER)
    buy = page.locator(".product__buy")
    assert " ".join(regular.split()) in visible_text(page, ".product__buy del.price__regular")
    assert " ".join(discounted.split()) in visible_text(page, ".product__buy ins.price__amount")
    assert offered.offer.label() in visible_text(page, ".product__buy .offer-badge")
    assert (
        buy.locator("del.price__regular").evaluate(
            "node => getComputedStyle(node).textDecorationLine"
        )
        == "line-through"
    )

    # A click to the category: same date, same banner, the card struck as well.
    with page.expect_navigation():
        page.locator(".breadcrumbs a", has_text="Vente à emporter").click()
    assert "?at=" not in page.url
    assert page.locator(BANNER).is_visible()
    card = page.locator(".product-card", has_text=product.title).first
    assert card.locator("del.price__regular").count() == 1

    # And the home page lists the offer among those « du moment » at that date.
    with page.expect_navigation():
        page.locator(".site-header__brand").click()
    assert page.locator(BANNER).is_visible() and OFFER in visible_text(page, "main")

    with page.expect_navigation():
        page.get_by_role("link", name="Quitter l'aperçu").click()
    assert page.locator(BANNER).count() == 0 and OFFER not in visible_text(page, "main")
    page.goto(product.url)
    assert page.locator(BANNER).count() == 0
    assert page.locator(".product__buy del.price__regular").count() == 0

    # Anyone else asking for that date gets today's site, and no banner.
    anonymous = browser.new_context(base_url=live_site, locale="fr-FR").new_page()
    anonymous.goto(f"/?at={at:%Y-%m-%dT%H:%M}")
    assert anonymous.locator(BANNER).count() == 0 and OFFER not in visible_text(anonymous, "main")
    anonymous.goto(f"{product.url}?at={at:%Y-%m-%dT%H:%M}")
    assert anonymous.locator(BANNER).count() == 0
    assert anonymous.locator("del.price__regular").count() == 0
    assert "Connectez-vous pour voir vos prix" in visible_text(anonymous, "main")
    anonymous.context.close()
