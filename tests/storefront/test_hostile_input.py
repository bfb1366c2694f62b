"""Hostile input (NUL, non-ASCII digits, broken UTF-8, very long values) never answers 500.

NUL only breaks on PostgreSQL (SQLite stores it): run this file on both databases.
"""

from urllib.parse import urlencode

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from enquiries.lines import smallest_quantity
from enquiries.models import AccountRequest, QuoteRequest
from news.models import NewsPage
from promotions.models import PromotionPage
from seo.sitemaps import SECTIONS
from showroom.models import ShareLink
from storefront.models import CategoryPage, ProductPage
from storefront.validators import validate_gtin, validate_siret
from tests.enquiries.test_account_requests import FORM as ACCOUNT_FORM
from tests.enquiries.test_quote_requests import quote_data

pytestmark = pytest.mark.django_db

CATEGORY = "/catalogue/epicerie/"
PRODUCT_SKU = "SF-00101"
BAD_REQUEST_TITLE = "<title>Requête invalide</title>"

# Every parameter a public view reads, and one unknown to all.
PARAMETERS = (
    "q",
    "marque",
    "attr",
    "dispo",
    "promo",
    "tri",
    "page",
    "categorie",
    "tag",
    "ref",
    "qty",
    "from",
    "at",
    "p",
    "next",
    "inconnu",
)
HOSTILE_VALUES = {
    "nul": "%00",
    "nul-seul": "x%00y",
    "exposant": "%C2%B2",  # « ² »: str.isdigit() says yes, int() raises
    "chiffres-arabes": "%D9%A3%D9%A3",  # « ٣٣ »: int() reads 33
    "grand-nombre": "9" * 30,  # beyond any database integer
    "tres-long": "9" * 5000,  # int() refuses more than 4,300 digits
    "utf8-invalide": "%ff",
    "surrogate-seul": "%ED%A0%80",
}


def hostile_client(user=None):
    # A 500 is a response to assert on here, not an exception to re-raise.
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client


def public_urls():
    """One URL of every kind a visitor or a crawler may request."""
    category = CategoryPage.objects.get(slug="epicerie")
    return [
        "/",
        "/catalogue/",
        CATEGORY,
        ProductPage.objects.get(sku=PRODUCT_SKU).url,
        "/search/",
        "/actualites/",
        NewsPage.objects.live().first().url,
        "/promotions/",
        PromotionPage.objects.live().first().url,
        "/espaces-clients/restaurant-dupont/",
        "/devis/",
        "/devis/merci/DV-0001/",
        "/compte-pro/",
        "/compte-pro/merci/",
        ShareLink.objects.first().get_path(),
        f"/plaquettes/{category.pk}/",
        "/sitemap.xml",
        *(f"/sitemap-{section}.xml" for section in SECTIONS),
        "/robots.txt",
        "/feeds/products.xml",
        "/feeds/promotions.xml",
        "/feeds/actualites.xml",
        "/healthz",
        "/account/login/",
        "/account/password-reset/",
    ]


def path_urls(value):
    """The URLs that read a value from their path."""
    return [
        f"/partage/{value}/",
        f"/devis/merci/{value}/",
        f"/catalogue/{value}/",
        f"{CATEGORY}{value}/",
        f"/{value}/",
        f"/plaquettes/{value}/",
        f"/sitemap-{value}.xml",
        f"/account/password-reset/{value}/{value}/",
        f"/documents/1/{value}",
    ]


def with_query(url, value):
    params = [f"{name}={value}" for name in PARAMETERS]
    params += [f"attr=Mati%C3%A8re:{value}", f"attr={value}:Inox", f"{value}=1"]
    return f"{url}?{'&'.join(params)}"


def stored_requests():
    """How many quote and account requests exist (the demo has some already)."""
    return QuoteRequest.objects.count(), AccountRequest.objects.count()


def server_errors(client, urls):
    """(url, status) of every URL answering 5xx, streamed bodies read to the end."""
    errors = []
    for url in urls:
        response = client.get(url)
        response.getvalue()
        if response.status_code >= 500:
            errors.append((url, response.status_code))
    return errors


