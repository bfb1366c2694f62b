"""Renditions of product pictures made ahead, so that no visitor waits for one.

A product picture is shown in several sizes: cards, the product page and its thumbnails,
structured data and sitemaps, the Merchant feed, brochures, share previews. Wagtail makes a
rendition the first time a page asks for it (about 0.1 s per size and picture), which would
fall on the first visitor after a publish or an import, or on a crawler reading a feed.
Publishing a product (from the admin or the scheduler) and importing the catalogue make them
instead, once the transaction has committed.
"""

import logging

from django.conf import settings
from django.db import transaction
from wagtail.images import get_image_model
from wagtail.signals import page_published

from brochures.content import IMAGE_SPEC as BROCHURE_SPEC
from seo.feeds import IMAGE_SPEC as FEED_SPEC
from seo.share import SHARE_IMAGE_SPEC
from seo.structured_data import PRODUCT_IMAGE_SPEC
from storefront.models import ProductImage, ProductPage

logger = logging.getLogger(__name__)

# The sizes of templates/storefront/includes/product_card.html and product_page.html.
TEMPLATE_SPECS = (
    "fill-400x400|format-webp",
    "fill-480x480|format-webp",
    "fill-960x960|format-webp",
    "fill-160x160|format-webp",
)
PRODUCT_IMAGE_SPECS = (
    *TEMPLATE_SPECS,
    PRODUCT_IMAGE_SPEC,
    FEED_SPEC,
    BROCHURE_SPEC,
    SHARE_IMAGE_SPEC,
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


def prepare_product_renditions(product_ids):
    """Make every size of the pictures of these products that does not exist yet."""
    made = 0
    for image in get_image_model().objects.filter(pk__in=product_image_ids(product_ids)):
        try:
            image.get_renditions(*PRODUCT_IMAGE_SPECS)
        except OSError:  # Wagtail's SourceImageIOError included: a lost file
            logger.warning("Image %s illisible : tailles non préparées", image.pk, exc_info=True)
            continue
        made += 1
    return made


def prepare_after_commit(product_ids):
    if enabled():
        product_ids = list(product_ids)
        transaction.on_commit(lambda: prepare_product_renditions(product_ids))


def on_product_published(sender, instance, **kwargs):
    prepare_after_commit([instance.pk])


def connect():
    page_published.connect(
        on_product_published, sender=ProductPage, dispatch_uid="renditions-product-published"
    )
