"""Nothing of a space leaks through search, sitemaps, feeds, JSON-LD or menus."""

import re

import pytest

from showroom.models import ClientSpaceIndexPage
from storefront.models import HomePage

pytestmark = pytest.mark.django_db


def assert_absent(html, space, index=True):
    assert space.url not in html
    assert "Zanzibar" not in html
    if index:
        assert ClientSpaceIndexPage.objects.get().url not in html


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_search_does_not_find_a_space(client, space, client_user):
    # Logged in or not: the site search lists public pages only.
    for login in (False, True):
        if login:
            client.force_login(client_user)
        html = client.get("/search/", {"q": "Zanzibar Bienvenue"}).content.decode()
        html = html.replace("Zanzibar Bienvenue", "")  # the query echoed in the search box
        # A logged-in customer's header links to their own (demo) space, not to this one.
        assert_absent(html, space, index=not login)


def test_sitemaps_do_not_list_spaces(client, space):
    index = client.get("/sitemap.xml").content.decode()
    assert_absent(index, space)
    sections = re.findall(r"<loc>https?://[^/]+(/[^<]+)</loc>", index)
    assert sections
    for path in sections:
        response = client.get(path)
        assert response.status_code == 200
        assert_absent(response.content.decode(), space)


@pytest.mark.parametrize("feed", ["/feeds/products.xml", "/feeds/promotions.xml"])
def test_feeds_do_not_mention_spaces(client, space, feed):
    response = client.get(feed)
    assert response.status_code == 200
    assert_absent(body(response).decode(), space)


def test_other_pages_json_ld_and_menus_do_not_mention_spaces(client, space, priced_product):
    home = HomePage.objects.get()
    for page in (home, priced_product, priced_product.get_parent()):
        html = client.get(page.url).content.decode()
        scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
        assert scripts
        assert_absent(html, space)


def test_spaces_are_never_in_menus(space):
    assert not space.show_in_menus
    assert not ClientSpaceIndexPage.objects.get().show_in_menus
