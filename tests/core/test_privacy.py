"""Which pages are private (core/privacy.py): one rule for lists (cached paths) and for the
page being served (read from the database, never late)."""

import pytest
from wagtail.models import PageViewRestriction

from core.privacy import is_private, is_private_path
from storefront.models import CategoryPage, ProductPage

pytestmark = pytest.mark.django_db


def test_a_restriction_makes_its_page_and_everything_under_it_private(category):
    product = ProductPage.objects.child_of(category).first() or ProductPage.objects.first()
    section = product.get_parent()
    assert not is_private(product) and not is_private_path(product.path)
    PageViewRestriction.objects.create(page=section, restriction_type="login")
    product = ProductPage.objects.get(pk=product.pk)
    assert is_private(product) and is_private(CategoryPage.objects.get(pk=section.pk))
    # The cached paths follow the new content generation the restriction started.
    assert is_private_path(product.path) and is_private_path(section.path)
    assert not is_private_path(section.get_parent().path)


def test_the_cached_paths_may_be_given_by_a_caller_that_read_them():
    assert is_private_path("000100020003", ["00010002"])
    assert not is_private_path("00010003", ["00010002"])
    assert not is_private_path("00010002", [])
