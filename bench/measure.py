"""In-process measurements under bench.settings, one per process so that peak memory is the
generation's own: `python -m bench.measure {targets|queries|search|profile|memory|import}
[arg]`.

Each prints one JSON object on its last line of output; bench/run.py collects them.
"""

import json
import os
import random
import re
import resource
import sys
import time
from pathlib import Path
from urllib.parse import quote, urlsplit

# Anonymous pages whose queries and latency are reported, by name.
PAGES = ["home", "category", "product", "search", "sitemap", "feed"]
SEARCH_WORDS = [
    "inox",
    "aluminium",
    "carton",
    "verre",
    "plastique",
    "article",
    "article test",
    "alpha",
    "delta",
    "hotel",
    "contenance",
    "gamme",
    "huile",
    "eau gazeuse",
    "sac poubelle",
    "couteau de chef",
    "tomates pelées",
    "l'huile d'olive",
    "matière inox",
    "article de test 42",
    "produits",
    "surgelés",
    "xyzzy introuvable",
    "épicerie",
    "boissons",
]
WARM_UP_QUERY = "échauffement"
NAIVE_PRODUCTS = 50
BULK_ROWS = 2000


def setup():
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()


def target_paths():
    """The URL path of each benchmarked page."""
    from django.conf import settings

    from bench.catalogue import PRODUCT_PREFIX, category_at, leaf_paths
    from storefront.models import ProductPage

    size = settings.BENCH_SIZE
    product = ProductPage.objects.get(sku=f"{PRODUCT_PREFIX}-{size // 2:07d}")
    return {
        "minimal": "/bench/minimal/",
        "home": "/",
        # A leaf category: ~250 products whatever the catalogue size, 24 on the page.
        "category": category_at(leaf_paths(size)[0]).url,
        "product": product.url,
        "search": "/search/?q=inox",
        "sitemap": "/sitemap-products.xml",
        "feed": "/feeds/products.xml",
    }


def database_info():
    from django.db import connection

    if connection.vendor == "sqlite":
        import sqlite3

        return {"vendor": "sqlite", "version": sqlite3.sqlite_version}
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return {"vendor": connection.vendor, "version": cursor.fetchone()[0]}


def get(client, path):
    """GET `path` and read the whole body, streamed or not; (response, body size)."""
    response = client.get(path)
    if response.streaming:
        size = sum(len(chunk) for chunk in response.streaming_content)
    else:
        size = len(response.content)
    return response, size


def count_queries(paths):
    """Queries of a warm, anonymous request: each page is requested once first."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client, results = Client(), {}
    for name, path in paths.items():
        get(client, path)
        with CaptureQueriesContext(connection) as captured:
            response, size = get(client, path)
        results[name] = {
            "path": path,
            "status": response.status_code,
            "bytes": size,
            "queries": len(captured.captured_queries),
            "streamed": response.streaming,
        }
    return results


def search_queries(size, count=50):
    """Words and phrases, plus references and GTINs of products spread over the catalogue."""
    from bench.catalogue import PRODUCT_PREFIX
    from bench.generate_import_file import row

    numbers = random.Random(7).sample(range(1, size + 1), count - len(SEARCH_WORDS))
    references = [f"{PRODUCT_PREFIX}-{number:07d}" for number in numbers[: len(numbers) // 2]]
    gtins = [row(number)["gtin"] for number in numbers[len(numbers) // 2 :]]
    return SEARCH_WORDS + references + gtins


def search_latency():
    from django.conf import settings
    from django.test import Client

    from bench.load import percentile_ms

    client = Client()
    queries = search_queries(settings.BENCH_SIZE)

    def timed():
        durations = []
        for query in queries:
            started = time.perf_counter()
            response, _ = get(client, f"/search/?q={quote(query)}")
            durations.append(time.perf_counter() - started)
            if response.status_code != 200:
                raise SystemExit(f"search « {query} » answered {response.status_code}")
        return durations

    # A query of its own first: a new process loads templates and settings on its first
    # search, which no visitor of a running server waits for.
    get(client, f"/search/?q={quote(WARM_UP_QUERY)}")
    # First asked in this process (nothing of theirs in the cache), then asked again while
    # nothing was published: what a query finds is kept per content generation.
    first, again = timed(), timed()
    return {
        "queries": len(queries),
        "first_p50_ms": round(percentile_ms(first, 50), 1),
        "first_p95_ms": round(percentile_ms(first, 95), 1),
        "p50_ms": round(percentile_ms(again, 50), 1),
        "p95_ms": round(percentile_ms(again, 95), 1),
    }


ROOT = Path(__file__).resolve().parent.parent
PROFILED_PAGES = ("category", "product")
PROFILE_REQUESTS = 30
PROFILE_LINES = 15


def is_ours(file):
    path = Path(file)
    return path.is_relative_to(ROOT) and not {".venv", "site-packages"} & set(path.parts)


def where(file):
    """A profiled function's file, short: the project's relative, a package's from its name."""
    path = Path(file)
    if is_ours(file):
        return str(path.relative_to(ROOT))
    if "site-packages" in path.parts:
        return "/".join(path.parts[path.parts.index("site-packages") + 1 :])
    return file


