"""Previewing the site at a date (core/preview.py): the team only, kept across clicks
until they leave, always announced by the banner, and never cached."""

from datetime import timedelta
from html import unescape

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from core.preview import SESSION_KEY
from storefront.models import ProductPage

pytestmark = pytest.mark.django_db

BANNER = "Aperçu du site au"
LEAVE = "Quitter l'aperçu"
CACHE = "X-Page-Cache"
NEXT_YEAR = "2027-01-02T08:00"  # SF-00101: 9,90 € in 2026, 10,25 € from 2027 (demo prices)
TODAY_PRICE = "9,90\u00a0€"
NEXT_YEAR_PRICE = "10,25\u00a0€"


@pytest.fixture
def product():
    return ProductPage.objects.get(sku="SF-00101")


@pytest.fixture
def editor(client):
    client.login(username="editeur", password="editeur-demo")
    return client


def html(response):
    return unescape(response.content.decode())


def test_the_preview_follows_the_editor_from_page_to_page_until_they_leave(
    editor, product, public_prices
):
    first = html(editor.get(product.url, {"at": NEXT_YEAR}))
    assert NEXT_YEAR_PRICE in first and f"{BANNER} 2 janvier 2027 à 08:00" in first
    assert f'<a href="{product.url}?at=">{LEAVE}</a>' in first
    # Links followed without ?at=: still 2 January 2027, and the banner says so.
    again = html(editor.get(product.url))
    assert NEXT_YEAR_PRICE in again and TODAY_PRICE not in again and BANNER in again
    for url in ("/", "/catalogue/", "/promotions/", "/actualites/", "/search/?q=huile"):
        assert BANNER in html(editor.get(url)), url
    # « Quitter l'aperçu »: today's site, on this page and the next ones.
    left = html(editor.get(product.url, {"at": ""}))
    assert TODAY_PRICE in left and BANNER not in left
    later = html(editor.get(product.url))
    assert TODAY_PRICE in later and BANNER not in later


def test_a_new_date_replaces_the_previewed_one_and_a_wrong_one_ends_the_preview(
    editor, product, public_prices
):
    editor.get(product.url, {"at": NEXT_YEAR})
    assert "1 mars 2027" in html(editor.get("/", {"at": "2027-03-01"}))
    assert "1 mars 2027" in html(editor.get("/catalogue/"))
    ended = html(editor.get(product.url, {"at": "2027-02-30"}))
    assert TODAY_PRICE in ended and BANNER not in ended
    assert BANNER not in html(editor.get("/"))


def test_previews_are_never_cached_nor_served_from_the_cache(
    client, editor, product, public_prices, settings
):
    settings.STOREFRONT_PAGE_CACHE = True
    anonymous = type(client)()
    anonymous.get(product.url)
    assert anonymous.get(product.url)[CACHE] == "hit"
    for response in (editor.get(product.url, {"at": NEXT_YEAR}), editor.get(product.url)):
        assert NEXT_YEAR_PRICE in html(response)
        assert CACHE not in response
        assert "no-store" in response["Cache-Control"]
        assert "private" in response["Cache-Control"]
        assert "public" not in response["Cache-Control"]
    # The brochure of a previewing editor is the previewed one, and private too.
    category = product.get_parent()
    brochure = editor.get(f"/plaquettes/{category.pk}/")
    assert "no-store" in brochure["Cache-Control"]
    # Nothing the editor saw was stored for anyone else.
    shared = anonymous.get(product.url)
    assert shared[CACHE] == "hit" and NEXT_YEAR_PRICE not in html(shared)
    assert BANNER not in html(shared)


def test_home_blocks_are_those_of_the_preview_date_not_the_shared_ones(client, editor):
    # The « Rentrée » demo offer starts in 10 days and lasts 30; the home page's blocks are
    # shared fragments for anonymous visitors (core/fragments.py).
    anonymous = type(client)()
    assert "Rentrée" not in html(anonymous.get("/"))
    in_two_weeks = timezone.localtime() + timedelta(days=15)
    previewed = html(editor.get("/", {"at": in_two_weeks.strftime("%Y-%m-%dT%H:%M")}))
    assert "Rentrée : −20 % sur la vente à emporter" in previewed
    assert "Rentrée" not in html(anonymous.get("/"))
    assert "Rentrée" in html(editor.get("/"))


def test_anonymous_visitors_and_customers_get_todays_site(client, product, public_prices):
    for response in (
        client.get(product.url, {"at": NEXT_YEAR}),
        client.get(product.url, {"at": NEXT_YEAR}),  # from the page cache, if it is on
    ):
        assert TODAY_PRICE in html(response) and BANNER not in html(response)
    client.login(username="client", password="client-demo")
    response = client.get(product.url, {"at": NEXT_YEAR})
    assert NEXT_YEAR_PRICE not in html(response) and BANNER not in html(response)
    assert SESSION_KEY not in client.session


def test_djangos_staff_flag_without_admin_access_does_not_preview(client, product, public_prices):
    flag_only = get_user_model().objects.create_user("drapeau", is_staff=True)
    client.force_login(flag_only)
    response = html(client.get(product.url, {"at": NEXT_YEAR}))
    assert TODAY_PRICE in response and BANNER not in response


def test_an_editor_who_loses_admin_access_is_back_to_today(editor, product, public_prices):
    assert NEXT_YEAR_PRICE in html(editor.get(product.url, {"at": NEXT_YEAR}))
    user = get_user_model().objects.get(username="editeur")
    user.groups.remove(Group.objects.get(name="Éditeurs"))
    response = html(editor.get(product.url))
    assert TODAY_PRICE in response and BANNER not in response
