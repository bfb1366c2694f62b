import io
import json
import os
import subprocess
import sys
from decimal import Decimal

import psycopg
import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.http import HttpRequest
from django.test import Client
from wagtail.models import Site

from promotions.models import Audience, PriceDisplay, PriceLine, PriceList
from storefront.models import CategoryPage, HomePage, ProductPage, ShopSettings


def load_demo():
    # The demo Site answers at http://localhost while the test client calls itself
    # "testserver": tests can tell URLs built from the Site from URLs built from the request.
    call_command(
        "load_demo", allow_production=True, site_url="http://localhost", stdout=io.StringIO()
    )


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    # The demo is built once per run; each test works inside a transaction rolled back after it.
    with django_db_blocker.unblock():
        load_demo()


class AxesClient(Client):
    def login(self, **credentials):
        # django-axes' backend refuses an authenticate() call without a request; the test
        # client's login() makes none. A blank request is the fix axes documents, and keeps
        # login throttling on in every test.
        return super().login(request=HttpRequest(), **credentials)


@pytest.fixture
def client():
    return AxesClient()


@pytest.fixture(autouse=True)
def clear_cache():
    # The suite also runs against a shared Redis: no test sees another's cached values.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def demo_site(db):
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def set_price_display(demo_site):
    def setter(value):
        shop = ShopSettings.for_site(demo_site)
        shop.price_display = value
        shop.save()

    return setter


@pytest.fixture
def public_prices(set_price_display):
    set_price_display(PriceDisplay.PUBLIC)


@pytest.fixture
def category(demo_site):
    """An empty category under the demo catalogue, for tests that count what they create."""
    catalogue = HomePage.objects.get().get_children().get(slug="catalogue")
    page = CategoryPage(title="Catégorie de test", slug="categorie-de-test")
    catalogue.add_child(instance=page)
    return page


def make_product(parent, number, **fields):
    fields.setdefault("title", f"Produit {number:04d}")
    fields.setdefault("slug", f"produit-{number:04d}")
    product = ProductPage(sku=f"TEST-{number:05d}", **fields)
    parent.add_child(instance=product)
    return product


def make_price_list(prices, *, audience=Audience.PUBLIC, groups=(), publish=True, **fields):
    """A price list with `prices` = {product: Decimal or [(min_qty, Decimal), ...]}."""
    price_list = PriceList(name=fields.pop("name", "Liste de test"), audience=audience, **fields)
    lines = []
    for product, price in prices.items():
        tiers = price if isinstance(price, list) else [(1, price)]
        lines += [
            PriceLine(product=product, min_quantity=q, unit_price=Decimal(p)) for q, p in tiers
        ]
    price_list.lines = lines
    # As in the admin: a list saved without publishing is a draft, not live.
    price_list.live = publish
    price_list.save()
    price_list.price_groups.set(groups)
    if publish:
        price_list.save_revision().publish()
    return price_list


@pytest.fixture
def fresh_database_url(tmp_path):
    """A database of its own, for tests of migrations: migrating the test database back, or
    flushing it, would undo the demo's state that the other tests share."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
        return
    database = connection.settings_dict
    name = f"{database['NAME']}_fresh"
    options = {
        "host": database["HOST"],
        "port": database["PORT"] or None,
        "user": database["USER"],
        "password": database["PASSWORD"] or None,
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **options) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    user = database["USER"] + (f":{database['PASSWORD']}" if database["PASSWORD"] else "")
    yield f"postgres://{user}@{database['HOST']}:{database['PORT'] or 5432}/{name}"
    with psycopg.connect(dbname="postgres", autocommit=True, **options) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run_roundtrip(module, database_url, timeout=600):
    """Run `python -m module` on the database at `database_url` (never the shared cache) and
    return the JSON it printed last: how migration tests look at a database of their own."""
    env = {**os.environ, "DATABASE_URL": database_url}
    env.pop("REDIS_URL", None)
    done = subprocess.run(
        [sys.executable, "-m", module],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])
