"""Pictures' renditions are made when a product is published, not on a visitor's request."""

import pytest
from wagtail.images import get_image_model

from core.renditions import image_specs
from storefront.demo.images import demo_image
from storefront.models import ProductImage, ProductPage
from tests.conftest import make_product

pytestmark = pytest.mark.django_db


def test_publishing_a_product_makes_every_size_of_its_pictures(
    category, settings, django_capture_on_commit_callbacks
):
    settings.STOREFRONT_PREPARE_RENDITIONS = True
    image = demo_image("Image de test des tailles", size=(800, 600))
    image.renditions.all().delete()
    product = make_product(category, 1)
    product = ProductPage.objects.get(pk=product.pk)
    product.gallery_images = [ProductImage(image=image, alt_text="Une image")]
    with django_capture_on_commit_callbacks(execute=True):
        product.save_revision().publish()
    image = get_image_model().objects.get(pk=image.pk)
    made = set(image.renditions.values_list("filter_spec", flat=True))
    assert made >= set(image_specs())


def test_nothing_is_made_when_turned_off(category, django_capture_on_commit_callbacks):
    image = demo_image("Image de test sans préparation", size=(800, 600))
    image.renditions.all().delete()
    product = make_product(category, 2)
    product = ProductPage.objects.get(pk=product.pk)
    product.gallery_images = [ProductImage(image=image, alt_text="Une image")]
    with django_capture_on_commit_callbacks(execute=True):
        product.save_revision().publish()
    assert not image.renditions.exists()