@pytest.mark.parametrize("visitor", ["anonyme", "admin"])
@pytest.mark.parametrize("value", HOSTILE_VALUES.values(), ids=HOSTILE_VALUES.keys())
def test_no_public_url_answers_500_to_hostile_values(value, visitor):
    # The admin user is staff: `?at=` previews are read for them only.
    user = get_user_model().objects.get(username="admin") if visitor == "admin" else None
    client = hostile_client(user)
    urls = [with_query(url, value) for url in public_urls()] + path_urls(value)
    assert server_errors(client, urls) == []


@pytest.mark.parametrize("value", ["\x00", "²" * 14, "٣" * 3, "9" * 5000])
def test_no_public_form_answers_500_to_hostile_values(value):
    client = hostile_client()
    before = stored_requests()
    quote = quote_data([(value, value)], company=value, message=value)
    account = {name: value for name in ACCOUNT_FORM}
    login = {"username": value, "password": value}
    for url, data in [("/devis/", quote), ("/compte-pro/", account), ("/account/login/", login)]:
        response = client.post(url, data, REMOTE_ADDR="192.0.2.30")
        assert response.status_code < 500, url
    assert stored_requests() == before


# -- NUL: one middleware answers 400 -------------------------------------------------------------

ISSUE_URLS = [
    f"{CATEGORY}?marque=%00",
    f"{CATEGORY}?attr=Mati%C3%A8re:Inox%00",
    "/search/?q=%00huile",
    "/search/?q=huile&marque=%00",
    "/search/?q=huile&attr=Mati%C3%A8re:Inox%00",
    "/actualites/?categorie=%00",
    "/actualites/?tag=%00",
    "/partage/x%00y/",
    "/devis/?ref=%00",
    "/devis/merci/x%00y/",
]


@pytest.mark.parametrize("url", ISSUE_URLS)
def test_nul_in_path_or_query_is_a_bad_request(url):
    response = hostile_client().get(url)
    assert response.status_code == 400
    page = response.content.decode()
    assert BAD_REQUEST_TITLE in page and "Traceback" not in page


@pytest.mark.parametrize("url", ["/search/?q=%ff", "/search/?q=caf%E9", "/search/?q=%ED%A0%80"])
def test_query_string_not_in_utf8_is_a_bad_request(url):
    response = hostile_client().get(url)
    assert response.status_code == 400
    assert BAD_REQUEST_TITLE in response.content.decode()


def test_nul_is_refused_even_from_the_page_cache(settings):
    settings.STOREFRONT_PAGE_CACHE = True
    client = hostile_client()
    assert client.get(f"{CATEGORY}?marque=x").status_code == 200
    # The same URL with a NUL never reaches the cache lookup, hit or miss.
    assert client.get(f"{CATEGORY}?marque=x%00").status_code == 400


def test_nul_in_an_urlencoded_field_is_a_bad_request_and_stores_nothing():
    before = stored_requests()
    body = urlencode(quote_data([(PRODUCT_SKU, 12)], company="Brasserie\x00"))
    response = hostile_client().post(
        "/devis/", body, content_type="application/x-www-form-urlencoded", REMOTE_ADDR="192.0.2.31"
    )
    assert response.status_code == 400
    assert BAD_REQUEST_TITLE in response.content.decode()
    assert stored_requests() == before


def test_nul_in_a_multipart_field_is_a_bad_request_and_uploads_still_work():
    client = hostile_client()
    before = stored_requests()
    data = quote_data([(PRODUCT_SKU, 12)], company="Brasserie\x00")
    assert client.post("/devis/", data, REMOTE_ADDR="192.0.2.31").status_code == 400
    assert stored_requests() == before
    # A multipart body with a file is parsed once, by the middleware, and still reaches the view.
    data = {**quote_data([(PRODUCT_SKU, 12)]), "piece": SimpleUploadedFile("tarif.csv", b"a;b")}
    assert client.post("/devis/", data, REMOTE_ADDR="192.0.2.31").status_code == 302
    assert stored_requests() == (before[0] + 1, before[1])


