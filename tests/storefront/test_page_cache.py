"""The anonymous page cache: fast, and never stale at a price boundary or after a publish."""

from datetime import timedelta
from decimal import Decimal
from unittest import mock

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.contrib.frontend_cache.backends import BaseBackend
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Revision

from news.models import NewsPage
from promotions.models import PriceDisplay, PromotionPage
from storefront.models import ProductPage
from storefront.templatetags.storefront_tags import price
from tests.conftest import make_price_list, make_product

pytestmark = pytest.mark.django_db

CACHE = "X-Page-Cache"


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.STOREFRONT_PAGE_CACHE = True


def priced_product(category, amount="10.00", number=1):
    product = make_product(category, number)
    make_price_list({product: Decimal(amount)}, valid_from=timezone.now() - timedelta(days=1))
    return product


def at(moment):
    return mock.patch("django.utils.timezone.now", return_value=moment)


def test_second_anonymous_view_comes_from_the_cache(client, category, public_prices):
    product = priced_product(category)
    first = client.get(product.url)
    assert first[CACHE] == "miss"
    second = client.get(product.url)
    assert second[CACHE] == "hit"
    assert second.content == first.content
    assert "s-maxage" in second["Cache-Control"] and "max-age=0" in second["Cache-Control"]


def test_price_change_at_t_is_served_at_t_without_any_purge(client, category, public_prices):
    product = priced_product(category, "10.00")
    change = (timezone.now() + timedelta(hours=2)).replace(microsecond=0)
    make_price_list(
        {product: Decimal("8.00")}, valid_from=change, name="Nouveaux tarifs", publish=True
    )
    old, new = price(Decimal("10.00")), price(Decimal("8.00"))

    with at(change - timedelta(seconds=10)):
        response = client.get(product.url)
        assert response[CACHE] == "miss" and old in response.content.decode()
    with at(change - timedelta(seconds=1)):
        response = client.get(product.url)
        assert response[CACHE] == "hit" and old in response.content.decode()
        assert int(response["Cache-Control"].split("s-maxage=")[1].split(",")[0]) <= 1
    with at(change + timedelta(seconds=1)):
        response = client.get(product.url)
        assert response[CACHE] == "miss"
        assert new in response.content.decode() and old not in response.content.decode()


def test_an_offer_ending_takes_the_discount_off_cached_listings_on_time(
    client, category, public_prices
):
    from tests.promotions.test_offers import make_offer

    product = priced_product(category, "10.00")
    end = (timezone.now() + timedelta(hours=1)).replace(microsecond=0)
    make_offer(name="Flash", value=Decimal("50"), products=[product], valid_to=end)
    with at(end - timedelta(seconds=5)):
        html = client.get(category.url).content.decode()
        assert price(Decimal("5.00")) in html
    with at(end):  # the end is excluded: at that instant the offer is over
        response = client.get(category.url)
        assert response[CACHE] == "miss"
        assert price(Decimal("5.00")) not in response.content.decode()


def test_publishing_from_the_scheduler_clears_the_listing(
    client, category, django_capture_on_commit_callbacks
):
    product = ProductPage(title="Nouveauté programmée", slug="nouveaute", sku="NEW-00001")
    category.add_child(instance=product)
    product.unpublish()
    product = ProductPage.objects.get(pk=product.pk)  # fresh before scheduling (docs/design.md)
    product.go_live_at = timezone.now() + timedelta(hours=1)
    product.save_revision().publish()
    assert client.get(category.url)[CACHE] == "miss"
    assert "Nouveauté programmée" not in client.get(category.url).content.decode()

    # The go-live comes due and nobody purges anything until the scheduler publishes.
    due = timezone.now() - timedelta(minutes=1)
    revision = Revision.objects.get(object_id=str(product.pk), approved_go_live_at__isnull=False)
    revision.content["go_live_at"] = due.isoformat()
    Revision.objects.filter(pk=revision.pk).update(
        approved_go_live_at=due, content=revision.content
    )
    ProductPage.objects.filter(pk=product.pk).update(go_live_at=due)
    assert client.get(category.url)[CACHE] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        call_command("run_scheduler", "--once")
    response = client.get(category.url)
    assert response[CACHE] == "miss"
    assert "Nouveauté programmée" in response.content.decode()


