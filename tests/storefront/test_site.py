import subprocess
import sys

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from wagtail.models import Page, Revision, Site

from promotions.models import PriceLine, PriceList
from storefront.models import HomePage, NavigationSettings, ProductPage
from tests.conftest import load_demo


@pytest.mark.django_db
def test_home_page_renders_with_company_footer_and_menu(client, demo_site):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="fr">' in html
    assert 'href="#contenu"' in html  # skip link
    assert "Storefront Négoce – grossiste pour les professionnels</title>" in html
    assert "12 rue des Entrepôts" in html
    assert 'aria-label="Navigation principale"' in html
    assert "format-webp" in html  # hero rendition


@pytest.mark.django_db
def test_home_page_is_the_default_site_root(demo_site):
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    assert not Page.objects.filter(title__startswith="Welcome").exists()


@pytest.mark.django_db
def test_missing_page_is_a_french_404_page(client, demo_site):
    response = client.get("/cette-page-n-existe-pas/")
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()
    assert "Storefront Négoce" in response.content.decode()


def test_server_error_page_is_standalone():
    from django.template.loader import render_to_string

    assert "Une erreur est survenue" in render_to_string("500.html")


@pytest.mark.django_db
def test_load_demo_is_idempotent(demo_site):
    from wagtail.images import get_image_model

    def snapshot():
        return (
            Page.objects.count(),
            Revision.objects.count(),
            get_image_model().objects.count(),
            get_user_model().objects.count(),
            PriceList.objects.count(),
            PriceLine.objects.count(),
            ProductPage.objects.count(),
            len(NavigationSettings.for_site(demo_site).main_menu),
            list(Page.objects.values_list("path", "title", "latest_revision_id")),
        )

    before = snapshot()
    load_demo()
    assert snapshot() == before


@pytest.mark.django_db
def test_load_demo_creates_editor_and_customer_accounts(client, demo_site):
    User = get_user_model()
    editor = User.objects.get(username="editeur")
    assert editor.groups.filter(name="Éditeurs").exists()
    assert editor.has_perm("wagtailadmin.access_admin")
    assert not User.objects.get(username="client").has_perm("wagtailadmin.access_admin")
    assert client.login(username="editeur", password="editeur-demo")
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_load_demo_refuses_to_run_without_debug(db):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="DEBUG"):
        call_command("load_demo")


@pytest.mark.django_db
def test_admin_login_page_speaks_french(client):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="fr"' in html
    assert "Se connecter" in html or "S'identifier" in html


@pytest.mark.django_db
def test_customer_login_page(client, demo_site):
    response = client.get("/account/login/")
    assert response.status_code == 200
    assert "Espace client" in response.content.decode()
    response = client.post(
        "/account/login/", {"username": "client", "password": "mauvais"}, follow=False
    )
    assert response.status_code == 200  # the form comes back with its error
    assert "Saisissez" in response.content.decode()
    response = client.post("/account/login/", {"username": "client", "password": "client-demo"})
    assert response.status_code == 302


@pytest.mark.django_db
def test_password_reset_sends_a_french_email(client, demo_site, mailoutbox):
    response = client.post(
        "/account/password-reset/", {"email": "achats@restaurant-dupont.example"}
    )
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert "/account/password-reset/" in mailoutbox[0].body
    assert mailoutbox[0].subject == "Réinitialisation de votre mot de passe"


def _production_settings(secret_key):
    code = "import django; django.setup()"
    env = {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secret_key,
        "PATH": "/usr/bin:/bin",
    }
    return subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
    )


def test_production_settings_refuse_an_empty_secret_key():
    result = _production_settings("")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_settings_accept_a_real_secret_key():
    result = _production_settings("k" * 20 + "3f9a-Zx81_qLmW0pR7tYb2cVnE5uHs4jKd6gT")
    assert result.returncode == 0, result.stderr
