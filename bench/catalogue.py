"""The synthetic catalogue of a benchmark: `python -m bench.catalogue --size 10000`.

On the database of bench.settings (its own SQLite file, or its own PostgreSQL database):
the demo site for the skeleton (home, menus, demo catalogue, accounts), then a three-level
category tree of about one leaf per 250 products, the products through the catalogue import
(storefront.importing, which inserts pages in bulk with core.bulk_pages: Wagtail cannot
bulk-create pages itself), ~50 shared images, a public price list published through Wagtail,
and a few offers. Each step is idempotent: a second run finds everything and does nothing.

What the import does not carry (gallery images, detailed description) is added with one bulk
INSERT and one UPDATE: the live pages have them, their first revision does not, which only
matters to an editor comparing revisions of a benchmark catalogue.
"""

import argparse
import io
import json
import math
import os
import sys
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from bench.database import VAR

PRODUCT_PREFIX = "BENCH"
PRICE_LIST_NAME = "Tarif banc d'essai"
IMAGE_COUNT = 50
PRODUCTS_PER_LEAF = 250
TOP_LEVEL = 8
MID_NAMES = [
    "Professionnel",
    "Courant",
    "Premium",
    "Éco",
    "Spécialités",
    "Collectivités",
    "Hôtellerie",
    "Vrac",
]
DESCRIPTION = [
    {
        "type": "text",
        "value": "<p>Article sélectionné par nos acheteurs pour un usage professionnel intensif. "
        "Livraison sous 24 à 48 h, <b>prix dégressifs</b> par carton.</p>",
    },
    {
        "type": "specs",
        "value": [
            {"label": "Origine", "value": "Union européenne"},
            {"label": "Conservation", "value": "À l'abri de l'humidité"},
        ],
    },
]


def leaf_paths(size):
    """About one leaf category per 250 products, in three levels under eight top categories."""
    from bench.generate_import_file import TOPS

    leaves = max(4, round(size / PRODUCTS_PER_LEAF))
    tops = min(TOP_LEVEL, leaves)
    mids = min(len(MID_NAMES), math.ceil(math.sqrt(leaves / tops)))
    paths = []
    for index in range(leaves):
        top, rest = index % tops, index // tops
        mid, leaf = rest % mids, rest // mids
        paths.append((TOPS[top], f"{TOPS[top]} {MID_NAMES[mid]}", f"Gamme {leaf + 1:02d}"))
    return paths


def category_at(path):
    """The category page at this path of titles under the catalogue."""
    from storefront.models import CatalogueIndexPage, CategoryPage

    page = CatalogueIndexPage.objects.get()
    for title in path:
        page = CategoryPage.objects.child_of(page).get(title=title)
    return page


