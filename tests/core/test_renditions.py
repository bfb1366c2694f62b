"""Pictures' sizes are made by a task that the apps feed: each app registers the sizes it
shows (the `product_image_specs` hook), publishing a product queues its pictures' ids."""

import json

import pytest
from django_tasks import task_backends
from wagtail.images import get_image_model

from brochures.content import IMAGE_SPEC as BROCHURE_SPEC
from core.renditions import image_specs, prepare_renditions
from seo.feeds import IMAGE_SPEC as FEED_SPEC
from seo.share import SHARE_IMAGE_SPEC
from seo.structured_data import PRODUCT_IMAGE_SPEC
from storefront.demo.images import demo_image
from storefront.models import ProductImage, ProductPage
from storefront.renditions import TEMPLATE_SPECS
from tests.conftest import make_product

pytestmark = pytest.mark.django_db


def test_every_app_registers_the_sizes_it_shows():
    specs = image_specs()
    assert set(specs) == {
        *TEMPLATE_SPECS,
        PRODUCT_IMAGE_SPEC,
        FEED_SPEC,
        SHARE_IMAGE_SPEC,
        BROCHURE_SPEC,
    }
    assert len(specs) == len(set(specs)) == 8


def test_publishing_queues_the_pictures_and_the_worker_makes_them(
    category, settings, django_capture_on_commit_callbacks
):
    settings.STOREFRONT_PREPARE_RENDITIONS = True
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
        "background": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"},
    }
    image = demo_image("Image en file d'attente", size=(640, 480))
    image.renditions.all().delete()
    product = ProductPage.objects.get(pk=make_product(category, 1).pk)
    product.gallery_images = [ProductImage(image=image, alt_text="Une image")]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        product.save_revision().publish()
    queue = task_backends["background"]
    assert queue.results == []  # nothing before the commit
    for callback in callbacks:
        callback()
    (result,) = [r for r in queue.results if r.task.name == "prepare_renditions"]
    assert json.loads(json.dumps(result.args)) == [[image.pk]]  # what the queue stores
    assert not image.renditions.exists()  # made by the worker, not in the request

    assert prepare_renditions.call(*result.args) == 1
    made = set(
        get_image_model().objects.get(pk=image.pk).renditions.values_list("filter_spec", flat=True)
    )
    assert made >= set(image_specs())
