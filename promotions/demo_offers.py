"""Demo offers and promotion pages, dated relative to today so the demo always has an active,
a future and an expired offer, plus one calendar conflict to show the warnings."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from promotions.models import (
    Audience,
    DiscountKind,
    Offer,
    PromotionIndexPage,
    PromotionPage,
)
from storefront.demo.catalogue import ensure_child
from storefront.demo.images import demo_image
from storefront.demo.site import ensure_menu_link
from storefront.models import (
    Brand,
    CategoryPage,
    HomePage,
    PriceGroup,
    ProductPage,
)


def ensure_offer(name, *, products=(), categories=(), brands=(), groups=(), **fields):
    offer = Offer.objects.filter(name=name).first()
    if offer:
        return offer
    offer = Offer(name=name, **fields)
    offer.save()
    offer.set_targets(products=products, categories=categories, brands=brands)
    offer.price_groups.set(groups)
    offer.save()
    offer.save_revision().publish()
    return offer


def ensure_promotion(index, title, offers, *, intro, expire_at=None):
    page = PromotionPage.objects.filter(title=title).first()
    if page:
        return page
    page = PromotionPage(
        title=title,
        intro=intro,
        body=f"<p>{intro} Profitez-en sur tout le catalogue en ligne.</p>",
        conditions="Offre réservée aux professionnels, dans la limite des stocks disponibles.",
        banner=demo_image(title, size=(1600, 900)),
        expire_at=expire_at,
    )
    index.add_child(instance=page)
    page.offers.set(offers)
    page.save_revision().publish()
    return page


def load():
    now = timezone.now().replace(second=0, microsecond=0)
    day = timedelta(days=1)
    knife = ProductPage.objects.get(sku="SF-00144")
    waters = CategoryPage.objects.get(title="Eaux")
    chr_group = PriceGroup.objects.filter(code="chr")

    waters_offer = ensure_offer(
        "−15 % sur les eaux",
        kind=DiscountKind.PERCENT,
        value=Decimal("15"),
        categories=[waters],
        valid_from=now - 7 * day,
        valid_to=now + 30 * day,
        description="Sur toutes les eaux plates et gazeuses.",
    )
    web_offer = ensure_offer(
        "Prix Web : couteau de chef",
        kind=DiscountKind.FIXED_PRICE,
        value=Decimal("26.90"),
        products=[knife],
        web_exclusive=True,
        exclusive=True,
        priority=10,
        valid_from=now - 2 * day,
        valid_to=now + 20 * day,
    )
    chr_offer = ensure_offer(
        "Clients CHR : −10 % ProNet",
        kind=DiscountKind.PERCENT,
        value=Decimal("10"),
        brands=Brand.objects.filter(name="ProNet"),
        audience=Audience.GROUPS,
        groups=chr_group,
        valid_from=now - 3 * day,
        valid_to=now + 45 * day,
    )
    future_offer = ensure_offer(
        "Rentrée : −20 % sur la vente à emporter",
        kind=DiscountKind.PERCENT,
        value=Decimal("20"),
        categories=CategoryPage.objects.filter(title="Vente à emporter"),
        valid_from=now + 10 * day,
        valid_to=now + 40 * day,
    )
    expired_offer = ensure_offer(
        "Soldes d'été : −25 % sur les desserts",
        kind=DiscountKind.PERCENT,
        value=Decimal("25"),
        categories=CategoryPage.objects.filter(title="Desserts surgelés"),
        valid_from=now - 60 * day,
        valid_to=now - 30 * day,
    )
    # Overlaps the web offer on the same knife, both exclusive: the calendar flags it.
    ensure_offer(
        "Déstockage couteaux",
        kind=DiscountKind.AMOUNT,
        value=Decimal("5"),
        products=[knife],
        exclusive=True,
        priority=5,
        valid_from=now + 3 * day,
        valid_to=now + 17 * day,
    )

    home = HomePage.objects.get()
    index = ensure_child(
        home,
        PromotionIndexPage,
        "Promotions",
        slug="promotions",
        intro="<p>Les offres en cours pour les professionnels.</p>",
    )
    ensure_promotion(
        index,
        "Les eaux à −15 %",
        [waters_offer],
        intro="Toutes les eaux plates et gazeuses à −15 % ce mois-ci.",
        expire_at=waters_offer.valid_to,
    )
    # No expiry on purpose: the calendar warns that the page outlives its offer.
    ensure_promotion(
        index,
        "Exclusivité Web : le couteau de chef",
        [web_offer],
        intro="Un prix réservé à la commande en ligne.",
    )
    ensure_promotion(
        index,
        "Espace CHR : −10 % sur l'hygiène ProNet",
        [chr_offer],
        intro="Réservé aux cafés, hôtels et restaurants.",
        expire_at=chr_offer.valid_to,
    )
    ensure_promotion(
        index,
        "Bientôt : la rentrée de la vente à emporter",
        [future_offer],
        intro="−20 % sur les emballages de vente à emporter.",
        expire_at=future_offer.valid_to,
    )
    summer = ensure_promotion(
        index, "Soldes d'été", [expired_offer], intro="Les desserts surgelés à −25 %."
    )
    if summer.live:
        # As Wagtail's scheduler does at expiry: the URL then answers 410 Gone.
        summer.expire_at = expired_offer.valid_to
        summer.unpublish(set_expired=True)

    ensure_menu_link("Promotions", index)
