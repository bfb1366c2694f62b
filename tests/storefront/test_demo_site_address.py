"""load_demo gives the Wagtail site the address it is served at: canonical URLs and og:url
name the real host, not Wagtail's default « localhost »."""

import io

import pytest
from bs4 import BeautifulSoup
from django.core.management import CommandError, call_command
from django.test import override_settings
from wagtail.models import Site

pytestmark = pytest.mark.django_db


def load_demo(**options):
    call_command("load_demo", allow_production=True, stdout=io.StringIO(), **options)


def canonical_and_og_url(client, url):
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    return (
        soup.find("link", rel="canonical")["href"],
        soup.find("meta", property="og:url")["content"],
    )


def address(site):
    site.refresh_from_db()
    return site.hostname, site.port


def test_site_url_option_sets_host_and_port(client, demo_site):
    load_demo(site_url="https://shop.example.com")
    assert address(demo_site) == ("shop.example.com", 443)
    assert canonical_and_og_url(client, "/catalogue/") == (
        "https://shop.example.com/catalogue/",
        "https://shop.example.com/catalogue/",
    )
    load_demo(site_url="https://shop.example.com/")  # again: nothing changes
    assert address(demo_site) == ("shop.example.com", 443)
    assert Site.objects.count() == 1


@override_settings(WAGTAILADMIN_BASE_URL="http://127.0.0.1:8000")
def test_wagtailadmin_base_url_is_the_default(client, demo_site):
    load_demo()
    assert address(demo_site) == ("127.0.0.1", 8000)
    assert canonical_and_og_url(client, "/actualites/")[0] == "http://127.0.0.1:8000/actualites/"


@pytest.mark.parametrize(
    "url",
    [
        "shop.example.com",
        "ftp://shop.example.com",
        "https://",
        "https://shop.example.com/boutique/",
        "https://shop.example.com:8443",
        "http://shop.example.com:99999",
        "http://shop.example.com:port",
    ],
)
def test_an_address_a_site_cannot_have_is_refused_before_anything_changes(demo_site, url):
    before = address(demo_site)
    with pytest.raises(CommandError, match="Adresse du site invalide"):
        load_demo(site_url=url)
    assert address(demo_site) == before


def test_an_address_another_site_answers_is_refused(demo_site):
    Site.objects.create(hostname="autre.example.com", port=80, root_page=demo_site.root_page)
    with pytest.raises(CommandError, match="Un autre site Wagtail répond déjà"):
        load_demo(site_url="http://autre.example.com")
    assert address(demo_site) == ("localhost", 80)