def profile():
    """cProfile of warm, anonymous, uncached requests of the category and product pages: the
    functions taking the most time per request, cumulative and own."""
    import cProfile
    import pstats

    from django.test import Client

    client, paths, result = Client(), target_paths(), {}
    for name in PROFILED_PAGES:
        for _ in range(3):
            get(client, paths[name])
        profiler = cProfile.Profile()
        started = time.perf_counter()
        profiler.enable()
        for _ in range(PROFILE_REQUESTS):
            get(client, paths[name])
        profiler.disable()
        elapsed = time.perf_counter() - started
        stats = pstats.Stats(profiler).stats
        rows = [
            {
                "function": f"{where(file)}:{line} {function}",
                "ours": is_ours(file),
                "cumulative_ms": round(cumulative * 1000 / PROFILE_REQUESTS, 2),
                "own_ms": round(own * 1000 / PROFILE_REQUESTS, 2),
            }
            for (file, line, function), (_, _, own, cumulative, _) in stats.items()
        ]
        ours = [row for row in rows if row["ours"]]
        result[name] = {
            "requests": PROFILE_REQUESTS,
            "ms_per_request_profiled": round(elapsed * 1000 / PROFILE_REQUESTS, 1),
            "own": sorted(rows, key=lambda row: -row["own_ms"])[:PROFILE_LINES],
            # More: the report leaves out the middleware that wraps the whole request.
            "project_cumulative": sorted(ours, key=lambda row: -row["cumulative_ms"])[
                : 2 * PROFILE_LINES
            ],
        }
    return result


def rss_mb():
    """Current resident set size of this process (Linux), in MB."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
    return None


def peak_rss_mb():
    """This process's peak resident set size, in MB.

    On Linux, VmHWM: ru_maxrss starts from the parent's resident size at fork (kept across
    exec), and the bench's parent may hold a whole feed it fetched while warming up.
    """
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    # ru_maxrss is in kilobytes on Linux, bytes on macOS.
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(peak / (1024 * 1024 if sys.platform == "darwin" else 1024), 1)


def sitemap_paths(client):
    response, _ = get(client, "/sitemap.xml")
    locations = re.findall(r"<loc>([^<]+)</loc>", response.content.decode())
    return ["/sitemap.xml"] + [
        urlsplit(url).path + (f"?{urlsplit(url).query}" if urlsplit(url).query else "")
        for url in (location.replace("&amp;", "&") for location in locations)
    ]


def memory(what):
    """Peak RSS of this process while it generates every sitemap file, or the product feed."""
    from django.test import Client

    client = Client()
    get(client, "/bench/minimal/")
    baseline = rss_mb()
    started = time.perf_counter()
    paths = sitemap_paths(client) if what == "sitemap" else ["/feeds/products.xml"]
    total, streamed = 0, []
    for path in paths:
        response, size = get(client, path)
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}")
        total += size
        streamed.append(response.streaming)
    return {
        "files": len(paths),
        "bytes": total,
        "seconds": round(time.perf_counter() - started, 2),
        "baseline_rss_mb": baseline,
        "peak_rss_mb": peak_rss_mb(),
        "streamed_responses": sum(streamed),
        "method": "VmHWM (peak resident set size) of a fresh process",
    }


def import_rates():
    """Naive page creation and the bulk import, in the same process and transaction, both
    rolled back afterwards so the bench database stays as built."""
    from django.db import transaction

    from bench.database import VAR
    from bench.generate_import_file import row, write_file
    from storefront.importing import CatalogueImport, parse_row
    from storefront.models import (
        Brand,
        CatalogueIndexPage,
        CategoryPage,
        ProductAttribute,
        ProductPage,
    )

    with transaction.atomic():
        catalogue = CatalogueIndexPage.objects.get()
        category = CategoryPage(title="Banc d'essai : création naïve")
        catalogue.add_child(instance=category)
        brands = {brand.name: brand for brand in Brand.objects.all()}
        parsed = [
            parse_row(number, row(number, prefix="NAIVE", gtin_prefix="379"))
            for number in range(1, NAIVE_PRODUCTS + 1)
        ]
        started = time.perf_counter()
        for item in parsed:
            product = ProductPage(sku=item.sku, brand=brands.get(item.brand), **item.fields)
            product.attributes = [
                ProductAttribute(name=name, value=value, unit=unit)
                for name, value, unit in item.attributes
            ]
            category.add_child(instance=product)
            product.save_revision().publish()
        naive_seconds = time.perf_counter() - started

        path = VAR / "import-rate.csv"
        category_path = "Banc d'essai : import > Lot"
        write_file(
            path,
            (
                row(number, category=category_path, prefix="BULK", gtin_prefix="378")
                for number in range(1, BULK_ROWS + 1)
            ),
        )
        started = time.perf_counter()
        with path.open("rb") as file:
            report = CatalogueImport(file, path.name, price_list_name="Banc d'essai").run()
        bulk_seconds = time.perf_counter() - started
        if not report.ok:
            raise SystemExit(f"bulk import failed: {report.errors[:5]}")
        transaction.set_rollback(True)
    naive_rate, bulk_rate = NAIVE_PRODUCTS / naive_seconds, BULK_ROWS / bulk_seconds
    return {
        "naive_products": NAIVE_PRODUCTS,
        "naive_seconds": round(naive_seconds, 2),
        "naive_per_second": round(naive_rate, 1),
        "bulk_rows": BULK_ROWS,
        "bulk_seconds": round(bulk_seconds, 2),
        "bulk_per_second": round(bulk_rate, 1),
        "speedup": round(bulk_rate / naive_rate, 1),
    }


def main(argv):
    setup()
    command = argv[0]
    if command == "targets":
        result = {"paths": target_paths(), "database": database_info()}
    elif command == "queries":
        result = count_queries({k: v for k, v in target_paths().items() if k in PAGES})
    elif command == "search":
        result = search_latency()
    elif command == "profile":
        result = profile()
    elif command == "memory":
        result = memory(argv[1])
    elif command == "import":
        result = import_rates()
    else:
        raise SystemExit(f"unknown measurement « {command} »")
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
