"""Product pictures' renditions are made ahead when a product is published (from the admin
or the scheduler) or imported, by a task (core/renditions.py)."""

from django.conf import settings
from django.db import transaction
from wagtail.signals import page_published

from core import renditions
from storefront.models import ProductImage, ProductPage

# The sizes of templates/storefront/includes/product_card.html and product_page.html,
# registered in storefront/wagtail_hooks.py.
TEMPLATE_SPECS = (
    "fill-400x400|format-webp",
    "fill-480x480|format-webp",
    "fill-960x960|format-webp",
    "fill-160x160|format-webp",
)
CHUNK_SIZE = 5000


def enabled():
    return getattr(settings, "STOREFRONT_PREPARE_RENDITIONS", True)


def product_image_ids(product_ids):
    product_ids = list(product_ids)
    image_ids = set()
    for start in range(0, len(product_ids), CHUNK_SIZE):
        chunk = product_ids[start : start + CHUNK_SIZE]
        image_ids.update(
            ProductImage.objects.filter(page_id__in=chunk).values_list("image_id", flat=True)
        )
    return image_ids


def enqueue(product_ids):
    image_ids = sorted(product_image_ids(product_ids))
    if image_ids:
        renditions.prepare_renditions.enqueue(image_ids)


def prepare_after_commit(product_ids):
    # Once committed: a rolled-back import makes none, and the import's transaction does not
    # wait for the queue.
    if enabled():
        product_ids = list(product_ids)
        transaction.on_commit(lambda: enqueue(product_ids))


def on_product_published(sender, instance, **kwargs):
    prepare_after_commit([instance.pk])


def connect():
    page_published.connect(
        on_product_published, sender=ProductPage, dispatch_uid="renditions-product-published"
    )
