"""robots.txt: the editors' rules from the site settings, then the sitemap's absolute URL."""

import pytest

from seo.models import DEFAULT_ROBOTS_RULES, RobotsSettings
from seo.views import robots_lines

pytestmark = pytest.mark.django_db


def test_robots_txt_serves_the_default_rules_and_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "public" in response["Cache-Control"] and "max-age=3600" in response["Cache-Control"]
    text = response.content.decode()
    assert text.startswith("User-agent: *\nDisallow: /admin/\n")
    assert "Disallow: /*?*tri=" in text
    # The demo Site's address, not the "testserver" host the request came in on.
    assert text.endswith("\n\nSitemap: http://localhost/sitemap.xml\n")


def test_edited_rules_are_served_at_once(client, demo_site):
    settings = RobotsSettings.for_site(demo_site)
    settings.rules = "User-agent: *\r\nDisallow: /espace-client/\r\n\r\n\r\n"
    settings.save()
    text = client.get("/robots.txt").content.decode()
    assert text == (
        "User-agent: *\nDisallow: /espace-client/\n\nSitemap: http://localhost/sitemap.xml\n"
    )
    assert "/admin/" not in text


def test_sitemap_line_follows_the_site_scheme_and_port(client, demo_site):
    demo_site.hostname, demo_site.port = "www.negoce.example", 443
    demo_site.save()
    text = client.get("/robots.txt").content.decode()
    assert text.splitlines()[-1] == "Sitemap: https://www.negoce.example/sitemap.xml"
    demo_site.port = 8443
    demo_site.save()
    text = client.get("/robots.txt").content.decode()
    assert text.splitlines()[-1] == "Sitemap: http://www.negoce.example:8443/sitemap.xml"


def test_the_sitemap_line_it_announces_answers(client):
    sitemap_url = client.get("/robots.txt").content.decode().splitlines()[-1].split(" ", 1)[1]
    assert sitemap_url == "http://localhost/sitemap.xml"
    assert client.get("/sitemap.xml").status_code == 200


def test_robots_lines_keeps_the_rules_and_ends_with_one_sitemap_line():
    text = robots_lines(DEFAULT_ROBOTS_RULES, "https://shop.example/sitemap.xml")
    assert text.startswith(DEFAULT_ROBOTS_RULES)
    assert text.count("Sitemap:") == 1
    assert robots_lines("\r\n", "https://shop.example/sitemap.xml") == (
        "Sitemap: https://shop.example/sitemap.xml\n"
    )


def test_the_page_cache_keeps_robots_txt_browser_lifetime(client, settings):
    # The page cache used to rewrite every stored answer to « max-age=0 »: crawlers fetched
    # robots.txt again on every visit.
    settings.STOREFRONT_PAGE_CACHE = True
    for status in ("miss", "hit"):
        response = client.get("/robots.txt")
        assert response["X-Page-Cache"] == status
        directives = dict(
            d.strip().partition("=")[::2] for d in response["Cache-Control"].split(",")
        )
        # The view's hour, at most the entry's own remaining life (a second less, or so).
        assert 3500 < int(directives["max-age"]) <= 3600, response["Cache-Control"]
