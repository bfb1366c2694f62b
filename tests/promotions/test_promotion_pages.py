"""Promotion pages, the home offers block, preview at a date, and the calendar."""

from datetime import timedelta
from decimal import Decimal
from html import unescape

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from promotions.models import Audience, DiscountKind, PromotionIndexPage, PromotionPage
from storefront.models import PriceGroup, ProductPage
from tests.promotions.test_offers import make_offer

pytestmark = pytest.mark.django_db

DAY = timedelta(days=1)


@pytest.fixture
def index():
    return PromotionIndexPage.objects.get()


def make_promotion(index, title, offers, **fields):
    page = PromotionPage(title=title, intro="Accroche", **fields)
    index.add_child(instance=page)
    page.offers.set(offers)
    page.save_revision().publish()
    return page


def test_current_promotion_lists_its_products_with_prices(client, index, public_prices):
    product = ProductPage.objects.get(sku="SF-00101")
    offer = make_offer(name="Huile à −50 %", products=[product], value=Decimal("50"))
    page = make_promotion(index, "Huile", [offer])
    response = client.get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Huile à −50 %" in html and "SF-00101" in html
    assert "4,95\u00a0€" in html  # 9,90 € halved
    assert page in client.get(index.url).context["promotions"]


def test_expired_promotion_answers_410_before_and_after_the_scheduler(client, index):
    offer = make_offer(
        name="Ancienne",
        value=Decimal("10"),
        valid_from=timezone.now() - 9 * DAY,
        valid_to=timezone.now() + DAY,
    )
    page = make_promotion(index, "Bientôt finie", [offer], expire_at=timezone.now() + DAY)
    PromotionPage.objects.filter(pk=page.pk).update(expire_at=timezone.now() - DAY)
    response = client.get(page.url)  # the scheduler has not run yet
    assert response.status_code == 410
    assert "Cette promotion est terminée" in response.content.decode()
    page.refresh_from_db()
    page.unpublish(set_expired=True)  # what publish_scheduled does at expiry
    assert client.get(page.url).status_code == 410
    assert page not in client.get(index.url).context["promotions"]


def test_promotion_whose_offer_ended_is_gone_even_if_the_page_is_live(client, index):
    now = timezone.now()
    offer = make_offer(
        name="Finie", value=Decimal("10"), valid_from=now - 9 * DAY, valid_to=now - DAY
    )
    page = make_promotion(index, "Page oubliée", [offer])
    assert client.get(page.url).status_code == 410
    assert page not in client.get(index.url).context["promotions"]


def test_group_promotion_is_invisible_to_everyone_else(client, index):
    group = PriceGroup.objects.get(code="chr")
    offer = make_offer(
        name="Réservée CHR", value=Decimal("10"), audience=Audience.GROUPS, groups=[group]
    )
    page = make_promotion(index, "Espace CHR test", [offer])
    assert client.get(page.url).status_code == 404
    assert page not in client.get(index.url).context["promotions"]
    assert "Réservée CHR" not in client.get("/").content.decode()
    client.login(username="client", password="client-demo")
    assert client.get(page.url).status_code == 200
    assert page in client.get(index.url).context["promotions"]


def test_home_page_lists_current_offers_for_this_visitor(client):
    html = unescape(client.get("/").content.decode())
    assert "Nos offres du moment" in html
    assert "−15 % sur les eaux" in html  # demo public offer
    assert "Clients CHR : −10 % ProNet" not in html  # demo group offer
    assert "Soldes d'été" not in html  # demo expired offer
    assert "Rentrée" not in html  # demo future offer
    client.login(username="client", password="client-demo")
    assert "Clients CHR : −10 % ProNet" in unescape(client.get("/").content.decode())


def test_editor_previews_at_a_future_date(client, public_prices):
    product = ProductPage.objects.get(sku="SF-00101")  # 9,90 € in 2026, +3,5 % in 2027
    # The demo editor as they are: the « Éditeurs » group gives admin access, no staff flag.
    assert not get_user_model().objects.get(username="editeur").is_staff
    client.login(username="editeur", password="editeur-demo")
    now_html = client.get(product.url).content.decode()
    assert "9,90\u00a0€" in now_html
    response = client.get(product.url, {"at": "2027-01-02T08:00"})
    html = response.content.decode()
    assert "10,25\u00a0€" in html and "Aperçu du site au 2 janvier 2027" in html
    assert "no-store" in response["Cache-Control"]


def test_preview_at_a_date_is_refused_to_non_staff(client, public_prices):
    product = ProductPage.objects.get(sku="SF-00101")
    client.login(username="client", password="client-demo")
    html = client.get(product.url, {"at": "2027-01-02T08:00"}).content.decode()
    assert "Aperçu du site" not in html and "10,25" not in html
    client.logout()
    assert "10,25" not in client.get(product.url, {"at": "2027-01-02"}).content.decode()


def test_calendar_shows_upcoming_changes_and_conflicts(admin_client):
    response = admin_client.get("/admin/planning/")
    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert "Rentrée : −20 % sur la vente à emporter" in html  # demo future offer
    assert "Tarif général 2027" in html or "Tarif général 2026" in html
    assert "Deux offres prioritaires se chevauchent" in html
    assert "reste en ligne après la fin de l'offre" in html


def test_calendar_flags_an_offer_on_a_product_without_price(admin_client, category):
    from tests.conftest import make_product

    product = make_product(category, 1)
    make_offer(
        name="Sans prix",
        products=[product],
        kind=DiscountKind.PERCENT,
        value=Decimal("10"),
        valid_from=timezone.now() + DAY,
    )
    html = unescape(admin_client.get("/admin/planning/").content.decode())
    assert "L'offre « Sans prix » porte sur 1 produit(s) sans prix" in html


def test_calendar_is_for_staff_only(client):
    client.login(username="client", password="client-demo")
    assert client.get("/admin/planning/").status_code in (302, 403)


def test_editor_is_warned_about_a_scheduled_page_revision(client, index):
    page = make_promotion(index, "Planifiée", [])
    page.title = "Planifiée (nouvelle version)"
    revision = page.save_revision()
    revision.publish()  # published now
    page.refresh_from_db()
    page.go_live_at = timezone.now() + 3 * DAY
    page.save_revision().publish()  # scheduled
    client.login(username="editeur", password="editeur-demo")
    html = unescape(client.get(f"/admin/pages/{page.pk}/edit/").content.decode())
    assert "Une version de cette page est programmée" in html


def test_promotion_page_and_its_brochure_follow_the_previewed_date(client, index):
    # The page, its brochure and the prices share one clock: a team member previewing the day
    # after the page's expiry sees it gone, as its visitors will (core/publication.py).
    offer = make_offer(name="Semaine", value=Decimal("10"), valid_to=timezone.now() + 9 * DAY)
    page = make_promotion(index, "Semaine", [offer], expire_at=timezone.now() + 2 * DAY)
    brochure = reverse("brochures:page", kwargs={"page_id": page.pk})
    after_expiry = (timezone.localtime() + 3 * DAY).strftime("%Y-%m-%dT%H:%M")
    assert client.get(page.url, {"at": after_expiry}).status_code == 200  # not the team
    client.login(username="editeur", password="editeur-demo")
    assert client.get(page.url).status_code == 200
    assert client.get(page.url, {"at": after_expiry}).status_code == 410
    assert client.get(brochure).status_code == 410  # the date is kept for the next clicks
    assert client.get(page.url, {"at": ""}).status_code == 200
