"""A price list's revision written by the database (the import's path for lists of hundreds
of thousands of lines) is the revision Wagtail would write, and publishes the same prices."""

from decimal import Decimal

import pytest

from promotions.models import PriceList
from tests.conftest import make_price_list, make_product

pytestmark = pytest.mark.django_db


def lines_of(price_list):
    return sorted(
        (line.product_id, line.min_quantity, line.unit_price) for line in price_list.lines.all()
    )


def test_the_revision_of_stored_lines_is_wagtails_revision(category):
    first, second = make_product(category, 1), make_product(category, 2)
    price_list = make_price_list(
        {first: [(1, "12.40"), (10, "11.0625")], second: Decimal("0.3")}, publish=False
    )
    expected = PriceList.objects.get(pk=price_list.pk).save_revision().content["lines"]

    stored = PriceList.objects.get(pk=price_list.pk)
    revision = stored.save_revision_of_stored_lines()

    written = revision.content["lines"]
    assert len(written) == 3
    # The same fields; prices compare as numbers (the databases print 12.4 or 12.4000).
    for line in [*expected, *written]:
        line["unit_price"] = Decimal(line["unit_price"])
    assert sorted(written, key=lambda line: line["pk"]) == expected
    assert stored.latest_revision == revision and stored.has_unpublished_changes


def test_publishing_it_keeps_the_stored_lines(category):
    products = [make_product(category, number) for number in range(1, 4)]
    price_list = make_price_list(
        {product: Decimal(f"{number}.99") for number, product in enumerate(products)},
        publish=False,
    )
    before = lines_of(price_list)

    stored = PriceList.objects.get(pk=price_list.pk)
    revision = stored.save_revision_of_stored_lines()
    stored.save()  # the instance still knows its lines
    assert lines_of(PriceList.objects.get(pk=price_list.pk)) == before
    revision.publish()

    published = PriceList.objects.get(pk=price_list.pk)
    assert published.live and lines_of(published) == before


def test_a_list_without_lines_gets_an_empty_list_of_lines(category):
    price_list = PriceList.objects.create(name="Vide", live=False)
    assert price_list.save_revision_of_stored_lines().content["lines"] == []
