"""Time the PDF brochure of 60 products: `.venv/bin/python bench/brochure_timing.py [N]`.

Runs on a throw-away SQLite database and media folder (migrate + load_demo: about a minute),
never on the project's own. Prints the time of one brochure with cold renditions (Wagtail makes
the JPEG thumbnails during the request, as on the first download after an import) and with
warm ones (every later download), split between content (queries, pricing, reading pictures)
and layout (fpdf2), and the size and page count of the PDF.
"""

import io
import logging
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent
WORK = Path(tempfile.mkdtemp(prefix="brochure-bench-"))
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.dev"
os.environ["DATABASE_URL"] = f"sqlite:///{WORK / 'bench.sqlite3'}"
os.environ["MEDIA_ROOT"] = str(WORK / "media")
django.setup()

from django.contrib.auth.models import AnonymousUser  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import RequestFactory  # noqa: E402
from pypdf import PdfReader  # noqa: E402
from wagtail.images import get_image_model  # noqa: E402

from brochures.content import IMAGE_SPEC, build_brochure  # noqa: E402
from brochures.pdf import render  # noqa: E402
from brochures.views import brochure_response  # noqa: E402
from promotions.models import PriceDisplay  # noqa: E402
from storefront.models import CategoryPage, ProductPage, ShopSettings  # noqa: E402

WARM_RUNS = 5


def visitor_request():
    request = RequestFactory().get("/", SERVER_NAME="localhost")
    request.user = AnonymousUser()
    return request


def timed(function):
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def counting(queries):
    def wrapper(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    return wrapper


def main(size):
    logging.disable(logging.INFO)  # page creation logs of load_demo
    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=io.StringIO())
    shop = ShopSettings.objects.get()
    shop.price_display = PriceDisplay.PUBLIC  # the most work: every block has a price
    shop.save()
    source = CategoryPage.objects.live().first()
    products = ProductPage.objects.live().public().order_by("title", "pk")
    if products.count() < size:
        sys.exit(f"Only {products.count()} products in the demo, fewer than {size}.")
    products = ProductPage.objects.filter(pk__in=products.values_list("pk", flat=True)[:size])
    products = products.order_by("title", "pk")

    rendition_model = get_image_model().get_rendition_model()
    rendition_model.objects.filter(filter_spec=IMAGE_SPEC).delete()
    cold, response = timed(lambda: brochure_response(visitor_request(), source, products))
    reader = PdfReader(io.BytesIO(response.content))

    warm = []
    for _ in range(WARM_RUNS):
        warm.append(timed(lambda: brochure_response(visitor_request(), source, products))[0])
    request = visitor_request()
    queries = []
    with connection.execute_wrapper(counting(queries)):
        content, brochure = timed(lambda: build_brochure(request, source, products))
    layout, _ = timed(lambda: render(brochure))

    print(f"Brochure of {len(brochure.entries)} products, {len(reader.pages)} pages, "
          f"{len(response.content) / 1024:.0f} KiB")  # fmt: skip
    print(f"  cold renditions : {cold:.2f} s")
    print(f"  warm renditions : {statistics.median(warm):.2f} s (median of {WARM_RUNS})")
    print(f"    content       : {content:.2f} s, {len(queries)} queries")
    print(f"    layout        : {layout:.2f} s")


if __name__ == "__main__":
    try:
        main(int(sys.argv[1]) if len(sys.argv) > 1 else 60)
    finally:
        shutil.rmtree(WORK, ignore_errors=True)
