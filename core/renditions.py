"""Renditions of pictures made ahead by a task, so that no visitor waits for one.

Wagtail makes a rendition the first time a page asks for it (about 0.1 s per size and
picture), which would fall on the first visitor after a publish or an import, or on a crawler
reading a feed. The apps that show product pictures name the sizes they use through the
``product_image_specs`` hook (a function returning filter specs, in each app's
wagtail_hooks.py); the app that publishes products enqueues their pictures' ids once the
transaction has committed (storefront/renditions.py).
"""

import logging

from django_tasks import task
from wagtail import hooks
from wagtail.images import get_image_model

logger = logging.getLogger(__name__)

SPECS_HOOK = "product_image_specs"
CHUNK_SIZE = 5000


def image_specs():
    """Every size registered, each once, in the apps' order."""
    return tuple(dict.fromkeys(spec for hook in hooks.get_hooks(SPECS_HOOK) for spec in hook()))


def _images(image_ids):
    for start in range(0, len(image_ids), CHUNK_SIZE):
        yield from get_image_model().objects.filter(pk__in=image_ids[start : start + CHUNK_SIZE])


@task(backend="background")
def prepare_renditions(image_ids):
    """Make every registered size of these pictures that does not exist yet; how many
    pictures were done."""
    specs = image_specs()
    made = 0
    for image in _images(image_ids):
        try:
            image.get_renditions(*specs)
        except OSError:  # Wagtail's SourceImageIOError included: a lost file
            logger.warning("Image %s illisible : tailles non préparées", image.pk, exc_info=True)
            continue
        made += 1
    return made
