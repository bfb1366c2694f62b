"""The 404 log: counted cheaply and anonymously, noise left out, bounded, and turned into a
redirect from the admin report in one step."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import DatabaseError
from django.urls import reverse
from django.utils import timezone
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page

from sitehealth.models import NotFoundPath

pytestmark = pytest.mark.django_db

REPORT = "/admin/reports/404/"


def test_a_404_is_counted_by_address_with_the_referrer_host_only(client):
    response = client.get(
        "/ancien-catalogue/", HTTP_REFERER="https://forum.example/sujet?email=jean@example.com"
    )
    assert response.status_code == 404
    client.get("/ancien-catalogue/?email=jean@example.com&nom=Dupont")

    row = NotFoundPath.objects.get()
    assert row.path == "/ancien-catalogue/"
    assert row.hits == 2
    # The second request had no referrer: the last one known is kept.
    assert row.referrer_host == "forum.example"
    assert row.last_seen >= row.first_seen
    stored = " ".join(str(value) for value in NotFoundPath.objects.values_list().get())
    assert "jean" not in stored and "Dupont" not in stored and "127.0.0.1" not in stored


def test_one_statement_per_404(client, django_assert_max_num_queries):
    client.get("/ancien-catalogue/")
    with django_assert_max_num_queries(100) as queries:
        client.get("/ancien-catalogue/")
    logged = [query["sql"] for query in queries.captured_queries if "sitehealth" in query["sql"]]
    assert len(logged) == 1 and "INSERT" in logged[0].upper()


@pytest.mark.parametrize(
    "path",
    [
        "/wp-admin/setup-config.php",
        "/wp-login.php",
        "/.env",
        "/xmlrpc.php",
        "/.git/config",
        "/admin/pages/999999/",
        "/" + "x" * 300 + "/",
    ],
)
def test_robot_noise_and_admin_addresses_are_not_counted(client, path):
    client.get(path)
    assert not NotFoundPath.objects.exists()


def test_redirected_and_slash_completed_addresses_are_not_404s(client):
    Redirect.objects.create(old_path="/ancienne-page", redirect_link="/catalogue/")
    assert client.get("/ancienne-page/").status_code == 301
    assert client.get("/catalogue").status_code == 301
    assert not NotFoundPath.objects.exists()


def test_the_visitor_gets_the_404_page_when_the_log_cannot_be_written(client):
    with mock.patch("sitehealth.not_found.record", side_effect=DatabaseError("base en panne")):
        response = client.get("/ancien-catalogue/")
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()


def test_the_scheduler_keeps_the_most_recently_asked_addresses(client, settings):
    settings.SITEHEALTH_404_MAX_ROWS = 2
    now = timezone.now()
    for age, path in enumerate(["/recent/", "/moins-recent/", "/ancien/"]):
        seen = now - timedelta(days=age)
        NotFoundPath.objects.create(path=path, first_seen=seen, last_seen=seen)

    call_command("run_scheduler", "--once", stdout=mock.MagicMock())

    assert set(NotFoundPath.objects.values_list("path", flat=True)) == {
        "/recent/",
        "/moins-recent/",
    }


@pytest.fixture
def editor(client):
    assert client.login(username="editeur", password="editeur-demo")
    return client


def test_editor_redirects_a_404_to_a_page_from_the_report(editor, client):
    for _ in range(3):
        client.get("/promo-ete/")
    client.get("/autre-adresse/")
    target = Page.objects.get(slug="catalogue")

    report = editor.get(REPORT)
    html = report.content.decode()
    assert report.status_code == 200
    assert "Pages introuvables (404)" in html
    # Most asked first, with its count and the one-step action.
    assert html.index("/promo-ete/") < html.index("/autre-adresse/")
    row = NotFoundPath.objects.get(path="/promo-ete/")
    action = reverse("sitehealth_not_found_redirect", args=[row.pk])
    assert action in html and "Créer une redirection" in html

    form = editor.get(action)
    assert form.status_code == 200
    assert "Rediriger /promo-ete/" in form.content.decode()

    response = editor.post(
        action,
        {"old_path": "/ignored-by-the-view/", "is_permanent": "on", "redirect_page": target.pk},
    )
    assert response.status_code == 302 and response["Location"] == REPORT

    redirect = Redirect.objects.get()
    assert redirect.old_path == "/promo-ete"
    assert redirect.redirect_page_id == target.pk and redirect.is_permanent
    html = editor.get(REPORT).content.decode()
    assert "/promo-ete/" not in html and "/autre-adresse/" in html

    editor.logout()
    visitor = client.get("/promo-ete/")
    assert visitor.status_code == 301 and visitor["Location"].endswith("/catalogue/")


def test_a_404_can_go_to_an_address_too(editor):
    editor.get("/tarifs-2024.pdf")
    row = NotFoundPath.objects.get()
    response = editor.post(
        reverse("sitehealth_not_found_redirect", args=[row.pk]),
        {"old_path": row.path, "redirect_link": "https://docs.example/tarifs.pdf"},
    )
    assert response.status_code == 302
    assert Redirect.objects.get().redirect_link == "https://docs.example/tarifs.pdf"


def test_a_redirect_without_destination_is_refused(editor):
    editor.get("/promo-ete/")
    row = NotFoundPath.objects.get()
    response = editor.post(
        reverse("sitehealth_not_found_redirect", args=[row.pk]), {"old_path": row.path}
    )
    assert response.status_code == 200
    assert "Choisissez la page du site ou l&#x27;adresse" in response.content.decode()
    assert not Redirect.objects.exists()
    assert NotFoundPath.objects.get().redirect is None


def test_deleting_the_redirect_brings_the_row_back(editor):
    editor.get("/promo-ete/")
    row = NotFoundPath.objects.get()
    editor.post(
        reverse("sitehealth_not_found_redirect", args=[row.pk]),
        {"old_path": row.path, "redirect_link": "https://docs.example/"},
    )
    assert "/promo-ete/" not in editor.get(REPORT).content.decode()
    Redirect.objects.get().delete()
    assert "/promo-ete/" in editor.get(REPORT).content.decode()


def test_report_is_in_the_reports_menu_and_refused_to_customers(client, editor):
    assert REPORT in editor.get("/admin/").content.decode()
    editor.logout()
    client.login(username="client", password="client-demo")
    assert client.get(REPORT).status_code in (302, 403)
    client.get("/promo-ete/")
    row = NotFoundPath.objects.get()
    response = client.get(reverse("sitehealth_not_found_redirect", args=[row.pk]))
    assert response.status_code in (302, 403)


def test_csv_export(editor):
    editor.get("/promo-ete/")
    response = editor.get(REPORT + "?export=csv")
    assert response.status_code == 200
    content = b"".join(response.streaming_content).decode()
    assert "Adresse demandée" in content and "/promo-ete/" in content
