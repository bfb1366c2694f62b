"""The broken link check: a live page's links to deleted or unpublished pages and to lost
documents, found by the command and the scheduler, listed in the report with the page to
edit. External addresses are never fetched in tests (the setting is off)."""

import io
import urllib.error
from unittest import mock

import pytest
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import Page

from sitehealth.models import BrokenLink
from storefront.models import CategoryPage, HomePage
from tests.conftest import make_product

pytestmark = pytest.mark.django_db

REPORT = "/admin/reports/liens-casses/"


@pytest.fixture
def broken_page(category):
    """A category whose introduction links to an unpublished product, a deleted page and a
    missing document, and to a live page and an external address (both fine)."""
    unpublished = make_product(category, 1)
    unpublished.unpublish()
    deleted = make_product(category, 2)
    deleted_id = deleted.pk
    deleted.delete()
    live = Page.objects.get(slug="catalogue")
    page = CategoryPage(
        title="Catégorie aux liens cassés",
        slug="liens-casses",
        intro=(
            f'<p><a linktype="page" id="{unpublished.pk}">produit retiré</a>, '
            f'<a linktype="page" id="{deleted_id}">page supprimée</a>, '
            '<a linktype="document" id="999999">fiche technique</a>, '
            f'<a linktype="page" id="{live.pk}">catalogue</a>, '
            '<a href="https://fabricant.example/produit">fabricant</a></p>'
        ),
    )
    category.add_child(instance=page)
    page.save_revision().publish()
    return page, unpublished, deleted_id


def problems_of(page):
    return {(row.link, row.problem) for row in BrokenLink.objects.filter(page=page)}


def test_the_command_finds_the_broken_links_of_a_live_page(broken_page):
    page, unpublished, deleted_id = broken_page
    out = io.StringIO()
    with mock.patch("urllib.request.urlopen") as urlopen:
        call_command("check_links", stdout=out)
    urlopen.assert_not_called()  # external links are off unless enabled
    assert problems_of(page) == {
        (f"Page « {unpublished.title} »", "Page dépubliée ou jamais publiée"),
        (f"Page n° {deleted_id}", "Page supprimée"),
        ("Document n° 999999", "Document supprimé"),
    }
    assert {row.place for row in BrokenLink.objects.filter(page=page)} == {"Introduction"}
    assert "lien(s) cassé(s)" in out.getvalue()


def test_links_in_stream_blocks_are_checked_too(broken_page):
    _, _, deleted_id = broken_page
    home = HomePage.objects.get()
    home.body = [
        {
            "type": "featured",
            "value": {
                "heading": "Sélection",
                "items": [
                    {
                        "type": "item",
                        "value": {"page": deleted_id, "title": "", "text": "", "image": None},
                    }
                ],
            },
        }
    ]
    home.save()
    call_command("check_links", stdout=io.StringIO())
    row = BrokenLink.objects.get(page=home)
    assert row.problem == "Page supprimée"
    assert row.place == "Contenu › Sélection de contenus › Contenus › Page mise en avant"


def test_a_fixed_link_leaves_the_report_at_the_next_check(broken_page):
    page, _, _ = broken_page
    call_command("check_links", stdout=io.StringIO())
    assert BrokenLink.objects.filter(page=page).exists()
    page.intro = "<p>Plus aucun lien.</p>"
    page.save_revision().publish()
    call_command("check_links", stdout=io.StringIO())
    assert not BrokenLink.objects.filter(page=page).exists()


def test_the_scheduler_runs_the_check_when_due(broken_page, settings):
    page, _, _ = broken_page
    call_command("run_scheduler", "--once", stdout=io.StringIO())
    assert BrokenLink.objects.filter(page=page).count() == 3
    # Not due again before the interval: a fixed page stays listed until the next check.
    page.intro = "<p>Corrigé.</p>"
    page.save_revision().publish()
    call_command("run_scheduler", "--once", stdout=io.StringIO())
    assert BrokenLink.objects.filter(page=page).count() == 3
    settings.SITEHEALTH_LINK_CHECK_INTERVAL = 0
    call_command("run_scheduler", "--once", stdout=io.StringIO())
    assert not BrokenLink.objects.filter(page=page).exists()


def test_external_links_are_checked_only_when_enabled(broken_page, settings):
    page, _, _ = broken_page
    settings.SITEHEALTH_CHECK_EXTERNAL_LINKS = True
    settings.SITEHEALTH_LINK_TIMEOUT = 3
    error = urllib.error.HTTPError("https://fabricant.example/produit", 404, "Not Found", {}, None)
    with mock.patch("urllib.request.urlopen", side_effect=error) as urlopen:
        call_command("check_links", stdout=io.StringIO())
    request = urlopen.call_args.args[0]
    assert request.get_method() == "HEAD" and urlopen.call_args.kwargs["timeout"] == 3
    assert ("https://fabricant.example/produit", "Adresse externe en erreur (404)") in problems_of(
        page
    )


def test_report_lists_page_link_problem_with_the_edit_link(client, broken_page):
    page, _, deleted_id = broken_page
    call_command("check_links", stdout=io.StringIO())
    assert client.login(username="editeur", password="editeur-demo")
    response = client.get(REPORT)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Liens cassés" in html and "Vérifiés le" in html
    assert page.title in html and reverse("wagtailadmin_pages:edit", args=[page.pk]) in html
    assert f"Page n° {deleted_id}" in html and "Page supprimée" in html
    assert REPORT in client.get("/admin/").content.decode()


def test_report_refused_to_customers(client):
    client.login(username="client", password="client-demo")
    assert client.get(REPORT).status_code in (302, 403)