def test_publishing_from_the_admin_clears_the_home_page(
    admin_client, client, category, django_capture_on_commit_callbacks
):
    assert client.get("/")[CACHE] == "miss"
    assert client.get("/")[CACHE] == "hit"
    home = category.get_parent().get_parent().specific
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            f"/admin/pages/{home.pk}/edit/",
            {
                "title": "Accueil renommé",
                "slug": home.slug,
                "body-count": "0",
                "action-publish": "publish",
            },
        )
    assert response.status_code == 302
    response = client.get("/")
    assert response[CACHE] == "miss"


def test_customer_never_gets_the_anonymous_page_nor_the_reverse(
    client, category, set_price_display
):
    set_price_display(PriceDisplay.CUSTOMERS)
    product = priced_product(category, "7531.86")
    customer_price = price(Decimal("7531.86"))

    anonymous = client.get(product.url)
    assert anonymous[CACHE] == "miss" and customer_price not in anonymous.content.decode()
    client.login(username="client", password="client-demo")
    mine = client.get(product.url)
    assert customer_price in mine.content.decode()
    # Customers share pages among themselves only (core/buyer_cache.py).
    again = client.get(product.url)
    assert again[CACHE] == "hit" and customer_price in again.content.decode()
    client.logout()
    client.cookies.clear()
    again = client.get(product.url)
    assert again[CACHE] == "hit" and customer_price not in again.content.decode()


def test_cached_pages_carry_no_cookie_and_no_csrf_token(client, category):
    client.get(category.url)
    response = client.get(category.url)
    assert response[CACHE] == "hit"
    assert not response.cookies and "Set-Cookie" not in response
    assert "csrfmiddlewaretoken" not in response.content.decode()
    # A page with a form (and its CSRF token) is never shared.
    login = client.get("/account/login/")
    assert CACHE not in login
    assert client.get("/account/login/").get(CACHE) is None


def test_staff_preview_at_a_date_is_never_cached(admin_client, category):
    url = f"{category.url}?at=2030-01-01T08:00"
    assert CACHE not in admin_client.get(url)
    assert "no-store" in admin_client.get(url)["Cache-Control"]


def test_saving_site_settings_purges(client, set_price_display, django_capture_on_commit_callbacks):
    client.get("/")
    assert client.get("/")[CACHE] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        set_price_display(PriceDisplay.NONE)
    assert client.get("/")[CACHE] == "miss"


def test_import_purges_the_listings(client, category, django_capture_on_commit_callbacks, tmp_path):
    client.get(category.url)
    assert client.get(category.url)[CACHE] == "hit"
    path = tmp_path / "import.csv"
    path.write_text(
        "reference;nom;categorie\nIMP-00001;Produit importé;Catégorie de test\n", encoding="utf-8"
    )
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_catalogue", str(path), stdout=mock.MagicMock())
    response = client.get(category.url)
    assert response[CACHE] == "miss"
    assert "Produit importé" in response.content.decode()


class RecordingCDN(BaseBackend):
    """A CDN that notes the addresses it is asked to purge."""

    purged = []

    def purge(self, url):
        self.purged.append(url)


def test_import_purges_its_pages_from_the_cdn(
    category, settings, django_capture_on_commit_callbacks, tmp_path
):
    settings.WAGTAILFRONTENDCACHE = {
        "cdn": {"BACKEND": f"{__name__}.RecordingCDN", "HOSTNAMES": ["localhost"]}
    }
    RecordingCDN.purged = []
    path = tmp_path / "import.csv"
    path.write_text(
        "reference;nom;categorie\n"
        + "".join(f"IMP-{n:05d};Produit {n};Catégorie de test\n" for n in range(1, 1203)),
        encoding="utf-8",
    )
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_catalogue", str(path), stdout=mock.MagicMock())
    # Every new product (read from the database a batch at a time) and its category.
    purged = {url.removeprefix("http://localhost") for url in RecordingCDN.purged}
    products = ProductPage.objects.filter(sku__startswith="IMP-")
    assert products.count() == 1202
    assert {product.url for product in products} | {category.url} <= purged


