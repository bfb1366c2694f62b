"""A cache outage slows the site down but never takes it down, nor brings back stale pages."""

import time
from unittest import mock

import pytest
from django.core.cache.backends.base import BaseCache
from django.core.cache.backends.locmem import LocMemCache
from django.test import override_settings
from django.urls import reverse

from enquiries.models import AccountRequest, QuoteRequest
from news.models import NewsIndexPage, NewsPage
from promotions.models import PromotionIndexPage, PromotionPage
from showroom.models import ClientSpacePage
from storefront.models import CatalogueIndexPage, CategoryPage, HomePage, ProductPage
from tests.enquiries.test_account_requests import FORM as ACCOUNT_REQUEST
from tests.enquiries.test_quote_requests import quote_data

pytestmark = pytest.mark.django_db

CACHE = "X-Page-Cache"


def outage():
    return ConnectionError("Error 111 connecting to redis:6379. Connection refused.")


class DownCache(BaseCache):
    """A cache server that refuses every connection, counting the attempts."""

    calls = 0

    def __init__(self, location, params):
        super().__init__(params)

    def _refuse(self, *args, **kwargs):
        DownCache.calls += 1
        raise outage()

    add = get = set = touch = delete = get_many = has_key = incr = _refuse
    set_many = delete_many = clear = _refuse


def refused_while_down(method):
    def call(self, *args, **kwargs):
        if type(self).down:
            raise outage()
        return method(self, *args, **kwargs)

    return call


class SwitchableCache(LocMemCache):
    """Local memory that can be cut off, and comes back with what it held."""

    down = False

    add = refused_while_down(LocMemCache.add)
    get = refused_while_down(LocMemCache.get)
    set = refused_while_down(LocMemCache.set)
    touch = refused_while_down(LocMemCache.touch)
    delete = refused_while_down(LocMemCache.delete)
    get_many = refused_while_down(LocMemCache.get_many)
    incr = refused_while_down(LocMemCache.incr)
    has_key = refused_while_down(LocMemCache.has_key)
    set_many = refused_while_down(LocMemCache.set_many)
    delete_many = refused_while_down(LocMemCache.delete_many)
    clear = refused_while_down(LocMemCache.clear)


def fail_soft(backend, location="outage", **options):
    return {
        "default": {
            "BACKEND": "core.cache_backend.FailSoftCache",
            "LOCATION": location,
            "OPTIONS": {"BACKEND": backend, **options},
        }
    }


# Every call reaches the dead server: nothing is skipped that could hide a failing call.
CACHE_DOWN = fail_soft(f"{__name__}.DownCache", RETRY_AFTER=0)


@pytest.fixture
def page_cache_on(settings):
    settings.STOREFRONT_PAGE_CACHE = True


@pytest.fixture
def cache_down(page_cache_on):
    with override_settings(CACHES=CACHE_DOWN):
        yield


@pytest.fixture
def switchable_cache(page_cache_on):
    with override_settings(CACHES=fail_soft(f"{__name__}.SwitchableCache", RETRY_AFTER=0)):
        yield SwitchableCache
    SwitchableCache.down = False


