"""Issue 13, item 5: « Publier à la date de début » schedules a price list or an offer in
one action, and a promotion page's expiry is proposed from its offers."""

from datetime import timedelta
from decimal import Decimal
from html import unescape

import pytest
from django.utils import timezone
from wagtail.models import Revision
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from promotions.forms import PUBLISH_AT_START
from promotions.models import Offer, PriceDisplay, PriceList, PromotionIndexPage
from promotions.pricing import Buyer, quote
from tests.conftest import make_product
from tests.promotions.test_offer_admin import offer_form
from tests.promotions.test_offers import make_offer
from tests.promotions.test_promotion_pages import make_promotion

pytestmark = pytest.mark.django_db

DAY = timedelta(days=1)
BUTTON = f'name="action-publish" value="{PUBLISH_AT_START}"'


@pytest.fixture
def editor(client):
    client.login(username="editeur", password="editeur-demo")
    return client


@pytest.fixture
def product(category):
    return make_product(category, 1)


def form_time(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def post_price_list(editor, product, start, action):
    data = nested_form_data(
        {
            "name": "Tarif au début",
            "audience": "public",
            "valid_from": form_time(start),
            "valid_to": "",
            "notes": "",
            "lines": inline_formset(
                [{"product": product.pk, "min_quantity": 1, "unit_price": "12,40"}]
            ),
        }
    )
    data["action-publish"] = action
    return editor.post("/admin/snippets/promotions/pricelist/add/", data)


@pytest.mark.parametrize("model", ["pricelist", "offer"])
def test_the_action_is_in_the_menu(editor, model):
    html = unescape(editor.get(f"/admin/snippets/promotions/{model}/add/").content.decode())
    assert BUTTON in html


def test_publishing_at_the_start_schedules_the_list_at_its_start(editor, product):
    start = (timezone.now() + 3 * DAY).replace(second=0, microsecond=0)
    response = post_price_list(editor, product, start, PUBLISH_AT_START)
    assert response.status_code == 302
    price_list = PriceList.objects.get(name="Tarif au début")
    assert not price_list.live
    assert price_list.go_live_at == start
    # Wagtail's own schedule: the scheduler publishes this revision at the start.
    assert Revision.objects.filter(object_id=str(price_list.pk), approved_go_live_at=start).exists()
    buyer = Buyer.anonymous()
    before = quote(product, buyer, start - timedelta(minutes=1), price_display=PriceDisplay.PUBLIC)
    after = quote(product, buyer, start, price_display=PriceDisplay.PUBLIC)
    assert before.unit_price is None
    assert after.unit_price == Decimal("12.40")


def test_a_start_in_the_past_publishes_now(editor, product):
    start = (timezone.now() - DAY).replace(second=0, microsecond=0)
    assert post_price_list(editor, product, start, PUBLISH_AT_START).status_code == 302
    assert PriceList.objects.get(name="Tarif au début").live


def test_the_plain_publish_button_keeps_its_meaning(editor, product):
    start = (timezone.now() + 3 * DAY).replace(second=0, microsecond=0)
    assert post_price_list(editor, product, start, "action-publish").status_code == 302
    price_list = PriceList.objects.get(name="Tarif au début")
    # Published now, its window starting later: no go-live date copied.
    assert price_list.live and price_list.go_live_at is None


def test_an_offer_is_scheduled_at_its_start(editor):
    start = (timezone.now() + 2 * DAY).replace(second=0, microsecond=0)
    data = offer_form(
        name="Remise au début",
        value="10",
        valid_from=form_time(start),
        valid_to=form_time(start + 7 * DAY),
    )
    data["action-publish"] = PUBLISH_AT_START
    response = editor.post("/admin/snippets/promotions/offer/add/", data)
    assert response.status_code == 302
    offer = Offer.objects.get(name="Remise au début")
    assert not offer.live and offer.go_live_at == start
    assert offer.scheduled_revision.approved_go_live_at == start


def test_a_promotion_page_proposes_its_expiry_from_its_offers(editor):
    now = timezone.now().replace(second=0, microsecond=0)
    value = Decimal("10")
    first = make_offer(name="Offre A", value=value, valid_from=now, valid_to=now + 5 * DAY)
    last = make_offer(name="Offre B", value=value, valid_from=now, valid_to=now + 9 * DAY)
    page = make_promotion(PromotionIndexPage.objects.get(), "Promo à expirer", [first, last])

    html = unescape(editor.get(f"/admin/pages/{page.pk}/edit/").content.decode())
    proposed = timezone.localtime(last.valid_to)
    assert f"Proposée : le {proposed:%d/%m/%Y à %H:%M} (heure de Paris)" in html
    assert f'name="expire_at" value="{proposed:%d/%m/%Y %H:%M}"' in html


def test_no_expiry_is_proposed_while_an_offer_has_no_end(editor):
    now = timezone.now()
    endless = make_offer(name="Offre sans fin", value=Decimal("10"), valid_from=now)
    page = make_promotion(PromotionIndexPage.objects.get(), "Promo sans fin", [endless])
    html = unescape(editor.get(f"/admin/pages/{page.pk}/edit/").content.decode())
    assert "Proposée : le" not in html


def test_planning_flags_a_promotion_expiring_before_its_offer_ends(admin_client):
    now = timezone.now()
    offer = make_offer(name="Offre prolongée", value=Decimal("10"), valid_to=now + 20 * DAY)
    make_promotion(
        PromotionIndexPage.objects.get(), "Promo trop courte", [offer], expire_at=now + 5 * DAY
    )
    html = unescape(admin_client.get("/admin/planning/").content.decode())
    assert "La promotion « Promo trop courte » expire le" in html
    assert "avant la fin de l'offre « Offre prolongée »" in html
