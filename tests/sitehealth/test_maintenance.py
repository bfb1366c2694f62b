"""Maintenance banner and closure, through HTTP with the page cache on, at each boundary of
their windows."""

from datetime import datetime, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import pytest

from sitehealth.models import MaintenanceMode, MaintenanceSettings

pytestmark = pytest.mark.django_db

CACHE = "X-Page-Cache"
PARIS = ZoneInfo("Europe/Paris")
BANNER_FROM = datetime(2030, 6, 10, 9, 0, tzinfo=PARIS)
START = datetime(2030, 6, 12, 22, 0, tzinfo=PARIS)
END = datetime(2030, 6, 12, 23, 30, tzinfo=PARIS)
SECOND = timedelta(seconds=1)
ANNOUNCED = "Maintenance prévue le 12 juin 2030 de 22 h 00 à 23 h 30. Les commandes EDI restent"
ONGOING = "Maintenance en cours jusqu&#x27;au 12 juin 2030 à 23 h 30."
CLOSED = "Site en maintenance"


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.STOREFRONT_PAGE_CACHE = True


def at(moment):
    return mock.patch("django.utils.timezone.now", return_value=moment)


def schedule(site, mode, **fields):
    fields = {
        "banner_from": BANNER_FROM,
        "starts_at": START,
        "ends_at": END,
        "banner_message": "Les commandes EDI restent possibles.",
        "mode": mode,
        **fields,
    }
    MaintenanceSettings.objects.update_or_create(site=site, defaults=fields)


def s_maxage(response):
    return int(response["Cache-Control"].split("s-maxage=")[1].split(",")[0])


def test_closed_window_at_its_boundaries(client, demo_site):
    schedule(demo_site, MaintenanceMode.WINDOW)

    with at(BANNER_FROM - SECOND):
        first = client.get("/")
        assert first.status_code == 200 and first[CACHE] == "miss"
        assert "Maintenance prévue" not in first.content.decode()
        cached = client.get("/")
        assert cached[CACHE] == "hit" and s_maxage(cached) <= 1
    with at(BANNER_FROM):
        response = client.get("/")
        assert response[CACHE] == "miss" and ANNOUNCED in response.content.decode()
    with at(START - 2 * SECOND):
        client.get("/")  # cached pages live an hour at most: one stored just before the start
    with at(START - SECOND):
        response = client.get("/")
        assert response[CACHE] == "hit" and ANNOUNCED in response.content.decode()
        assert s_maxage(response) <= 1
    with at(START):
        response = client.get("/")
        assert response.status_code == 503
        assert response["Retry-After"] == str(90 * 60)
        html = response.content.decode()
        assert CLOSED in html and "Réouverture prévue le 12 juin 2030 à 23 h 30" in html
        assert "no-store" in response["Cache-Control"] and CACHE not in response
    with at(END - SECOND):
        response = client.get("/catalogue/")
        assert response.status_code == 503 and response["Retry-After"] == "1"
    with at(END):
        response = client.get("/")
        assert response.status_code == 200 and response[CACHE] == "miss"
        assert "Maintenance" not in response.content.decode()


def test_open_site_shows_the_banner_until_the_end(client, demo_site):
    schedule(demo_site, MaintenanceMode.OPEN)
    with at(START - SECOND):
        assert ANNOUNCED in client.get("/").content.decode()
    with at(START):
        response = client.get("/")
        assert response.status_code == 200 and response[CACHE] == "miss"
        assert ONGOING in response.content.decode()
    with at(END - 2 * SECOND):
        client.get("/")
    with at(END - SECOND):
        response = client.get("/")
        assert response[CACHE] == "hit" and ONGOING in response.content.decode()
    with at(END):
        response = client.get("/")
        assert response[CACHE] == "miss" and "Maintenance" not in response.content.decode()


def test_the_team_keeps_working_while_the_site_is_closed(client, demo_site):
    schedule(demo_site, MaintenanceMode.WINDOW)
    with at(START + SECOND):
        assert client.get("/").status_code == 503
        assert client.get("/admin/login/").status_code == 200
        assert client.get("/healthz")["Content-Type"].startswith("application/json")
        assert client.login(username="editeur", password="editeur-demo")
        page = client.get("/")
        assert page.status_code == 200 and ONGOING in page.content.decode()
        assert client.get("/admin/").status_code == 200


def test_closing_now_turns_away_even_an_already_cached_page(client, demo_site):
    assert client.get("/")[CACHE] == "miss"
    assert client.get("/")[CACHE] == "hit"
    schedule(demo_site, MaintenanceMode.CLOSED, banner_from=None, starts_at=None, ends_at=None)
    response = client.get("/")
    assert response.status_code == 503 and response["Retry-After"] == "3600"
    assert CLOSED in response.content.decode()
    schedule(demo_site, MaintenanceMode.OPEN, banner_from=None, starts_at=None, ends_at=None)
    assert client.get("/").status_code == 200


def test_settings_screen_in_french_and_an_end_before_the_start_refused(client, demo_site):
    assert client.login(username="admin", password="admin-demo")
    url = f"/admin/settings/sitehealth/maintenancesettings/{demo_site.pk}/"
    html = client.get(url).content.decode()
    assert "Afficher le bandeau à partir du" in html and "Fermeture du site" in html
    response = client.post(
        url,
        {
            "starts_at": "2030-06-12 22:00",
            "ends_at": "2030-06-12 21:00",
            "banner_from": "",
            "banner_message": "",
            "mode": MaintenanceMode.WINDOW,
            "closed_message": "",
        },
    )
    assert response.status_code == 200
    assert "La fin de la maintenance doit suivre son début." in response.content.decode()
    assert not MaintenanceSettings.objects.filter(site=demo_site, mode="window").exists()


def test_customers_cached_pages_stop_at_the_closure(client, demo_site):
    # Customers' pages are served from their own cache before the closure is checked
    # (config/settings/base.py): its boundaries and generations must turn them away too.
    schedule(demo_site, MaintenanceMode.WINDOW)
    with at(START - 2 * SECOND):
        assert client.login(username="client", password="client-demo")
        assert client.get("/")[CACHE] == "miss"
    with at(START - SECOND):
        response = client.get("/")
        assert response[CACHE] == "hit" and ANNOUNCED in response.content.decode()
    with at(START):
        response = client.get("/")
        assert response.status_code == 503 and CLOSED in response.content.decode()
    with at(END):
        response = client.get("/")
        assert response.status_code == 200 and response[CACHE] == "miss"


def test_closing_now_turns_away_a_customers_cached_page(client, demo_site):
    assert client.login(username="client", password="client-demo")
    assert client.get("/")[CACHE] == "miss"
    assert client.get("/")[CACHE] == "hit"
    schedule(demo_site, MaintenanceMode.CLOSED, banner_from=None, starts_at=None, ends_at=None)
    response = client.get("/")
    assert response.status_code == 503 and CLOSED in response.content.decode()