def test_cached_product_cards_follow_the_price_at_t(client, category, public_prices, settings):
    settings.STOREFRONT_PAGE_CACHE = False  # the card fragments alone
    product = priced_product(category, "10.00")
    change = (timezone.now() + timedelta(hours=2)).replace(microsecond=0)
    make_price_list(
        {product: Decimal("8.00")}, valid_from=change, name="Nouveaux tarifs", publish=True
    )
    old, new = price(Decimal("10.00")), price(Decimal("8.00"))
    with at(change - timedelta(seconds=1)):
        assert old in client.get(category.url).content.decode()
        assert old in client.get(category.url).content.decode()  # card from the cache
    with at(change + timedelta(seconds=1)):
        html = client.get(category.url).content.decode()
        assert new in html and old not in html


@pytest.mark.parametrize("page_cache", [True, False])
def test_a_logged_in_customer_gets_private_pages(
    client, category, public_prices, settings, page_cache
):
    settings.STOREFRONT_PAGE_CACHE = page_cache
    product = priced_product(category)
    promotion = PromotionPage.objects.live().get(title="Exclusivité Web : le couteau de chef")
    news = NewsPage.objects.live().filter(go_live_at=None, expire_at=None).first()
    urls = ["/", category.url, product.url, promotion.url, news.url, "/search/?q=huile", "/devis/"]
    client.login(username="client", password="client-demo")
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        # Not kept by any shared cache, nor by the browser once the customer has logged out.
        directives = {d.strip().split("=")[0] for d in response["Cache-Control"].split(",")}
        assert {"private", "no-store"} <= directives, url
        assert not {"public", "s-maxage"} & directives, url


def test_anonymous_pages_stay_shared(client, category, public_prices):
    product = priced_product(category)
    for url in ("/", category.url, product.url):
        client.get(url)
        cache_control = client.get(url)["Cache-Control"]
        assert "public" in cache_control and "s-maxage" in cache_control
        assert "private" not in cache_control and "no-store" not in cache_control


def test_tracking_parameters_get_the_page_stored_without_them(client, category):
    assert client.get(category.url)[CACHE] == "miss"
    for query in (
        "utm_source=lettre&utm_medium=email&utm_campaign=rentree",
        "gclid=Cj0KCQ",
        "fbclid=x",
    ):
        assert client.get(f"{category.url}?{query}")[CACHE] == "hit", query
    # The order of parameters changes nothing either.
    assert client.get(f"{category.url}?tri=nouveautes&dispo=stock")[CACHE] == "miss"
    assert client.get(f"{category.url}?dispo=stock&gclid=y&tri=nouveautes")[CACHE] == "hit"


def test_made_up_parameters_make_no_new_entries(client, category):
    first = client.get(category.url)
    for number in range(5):
        response = client.get(f"{category.url}?x{number}={number}")
        assert response[CACHE] == "hit"
        assert response.content == first.content


def test_pages_do_not_repeat_parameters_they_do_not_read(client, category):
    html = client.get(f"{category.url}?marque=acme&utm_source=spam&tri=nom").content.decode()
    assert '<input type="hidden" name="marque" value="acme">' in html  # the sort form keeps it
    assert "utm_source" not in html and "spam" not in html


def test_redirects_from_old_urls_match_the_query_string_as_asked(client, demo_site):
    old_url = "/boutique/product.php?id_product=42&utm_source=lettre"
    Redirect.objects.create(
        old_path=Redirect.normalise_path(old_url), site=demo_site, redirect_link="/catalogue/"
    )
    response = client.get(old_url)
    assert response.status_code == 301 and response["Location"] == "/catalogue/"


def test_the_added_slash_keeps_the_query_string_as_asked(client, demo_site):
    response = client.get("/catalogue?utm_source=lettre&utm_medium=email")
    assert response.status_code == 301
    assert response["Location"] == "/catalogue/?utm_source=lettre&utm_medium=email"
