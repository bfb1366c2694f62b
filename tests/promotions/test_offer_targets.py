"""Which products an offer targets: one definition (`promotions.pricing.targets_q`), the same
in memory (`PricingRecords.offers_for`, what the pricing function applies) and in SQL (the
offer filter of listings, the planning, cache purges)."""

from itertools import combinations

import pytest
from django.utils import timezone

from promotions.pricing import ANONYMOUS_BUYER, pricing_records
from promotions.reach import offer_products_filter
from storefront.models import Brand, CategoryPage, ProductPage
from tests.conftest import make_product
from tests.promotions.test_offers import make_offer

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(category):
    """Products in a category, in a subcategory, of a brand, and one apart from all."""
    sub = category.add_child(instance=CategoryPage(title="Sous-rayon", slug="sous-rayon"))
    other = category.get_parent().add_child(instance=CategoryPage(title="Autre", slug="autre"))
    brand = Brand.objects.create(name="Marque ciblée")
    products = {
        "in_category": make_product(category, 1),
        "in_subcategory": make_product(sub, 2),
        "of_brand": make_product(other, 3, brand=brand),
        "chosen": make_product(other, 4),
        "apart": make_product(other, 5),
    }
    offers = [
        make_offer(name="Rayon", value=10, categories=[category]),
        make_offer(name="Marque", value=10, brands=[brand]),
        make_offer(name="Choisi", value=10, products=[products["chosen"]]),
        make_offer(name="Mêlée", value=10, products=[products["apart"]], brands=[brand]),
    ]
    return products, offers


def test_every_set_of_offers_targets_the_same_products_in_memory_and_in_sql(catalogue):
    products, offers = catalogue
    records = pricing_records(ANONYMOUS_BUYER, timezone.now())
    products = list(ProductPage.objects.filter(pk__in=[p.pk for p in products.values()]))
    chosen_ones = [
        set(some) for size in range(len(offers) + 1) for some in combinations(offers, size)
    ]
    for chosen in chosen_ones:
        ids = {offer.pk for offer in chosen}
        in_memory = {p.pk for p in products if {o.pk for o in records.offers_for(p)} & ids}
        for condition in (records.products_filter(chosen), offer_products_filter(chosen)):
            found = set(ProductPage.objects.filter(condition).values_list("pk", flat=True))
            assert found == in_memory, [offer.name for offer in chosen]
    # Each product is targeted, each in its own way; the last only by the mixed offer.
    targeted = {p.pk: {o.name for o in records.offers_for(p)} for p in products}
    assert targeted[catalogue[0]["apart"].pk] == {"Mêlée"}
    assert all(targeted.values())
