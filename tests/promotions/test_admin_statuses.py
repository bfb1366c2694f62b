"""Issue 13, item 4: listings say Brouillon / Programmée le … / En cours / Terminée, and
values with their unit; a promotion's « Offres présentées » shows windows and statuses."""

import re
from datetime import timedelta
from decimal import Decimal
from html import unescape
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from promotions.models import DiscountKind, PromotionIndexPage
from tests.conftest import make_price_list, make_product
from tests.promotions.test_offers import make_offer
from tests.promotions.test_promotion_pages import make_promotion

pytestmark = pytest.mark.django_db

DAY = timedelta(days=1)
PARIS = ZoneInfo("Europe/Paris")
PRICE_LISTS = "/admin/snippets/promotions/pricelist/"
OFFERS = "/admin/snippets/promotions/offer/"


@pytest.fixture
def editor(client):
    client.login(username="editeur", password="editeur-demo")
    return client


@pytest.fixture
def product(category):
    return make_product(category, 1)


def listing_row(editor, url, name):
    """The text of the listing's row for `name`, spaces collapsed."""
    html = unescape(editor.get(url).content.decode())
    rows = [row for row in re.findall(r"<tr.*?</tr>", html, re.S) if f">{name}<" in row]
    assert len(rows) == 1, f"no single row for {name}"
    return " ".join(re.sub(r"<[^>]+>", " ", rows[0]).split())


def test_price_list_statuses(editor, product):
    now = timezone.now()
    start = (now + 3 * DAY).replace(second=0, microsecond=0)
    make_price_list({product: Decimal("1")}, name="Tarif brouillon", publish=False)
    make_price_list({product: Decimal("1")}, name="Tarif en cours", valid_from=now - DAY)
    make_price_list(
        {product: Decimal("1")},
        name="Tarif terminé",
        valid_from=now - 3 * DAY,
        valid_to=now - DAY,
    )
    make_price_list({product: Decimal("1")}, name="Tarif programmé", valid_from=start)
    scheduled = make_price_list(
        {product: Decimal("1")}, name="Tarif planifié", valid_from=now - DAY, publish=False
    )
    scheduled.go_live_at = start
    scheduled.save_revision().publish()  # Wagtail schedules it: not live yet

    paris = timezone.localtime(start, PARIS).strftime("%d/%m/%Y à %H:%M")
    assert listing_row(editor, PRICE_LISTS, "Tarif brouillon").endswith("Brouillon")
    assert listing_row(editor, PRICE_LISTS, "Tarif en cours").endswith("En cours")
    assert listing_row(editor, PRICE_LISTS, "Tarif terminé").endswith("Terminée")
    assert listing_row(editor, PRICE_LISTS, "Tarif programmé").endswith(f"Programmée le {paris}")
    assert listing_row(editor, PRICE_LISTS, "Tarif planifié").endswith(f"Programmée le {paris}")
    # The window in Paris time, not booleans.
    row = listing_row(editor, PRICE_LISTS, "Tarif programmé")
    assert f"à partir du {paris}, sans fin" in row
    assert "True" not in row and "False" not in row


def test_offer_values_have_their_unit(editor, product):
    make_offer(name="Remise vingt", kind=DiscountKind.PERCENT, value=Decimal("20"))
    make_offer(name="Remise demi", kind=DiscountKind.PERCENT, value=Decimal("12.5"))
    make_offer(name="Remise montant", kind=DiscountKind.AMOUNT, value=Decimal("3.5"))
    make_offer(name="Prix net", kind=DiscountKind.FIXED_PRICE, value=Decimal("9.9"), publish=False)

    assert "20 % Tous les visiteurs" in listing_row(editor, OFFERS, "Remise vingt")
    assert "12,5 %" in listing_row(editor, OFFERS, "Remise demi")
    assert "3,50 € HT" in listing_row(editor, OFFERS, "Remise montant")
    row = listing_row(editor, OFFERS, "Prix net")
    assert "9,90 € HT" in row and row.endswith("Brouillon")
    assert "0000" not in row


def test_presented_offers_show_window_and_status_and_hide_ended_ones(editor):
    now = timezone.now()
    ten = Decimal("10")
    running = make_offer(
        name="Offre courante", value=ten, valid_from=now - DAY, valid_to=now + 5 * DAY
    )
    ended = make_offer(name="Offre finie", value=ten, valid_from=now - 5 * DAY, valid_to=now - DAY)
    make_offer(
        name="Offre finie non choisie", value=ten, valid_from=now - 5 * DAY, valid_to=now - DAY
    )
    page = make_promotion(PromotionIndexPage.objects.get(), "Promo statuts", [running, ended])

    html = unescape(editor.get(f"/admin/pages/{page.pk}/edit/").content.decode())
    start, end = (
        timezone.localtime(moment, PARIS).strftime("%d/%m/%Y à %H:%M")
        for moment in (running.valid_from, running.valid_to)
    )
    assert f"Offre courante — du {start} au {end} — En cours" in html
    assert re.search(r"Offre finie — du [^<]+ — Terminée", html)  # chosen: shown, marked
    assert "Offre finie non choisie" not in html  # not offered any more
    assert 'type="checkbox" name="offers"' in html  # ticked, not Ctrl-clicked