def body(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode()


def public_pages():
    """One live page of each type a visitor reads, with a text it must show."""
    pages = [
        HomePage.objects.get(),
        CatalogueIndexPage.objects.get(),
        CategoryPage.objects.live().first(),
        ProductPage.objects.live().first(),
        PromotionIndexPage.objects.get(),
        PromotionPage.objects.live().get(title="Exclusivité Web : le couteau de chef"),
        NewsIndexPage.objects.get(),
        NewsPage.objects.live().filter(go_live_at=None, expire_at=None).first(),
    ]
    return [(page.url, page.title) for page in pages]


OTHER_GETS = [
    ("/search/?q=huile", "Huile"),
    ("/sitemap.xml", "sitemap"),
    ("/sitemap-pages.xml", "<urlset"),
    ("/robots.txt", "Sitemap:"),
    ("/feeds/products.xml", "<rss"),
    ("/feeds/promotions.xml", "<rss"),
    ("/feeds/actualites.xml", "<rss"),
    ("/devis/", "Demande de devis"),
    ("/compte-pro/", "Ouvrir un compte professionnel"),
    ("/account/login/", "Espace client"),
]


def test_every_public_page_is_served_from_the_database(client, cache_down):
    for url, text in public_pages() + OTHER_GETS:
        for _ in range(2):  # a second visit cannot be served from a cache that is not there
            response = client.get(url)
            assert response.status_code == 200, url
            assert response.get(CACHE) != "hit", url
            assert text.lower() in body(response).lower(), url
    assert DownCache.calls > 0


def test_forms_are_accepted_and_rate_limits_fail_open(client, cache_down, settings):
    settings.REQUEST_RATE_LIMITS = {"quote_request": (1, 600), "account_request": (1, 3600)}
    product = ProductPage.objects.live().first()
    for number in range(2):  # over the limit: the count is lost with the cache, not the lead
        response = client.post(
            "/devis/",
            quote_data([(product.sku, 2)], email=f"acheteur{number}@example.com"),
            REMOTE_ADDR="192.0.2.50",
        )
        assert response.status_code == 302
        assert client.get(response.url).status_code == 200
    assert QuoteRequest.objects.filter(email__startswith="acheteur").count() == 2

    response = client.post("/compte-pro/", ACCOUNT_REQUEST, REMOTE_ADDR="192.0.2.50")
    assert response.status_code == 302
    assert AccountRequest.objects.filter(email=ACCOUNT_REQUEST["email"]).exists()


def test_customer_logs_in_and_reads_their_space(client, cache_down):
    response = client.post(
        "/account/login/", {"username": "client", "password": "client-demo"}, follow=True
    )
    assert response.status_code == 200
    space = ClientSpacePage.objects.live().get()
    assert response.redirect_chain[-1][0] == space.url
    assert space.title in response.content.decode()
    product = ProductPage.objects.live().first()
    assert client.get(product.url).status_code == 200


def test_healthz_says_the_cache_is_down(client, cache_down):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    checks = response.json()["checks"]
    assert checks["database"] == "ok" and checks["cache"] == "error"


def test_editor_works_and_publishes(client, cache_down):
    client.login(username="editeur", password="editeur-demo")
    assert client.get("/admin/").status_code == 200
    home = HomePage.objects.get()
    assert client.get(f"/admin/pages/{home.pk}/edit/").status_code == 200
    response = client.post(
        f"/admin/pages/{home.pk}/edit/",
        {"title": "Accueil pendant la panne", "slug": home.slug, "body-count": "0"}
        | {"action-publish": "publish"},
    )
    assert response.status_code == 302
    assert HomePage.objects.get().title == "Accueil pendant la panne"
    client.logout()
    assert "Accueil pendant la panne" in client.get("/").content.decode()


def test_a_publish_during_an_outage_is_not_undone_when_the_cache_comes_back(
    client, switchable_cache, django_capture_on_commit_callbacks, settings
):
    settings.STOREFRONT_GENERATION_COPY_TIMEOUT = 5
    client.get("/")
    assert client.get("/")[CACHE] == "hit"

    switchable_cache.down = True
    editor = client.__class__()
    editor.login(username="editeur", password="editeur-demo")
    home = HomePage.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = editor.post(
            f"/admin/pages/{home.pk}/edit/",
            {"title": "Accueil publié pendant la panne", "slug": home.slug, "body-count": "0"}
            | {"action-publish": "publish"},
        )
    assert response.status_code == 302
    during = client.get("/")
    assert during.get(CACHE) != "hit"
    assert "Accueil publié pendant la panne" in during.content.decode()

    # The cache comes back with the pages and the generation it held before the outage. The
    # database has the generation of the publish: once the cache's copy of the generation
    # has lived its few seconds, the old pages are never served again.
    switchable_cache.down = False
    later = time.time() + settings.STOREFRONT_GENERATION_COPY_TIMEOUT + 1
    with mock.patch("django.core.cache.backends.locmem.time") as clock:
        clock.time.return_value = later
        after = client.get("/")
        assert after[CACHE] == "miss"
        assert "Accueil publié pendant la panne" in after.content.decode()
        assert client.get("/")[CACHE] == "hit"


def test_a_dead_server_is_left_alone_for_a_few_seconds(client, page_cache_on, caplog):
    product = ProductPage.objects.live().first()
    calls = DownCache.calls
    dead = fail_soft(f"{__name__}.DownCache", location=f"dead-{time.monotonic_ns()}")
    # A clock that stands still while the pages render: on a loaded machine three pages may
    # take longer than the pause itself.
    started = time.monotonic()
    with override_settings(CACHES=dead), mock.patch("core.cache_backend.time") as clock:
        clock.monotonic.return_value = started
        for url in ("/", product.url, "/search/?q=huile"):
            assert client.get(url).status_code == 200
        # One attempt, then every call of these three pages answered as a miss at once.
        assert DownCache.calls == calls + 1
        assert len([r for r in caplog.records if "Cache injoignable" in r.getMessage()]) == 1
        clock.monotonic.return_value = started + 10
        assert client.get("/").status_code == 200
        assert DownCache.calls == calls + 2


def test_a_real_redis_server_that_is_down(client, page_cache_on):
    redis_down = fail_soft(
        "django.core.cache.backends.redis.RedisCache",
        # Port 1 (tcpmux): no Redis server there, every connection is refused.
        location="redis://127.0.0.1:1/0",
        RETRY_AFTER=0,
        socket_connect_timeout=0.5,
        socket_timeout=0.5,
    )
    product = ProductPage.objects.live().first()
    with override_settings(CACHES=redis_down):
        for url in ("/", product.url, "/search/?q=huile", reverse("quote_request")):
            assert client.get(url).status_code == 200, url
        response = client.post("/devis/", quote_data([(product.sku, 1)]), REMOTE_ADDR="192.0.2.9")
        assert response.status_code == 302
        assert client.get("/healthz").json()["checks"]["cache"] == "error"