def test_nul_in_the_session_cookie_is_a_bad_request():
    # Django reads octal escapes in quoted cookie values: this one holds a NUL.
    response = hostile_client().get(CATEGORY, HTTP_COOKIE='sessionid="abcdefgh\\000ijk"')
    assert response.status_code == 400


def test_legitimate_text_is_not_refused():
    # Tabs, line breaks and non-Latin text are what buyers type and paste.
    client = hostile_client()
    assert client.get("/search/?q=caf%C3%A9%09cr%C3%A8me%0A%E2%82%AC").status_code == 200
    data = quote_data([(PRODUCT_SKU, 12)], message="Ligne 1\r\nLigne 2\tfin – ½ palette")
    response = client.post("/devis/", data, REMOTE_ADDR="192.0.2.32")
    assert response.status_code == 302
    assert QuoteRequest.objects.latest("pk").message == "Ligne 1\nLigne 2\tfin – ½ palette"


# -- ASCII digits only -----------------------------------------------------------------------


@pytest.mark.parametrize("qty", ["%C2%B2", "%D9%A3", "0", "-5", "9" * 5000, "1_000"])
def test_prefilled_quantity_the_form_would_refuse_gives_the_smallest(client, qty):
    smallest = smallest_quantity(ProductPage.objects.get(sku=PRODUCT_SKU))
    response = client.get(f"/devis/?ref={PRODUCT_SKU}&qty={qty}")
    assert response.status_code == 200
    assert f'name="lignes-0-quantity" value="{smallest}"' in response.content.decode()


def test_prefilled_quantity_in_ascii_digits_is_kept(client):
    response = client.get(f"/devis/?ref={PRODUCT_SKU}&qty=24")
    assert 'name="lignes-0-quantity" value="24"' in response.content.decode()


@pytest.mark.parametrize(
    "quantity, message",
    [
        ("٣", "Indiquez la quantité en chiffres (0 à 9)"),
        ("１２", "Indiquez la quantité en chiffres (0 à 9)"),
        ("²", "Indiquez la quantité en chiffres (0 à 9)"),
        ("1_000", "Indiquez la quantité en chiffres (0 à 9)"),
        ("9" * 5000, "inférieure ou égale à 999999"),
        ("1000000", "inférieure ou égale à 999999"),
    ],
)
def test_quote_quantity_in_other_digits_is_a_form_error(client, quantity, message):
    before = stored_requests()
    data = quote_data([(PRODUCT_SKU, quantity)])
    response = client.post("/devis/", data, REMOTE_ADDR="192.0.2.33")
    assert response.status_code == 200
    assert message in response.content.decode()
    assert stored_requests() == before


@pytest.mark.parametrize(
    "siret",
    [
        "²" * 14,
        "٥٥٢١٠٠٥٥٤٠٠٠١٣",  # 55210055400013, a valid SIRET, in Arabic-Indic digits
        "５５２１００５５４０００１３",  # the same in full-width digits
    ],
)
def test_siret_in_other_digits_is_a_form_error(client, siret):
    before = stored_requests()
    response = client.post(
        "/compte-pro/", {**ACCOUNT_FORM, "siret": siret}, REMOTE_ADDR="192.0.2.34"
    )
    assert response.status_code == 200
    assert "Un SIRET compte 14 chiffres" in response.content.decode()
    assert stored_requests() == before
    with pytest.raises(ValidationError):
        validate_siret(siret)


# The second is 3012345678902, a valid EAN-13, in Arabic-Indic digits.
@pytest.mark.parametrize("gtin", ["²" * 13, "٣٠١٢٣٤٥٦٧٨٩٠٢"])
def test_gtin_in_other_digits_is_refused(gtin):
    with pytest.raises(ValidationError) as error:
        validate_gtin(gtin)
    assert error.value.code == "invalid_gtin_length"
