"""Content-Security-Policy and Permissions-Policy on the public site and in the Wagtail admin."""

import base64
import hashlib
import re
import runpy
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from wagtail.embeds.finders import get_finders

from core import health
from news.models import NewsPage
from promotions.models.pages import PromotionPage
from showroom.models import ClientSpacePage
from storefront.models import CategoryPage, ProductPage

pytestmark = pytest.mark.django_db

CSP = "Content-Security-Policy"
PERMISSIONS = "Permissions-Policy"
UNSAFE = ("'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "*", "data:", "http:", "https:")


def policy(response):
    """The enforced CSP of a response as {directive: [sources]}."""
    assert CSP in response, f"no {CSP} header"
    directives = {}
    for part in response[CSP].split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


def first_live(model):
    return model.objects.live().public().order_by("path").first()


@pytest.fixture
def public_urls(demo_site):
    urls = [
        "/",
        "/catalogue/",
        first_live(CategoryPage).url,
        first_live(ProductPage).url,
        first_live(PromotionPage).url,
        first_live(NewsPage).url,
        "/search/?q=huile",
        "/account/login/",
        "/devis/",
        "/nexiste-pas/",
    ]
    assert all(urls), urls
    return urls


class ActiveContent(HTMLParser):
    """Collects everything in a page that could run script or style outside our static files."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and not attrs.get("src") and attrs.get("type") != "application/ld+json":
            self.found.append(f"inline <script {attrs}>")
        if tag == "style":
            self.found.append("<style> element")
        for name, value in attrs.items():
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=…> handler")
            if name == "style":
                self.found.append(f"<{tag} style=…> attribute")
            if name in ("href", "src", "action", "formaction") and (
                value or ""
            ).strip().lower().startswith("javascript:"):
                self.found.append(f"<{tag} {name}=javascript:…>")


def active_content(html):
    parser = ActiveContent()
    parser.feed(html)
    return parser.found


def test_public_pages_enforce_strict_headers_and_run_nothing_inline(client, public_urls):
    for url in public_urls:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        directives = policy(response)
        assert "Content-Security-Policy-Report-Only" not in response
        for directive in ("script-src", "style-src", "img-src", "frame-src", "default-src"):
            assert directives[directive][0] == "'self'", (url, directive)
            assert not set(directives[directive]) & set(UNSAFE), (url, directive)
        assert directives["object-src"] == ["'none'"]
        assert directives["base-uri"] == ["'self'"]
        assert directives["form-action"] == ["'self'"]
        assert directives["frame-ancestors"] == ["'self'"]
        # No nonce: the page cache shares one rendering between visitors.
        assert not any(source.startswith("'nonce-") for source in directives["script-src"])
        for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
            assert f"{feature}=()" in response[PERMISSIONS], (url, feature)
        assert active_content(response.content.decode()) == [], url


def test_the_scanner_sees_what_the_policy_would_block():
    html = (
        '<script>alert(1)</script><script type="application/ld+json">{}</script>'
        '<script src="/static/a.js"></script><a href="javascript:x()" onclick="y()">a</a>'
        '<p style="color:red">p</p><style>p{}</style>'
    )
    assert len(active_content(html)) == 5


def test_a_customer_page_with_a_video_allows_the_player_frame(client, demo_site):
    client.force_login(get_user_model().objects.get(username="client"))
    response = client.get(ClientSpacePage.objects.live().first().url)
    html = response.content.decode()
    frames = re.findall(r'<iframe[^>]* src="([^"]+)"', html)
    assert frames, "the demo client space shows a video"
    allowed = policy(response)["frame-src"]
    for src in frames:
        parts = urlsplit(src)
        assert f"{parts.scheme}://{parts.netloc}" in allowed
    assert active_content(html) == []
    # Logged in or not, the public policy is the strict one.
    assert not set(policy(response)["script-src"]) & set(UNSAFE)


def test_only_video_providers_allowed_by_the_policy_can_be_embedded():
    def accepted(url):
        return any(finder.accept(url) for finder in get_finders())

    assert accepted("https://www.youtube.com/watch?v=aqz-KE-bpKQ")
    assert accepted("https://vimeo.com/76979871")
    assert accepted("https://www.dailymotion.com/video/x8abcd")
    assert not accepted("https://twitter.com/wagtail/status/1")
    assert not accepted("https://www.instagram.com/p/abc/")


@pytest.fixture
def admin_client(client, demo_site):
    client.force_login(get_user_model().objects.get(username="admin"))
    return client


def test_admin_pages_enforce_their_own_policy(admin_client):
    product = first_live(ProductPage)
    urls = [
        "/admin/",
        f"/admin/pages/{product.pk}/edit/",
        f"/admin/pages/{product.get_parent().pk}/",
        "/admin/snippets/promotions/pricelist/",
        "/admin/reports/site-history/",
        "/admin/settings/storefront/companysettings/",
    ]
    for url in urls:
        response = admin_client.get(url, follow=True)
        assert response.status_code == 200, url
        directives = policy(response)
        # Wagtail's own inline scripts and Draftail's <style> elements, nothing more.
        assert directives["script-src"][:2] == ["'self'", "'unsafe-inline'"], url
        assert "'unsafe-eval'" not in directives["script-src"]
        assert directives["default-src"] == ["'self'"]
        assert directives["object-src"] == ["'none'"]
        assert directives["frame-ancestors"] == ["'self'"]
        assert not any(
            source.startswith("http") for source in directives["img-src"] + directives["script-src"]
        ), url
        assert "camera=()" in response[PERMISSIONS]


def test_admin_login_page_has_the_admin_policy(client, demo_site):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert "'unsafe-inline'" in policy(response)["script-src"]


def test_admin_shows_no_third_party_avatars(admin_client):
    # Gravatar images would be blocked by img-src, and would send editors' e-mail hashes away.
    html = admin_client.get("/admin/").content.decode()
    assert "gravatar.com" not in html


def test_cached_public_pages_keep_the_policy(client, demo_site, settings):
    settings.STOREFRONT_PAGE_CACHE = True
    client.get("/")
    response = client.get("/")
    assert response["X-Page-Cache"] == "hit"
    assert "'unsafe-inline'" not in policy(response)["script-src"]
    assert "camera=()" in response[PERMISSIONS]


@pytest.mark.urls("tests.storefront.nonce_urls")
def test_a_page_that_uses_a_nonce_is_never_shared_by_the_page_cache(client, settings):
    settings.STOREFRONT_PAGE_CACHE = True
    nonces = []
    for _ in range(2):
        response = client.get("/avec-nonce/")
        assert response.status_code == 200
        assert "X-Page-Cache" not in response
        [body_nonce] = re.findall(r'nonce="([^"]+)"', response.content.decode())
        assert f"'nonce-{body_nonce}'" in policy(response)["script-src"]
        nonces.append(body_nonce)
    assert nonces[0] != nonces[1]


def test_the_server_error_page_is_styled_under_the_policy(client, demo_site, monkeypatch):
    def broken():
        raise RuntimeError("boom")

    monkeypatch.setattr(health, "run_checks", broken)
    client.raise_request_exception = False
    response = client.get("/healthz")
    assert response.status_code == 500
    [css] = re.findall(r"<style>(.*?)</style>", response.content.decode(), re.S)
    digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
    assert f"'sha256-{digest}'" in policy(response)["style-src"]


def test_media_on_another_host_is_allowed_by_both_policies(monkeypatch):
    monkeypatch.setenv("MEDIA_URL", "https://medias.example.net/media/")
    monkeypatch.setenv("CSP_MEDIA_ORIGINS", "https://cdn.example.org")
    base = runpy.run_path(str(Path(django_settings.BASE_DIR) / "config" / "settings" / "base.py"))
    for name in ("CONTENT_SECURITY_POLICY", "STOREFRONT_ADMIN_CONTENT_SECURITY_POLICY"):
        directives = base[name]["DIRECTIVES"]
        for directive in ("img-src", "media-src"):
            assert "https://medias.example.net" in directives[directive], (name, directive)
            assert "https://cdn.example.org" in directives[directive], (name, directive)
        assert "https://medias.example.net" not in directives["script-src"]
