"""Page titles as search engines and social networks read them: « Catalogue — <site name> »,
never a separator with nothing after it."""

import io

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command

from storefront.models import CompanySettings

pytestmark = pytest.mark.django_db


def titles(client, url):
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    og_title = soup.find("meta", property="og:title")
    og_site_name = soup.find("meta", property="og:site_name")
    return (
        soup.title.string,
        og_title["content"] if og_title else None,
        og_site_name["content"] if og_site_name else None,
    )


def rename(site, site_name=None, company_name=None):
    if site_name is not None:
        site.site_name = site_name
        site.save()
    if company_name is not None:
        company = CompanySettings.for_site(site)
        company.name = company_name
        company.save()


@pytest.mark.parametrize(
    ("url", "title"),
    [("/catalogue/", "Catalogue"), ("/actualites/", "Actualités"), ("/promotions/", "Promotions")],
)
def test_demo_titles_end_with_the_site_name(client, demo_site, url, title):
    assert titles(client, url) == (
        f"{title} — Storefront Négoce",
        f"{title} — Storefront Négoce",
        "Storefront Négoce",
    )


def test_a_site_without_a_name_signs_with_the_company_name(client, demo_site):
    rename(demo_site, site_name="", company_name="Négoce Martin")
    assert titles(client, "/catalogue/") == (
        "Catalogue — Négoce Martin",
        "Catalogue — Négoce Martin",
        "Négoce Martin",
    )


def test_no_dangling_separator_when_there_is_no_name_at_all(client, demo_site):
    rename(demo_site, site_name="", company_name="")
    title, og_title, _ = titles(client, "/catalogue/")
    assert (title, og_title) == ("Catalogue", "Catalogue")
    # Pages outside Wagtail's tree (forms, search) too.
    assert titles(client, "/devis/")[0] == "Demande de devis"


def test_the_page_seo_title_is_used_as_it_is(client, demo_site):
    assert titles(client, "/")[0] == "Storefront Négoce – grossiste pour les professionnels"


def test_load_demo_names_a_site_without_a_name_and_keeps_a_chosen_one(demo_site):
    def load_demo():
        call_command(
            "load_demo", allow_production=True, site_url="http://localhost", stdout=io.StringIO()
        )
        demo_site.refresh_from_db()

    rename(demo_site, site_name="")
    load_demo()
    assert demo_site.site_name == "Storefront Négoce"
    rename(demo_site, site_name="Mon négoce")
    load_demo()
    assert demo_site.site_name == "Mon négoce"