def product_rows(size):
    """The import rows: consecutive products share a leaf, so each leaf mixes brands and
    attribute values (its facets have several values)."""
    from bench.generate_import_file import row

    paths = leaf_paths(size)
    for number in range(1, size + 1):
        path = paths[(number - 1) * len(paths) // size]
        yield row(number, category=" > ".join(path), prefix=PRODUCT_PREFIX)


def bench_products():
    from storefront.models import ProductPage

    return ProductPage.objects.filter(sku__startswith=f"{PRODUCT_PREFIX}-")


def timed(steps, name, function, *args):
    started = time.perf_counter()
    result = function(*args)
    steps[name] = round(time.perf_counter() - started, 2)
    print(f"  {name}: {steps[name]} s", flush=True)
    return result


def prepare_site():
    from django.core.management import call_command
    from wagtail.models import Site

    from promotions.models import PriceDisplay
    from storefront.models import ShopSettings

    call_command("load_demo", allow_production=True, verbosity=0, stdout=io.StringIO())
    # Anonymous visitors see prices: the category and product pages show them, the product
    # feed lists the products.
    shop = ShopSettings.for_site(Site.objects.get(is_default_site=True))
    if shop.price_display != PriceDisplay.PUBLIC:
        shop.price_display = PriceDisplay.PUBLIC
        shop.save()


def shared_images():
    from storefront.demo.images import demo_image

    return [
        demo_image(f"Produit générique {number:02d}", size=(800, 800))
        for number in range(1, IMAGE_COUNT + 1)
    ]


def import_products(size, csv_path):
    from bench.generate_import_file import write_file
    from storefront.importing import CatalogueImport

    write_file(csv_path, product_rows(size))
    started = time.perf_counter()
    with csv_path.open("rb") as file:
        report = CatalogueImport(file, csv_path.name, price_list_name=PRICE_LIST_NAME).run()
    seconds = time.perf_counter() - started
    if not report.ok:
        raise SystemExit(f"Import failed: {report.errors[:5]}")
    return {
        "rows": size,
        "created": len(report.created),
        "seconds": round(seconds, 2),
        "rows_per_second": round(size / seconds, 1),
    }


def add_gallery_and_description(images):
    from storefront.models import ProductImage

    products = bench_products()
    missing = products.filter(gallery_images__isnull=True).values_list("pk", "title")
    ProductImage.objects.bulk_create(
        (
            ProductImage(page_id=pk, image=images[pk % len(images)], alt_text=title, sort_order=0)
            for pk, title in missing.iterator(chunk_size=2000)
        ),
        batch_size=1000,
    )
    products.update(description=DESCRIPTION)


def publish_price_list():
    """Make the imported draft list live: the state `revision.publish()` leaves, in one UPDATE.

    The import wrote the lines in bulk and saved a revision holding them, so the lines in the
    database are the published content. `revision.publish()` itself rebuilds the list from
    the revision and lets modelcluster save it: three queries per line and a comparison of
    every line with every other (50 s for 1,333 lines on a busy 2-core machine), which would
    not finish for a 100,000-product list.
    """
    from django.utils import timezone

    from promotions.models import PriceList

    price_list = PriceList.objects.get(name=PRICE_LIST_NAME)
    if not price_list.live:
        now = timezone.now()
        PriceList.objects.filter(pk=price_list.pk).update(
            live=True,
            has_unpublished_changes=False,
            live_revision=price_list.latest_revision,
            first_published_at=now,
            last_published_at=now,
        )


def create_offers(size):
    from django.utils import timezone

    from bench.generate_import_file import BRANDS
    from promotions.demo_offers import ensure_offer
    from promotions.models import DiscountKind
    from storefront.models import Brand

    now = timezone.now().replace(second=0, microsecond=0)
    day = timedelta(days=1)
    first_leaf, second_leaf = (category_at(path) for path in leaf_paths(size)[:2])
    ensure_offer(
        "Banc d'essai : −10 % sur une gamme",
        kind=DiscountKind.PERCENT,
        value=Decimal("10"),
        categories=[first_leaf],
        valid_from=now - 5 * day,
        valid_to=now + 60 * day,
    )
    ensure_offer(
        f"Banc d'essai : −5 % {BRANDS[0]}",
        kind=DiscountKind.PERCENT,
        value=Decimal("5"),
        brands=Brand.objects.filter(name=BRANDS[0]),
        valid_from=now - 5 * day,
        valid_to=now + 60 * day,
    )
    ensure_offer(
        "Banc d'essai : −1 € sur une sélection",
        kind=DiscountKind.AMOUNT,
        value=Decimal("1"),
        products=bench_products().filter(sku__regex=r"00$"),
        web_exclusive=True,
        valid_from=now - 1 * day,
        valid_to=now + 30 * day,
    )
    ensure_offer(
        "Banc d'essai : offre terminée",
        kind=DiscountKind.PERCENT,
        value=Decimal("20"),
        categories=[second_leaf],
        valid_from=now - 60 * day,
        valid_to=now - 30 * day,
    )
    ensure_offer(
        f"Banc d'essai : bientôt −8 % {BRANDS[1]}",
        kind=DiscountKind.PERCENT,
        value=Decimal("8"),
        brands=Brand.objects.filter(name=BRANDS[1]),
        valid_from=now + 10 * day,
        valid_to=now + 40 * day,
    )


def vacuum_analyze():
    """On PostgreSQL, what autovacuum would do some time after the build: dead rows of the
    build's updates removed and planner statistics fresh, so that every run measures the same
    plans (the import refreshes statistics itself; the later updates here do not)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def build(size):
    """Build what is missing; return the generation record (also kept beside the database)."""
    from django.conf import settings
    from django.core.management import call_command

    record_path = VAR / f"catalogue-{size}-{settings.BENCH_DATABASE}.json"
    existing = bench_products().count() if _migrated() else 0
    if existing == size and record_path.exists():
        print(f"Catalogue of {size} products already built ({record_path.name}).")
        return json.loads(record_path.read_text())
    if existing not in (0, size):
        raise SystemExit(
            f"The bench database holds {existing} bench products, not {size}: delete "
            f"{settings.BENCH_DATABASE_URL} (file or database) and run again."
        )
    print(f"Building a catalogue of {size} products on {settings.BENCH_DATABASE}…", flush=True)
    VAR.mkdir(parents=True, exist_ok=True)
    steps, started = {}, time.perf_counter()
    timed(steps, "migrate", call_command, "migrate", "--noinput", "--verbosity", "0")
    timed(steps, "demo_site", prepare_site)
    images = timed(steps, "images", shared_images)
    record = {"size": size, "database": settings.BENCH_DATABASE}
    if existing == 0:
        csv_path = VAR / f"catalogue-{size}.csv"
        record["import"] = timed(steps, "import", import_products, size, csv_path)
    timed(steps, "gallery_and_description", add_gallery_and_description, images)
    timed(steps, "price_list_publish", publish_price_list)
    timed(steps, "offers", create_offers, size)
    timed(steps, "vacuum_analyze", vacuum_analyze)
    record["steps"] = steps
    record["seconds"] = round(time.perf_counter() - started, 1)
    record_path.write_text(json.dumps(record, indent=2))
    print(f"Catalogue ready in {record['seconds']} s.")
    return record


def _migrated():
    from django.db import connection

    return "storefront_productpage" in connection.introspection.table_names()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=int(os.environ.get("BENCH_SIZE", "1000")))
    args = parser.parse_args(argv)
    os.environ["BENCH_SIZE"] = str(args.size)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import django

    django.setup()
    build(args.size)


if __name__ == "__main__":
    main()
