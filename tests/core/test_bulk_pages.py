"""Bulk page creation: the tree, history and indexes that add_child() + publish() would give."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.images.models import Image
from wagtail.models import Page, PageLogEntry, ReferenceIndex, Revision

from core.bulk_pages import bulk_create_pages
from storefront.importing import CatalogueImport
from storefront.models import (
    Brand,
    CatalogueIndexPage,
    CategoryPage,
    ProductAttribute,
    ProductImage,
    ProductPage,
)
from tests.conftest import make_product

pytestmark = pytest.mark.django_db

CATEGORIES = ["Vrac > Seaux", "Vrac > Balais", "Vrac > Éponges"]
HEADER = "reference;nom;categorie;marque;caracteristiques;prix"
# A word the demo catalogue does not contain, so a search finds only the product named with it.
WORD = "zorglubine"


def row(number, name=None, category=None):
    name = name or (f"Serpillière {WORD}" if number == 42 else f"Article vrac {number:04d}")
    category = category or CATEGORIES[number % 3]
    return f"VRAC-{number:04d};{name};{category};Marque vrac;Matière=Inox | Volume=5 [L];2,50"


def import_rows(rows):
    report = CatalogueImport(io.BytesIO("\n".join([HEADER, *rows]).encode()), "vrac.csv").run()
    assert report.ok and report.applied, report.errors
    return report


def tree_problems():
    return [problems for problems in Page.find_problems() if problems]


@pytest.fixture
def imported(db):
    return import_rows([row(number) for number in range(1, 121)])


@pytest.fixture
def admin_user(db):
    return get_user_model().objects.get(username="admin")


def test_bulk_import_leaves_a_valid_tree(imported):
    assert len(imported.created) == 120
    assert imported.categories_created == [
        "Vrac",
        "Vrac > Balais",
        "Vrac > Éponges",
        "Vrac > Seaux",
    ]
    assert tree_problems() == []
    out = io.StringIO()
    call_command("fixtree", "--noinput", stdout=out)
    assert "Incorrect" not in out.getvalue() and "Orphaned" not in out.getvalue()
    assert out.getvalue().count("No problems found") == 2  # pages, collections
    assert CategoryPage.objects.get(title="Vrac").numchild == 3
    for title in ("Seaux", "Balais", "Éponges"):
        category = CategoryPage.objects.get(title=title)
        slugs = list(category.get_children().values_list("slug", flat=True))
        assert category.numchild == len(slugs) == len(set(slugs)) == 40


def test_bulk_created_pages_are_published_with_a_revision_and_history(imported):
    products = ProductPage.objects.filter(sku__startswith="VRAC-").select_related("live_revision")
    assert products.count() == 120
    for product in products:
        assert product.live and not product.has_unpublished_changes
        assert product.live_revision_id == product.latest_revision_id is not None
        assert product.first_published_at == product.last_published_at is not None
        assert product.url_path == f"{product.get_parent().url_path}{product.slug}/"
        assert product.live_revision.object_id == str(product.pk)
    product = products.get(sku="VRAC-0042")
    assert Revision.page_revisions.filter(object_id=str(product.pk)).count() == 1
    restored = product.live_revision.as_object()
    assert restored.sku == "VRAC-0042"
    assert [(a.name, a.value, a.unit) for a in restored.attributes.all()] == [
        ("Matière", "Inox", ""),
        ("Volume", "5", "L"),
    ]
    entries = PageLogEntry.objects.filter(page=product)
    assert sorted(entries.values_list("action", flat=True)) == ["wagtail.create", "wagtail.publish"]
    assert entries.get(action="wagtail.publish").revision_id == product.live_revision_id
    category = CategoryPage.objects.get(title="Seaux")
    assert category.live and category.live_revision_id
    assert PageLogEntry.objects.filter(page=category, action="wagtail.publish").exists()


def test_bulk_created_pages_are_served_and_found(imported, client):
    product = ProductPage.objects.get(sku="VRAC-0042")
    assert client.get(product.url).status_code == 200
    assert client.get(product.get_parent().url).status_code == 200
    assert client.get(ProductPage.objects.get(sku="VRAC-0120").url).status_code == 200
    assert list(ProductPage.objects.live().search(WORD)) == [product]
    assert list(CategoryPage.objects.live().search("Éponges")) == [
        CategoryPage.objects.get(title="Éponges")
    ]
    assert WORD in client.get("/search/", {"q": WORD}).content.decode()


def test_admin_opens_and_the_normal_wagtail_path_edits_a_bulk_created_page(
    imported, client, admin_user
):
    product = ProductPage.objects.get(sku="VRAC-0042")
    assert client.login(username="admin", password="admin-demo")
    assert client.get(f"/admin/pages/{product.pk}/edit/").status_code == 200
    assert client.get(f"/admin/pages/{product.pk}/history/").status_code == 200

    product.title = "Serpillière renommée"
    product.attributes = [ProductAttribute(name="Matière", value="Coton")]
    product.save_revision(user=admin_user).publish(user=admin_user)
    product = ProductPage.objects.get(pk=product.pk)
    assert product.title == "Serpillière renommée" and product.live
    assert [a.value for a in product.attributes.all()] == ["Coton"]
    assert Revision.page_revisions.filter(object_id=str(product.pk)).count() == 2
    assert client.get(product.url).status_code == 200

    # A page added the usual way after a bulk batch goes after it, in a still valid tree.
    category = product.get_parent()
    newcomer = make_product(category, 9001)
    assert newcomer.path > max(
        category.get_children().exclude(pk=newcomer.pk).values_list("path", flat=True)
    )
    assert tree_problems() == []


def test_a_file_mixing_existing_and_new_products(imported):
    rows = [row(number) for number in range(3, 121)]
    rows += [row(1, name="Article vrac renommé"), row(2, category="Vrac > Seaux")]
    rows += [row(number) for number in range(121, 151)]
    report = import_rows(rows)
    assert report.created == [f"VRAC-{number:04d}" for number in range(121, 151)]
    assert sorted(report.updated) == ["VRAC-0001", "VRAC-0002"]
    assert len(report.unchanged) == 118
    assert ProductPage.objects.get(sku="VRAC-0001").title == "Article vrac renommé"
    assert ProductPage.objects.get(sku="VRAC-0002").get_parent().title == "Seaux"
    assert tree_problems() == []
    counts = {
        category.title: (category.numchild, category.get_children().count())
        for category in CategoryPage.objects.filter(title__in=["Seaux", "Balais", "Éponges"])
    }
    # VRAC-0002 moved from Éponges to Seaux; 10 new products in each category.
    assert counts == {"Seaux": (51, 51), "Balais": (50, 50), "Éponges": (49, 49)}
    # Re-importing the same file changes nothing.
    again = import_rows(rows)
    assert again.created == [] and again.updated == [] and len(again.unchanged) == 150


def test_slugs_are_unique_among_siblings_and_within_the_batch(category):
    make_product(category, 1, title="Seau", slug="seau")
    pages = [ProductPage(title="Seau", sku=f"SEAU-{n}") for n in range(3)]
    pages.append(ProductPage(title="Seau 2", sku="SEAU-X"))
    pages.append(ProductPage(title="Seau", slug="seau-galvanise", sku="SEAU-G"))
    bulk_create_pages(category, pages)
    assert [page.slug for page in pages] == [
        "seau-2",
        "seau-3",
        "seau-4",
        "seau-2-2",
        "seau-galvanise",
    ]
    assert category.numchild == 6  # updated in memory too, as add_child() does

    before = Page.objects.count()
    with pytest.raises(ValidationError, match="seau-3"):
        bulk_create_pages(category, [ProductPage(title="Autre", slug="seau-3", sku="SEAU-Y")])
    assert Page.objects.count() == before
    assert Page.objects.get(pk=category.pk).numchild == 6


def test_child_relations_and_reference_index_match_the_normal_path(category):
    brand = Brand.objects.first()
    image = Image.objects.first()

    def product(sku):
        page = ProductPage(title=f"Bac {sku}", sku=sku, brand=brand)
        page.attributes = [
            ProductAttribute(name="Matière", value="Inox"),
            ProductAttribute(name="Volume", value="5", unit="L"),
        ]
        page.gallery_images = [ProductImage(image=image, alt_text="Bac inox")]
        page.tags.add("inox")
        return page

    normal = product("BAC-NORMAL")
    category.add_child(instance=normal)
    normal.save_revision().publish()
    bulk = product("BAC-BULK")
    bulk_create_pages(category, [bulk])

    bulk = ProductPage.objects.get(pk=bulk.pk)
    assert [(a.name, a.sort_order) for a in bulk.attributes.all()] == [
        ("Matière", 0),
        ("Volume", 1),
    ]
    assert bulk.first_image() == image
    assert list(bulk.tags.names()) == ["inox"]

    page_type = ContentType.objects.get_for_model(Page)

    def references(page):
        return set(
            ReferenceIndex.objects.filter(
                base_content_type=page_type, object_id=str(page.pk)
            ).values_list("content_type", "to_content_type", "to_object_id", "model_path")
        )

    found = references(bulk)
    assert found == references(normal)
    assert {path for *_, path in found} >= {"brand", "gallery_images.item.image"}
    ReferenceIndex.create_or_update_for_object(bulk)
    assert references(bulk) == found

    normal_content = normal.latest_revision.content
    bulk_content = bulk.latest_revision.content
    assert normal_content.keys() == bulk_content.keys()
    assert [child.keys() for child in normal_content["attributes"]] == [
        child.keys() for child in bulk_content["attributes"]
    ]
    assert all(child["pk"] for child in bulk_content["attributes"])
    assert set(PageLogEntry.objects.filter(page=bulk).values_list("action", flat=True)) == set(
        PageLogEntry.objects.filter(page=normal).values_list("action", flat=True)
    )


def test_user_is_recorded_as_owner_and_in_history(category, admin_user):
    (page,) = bulk_create_pages(
        category, [ProductPage(title="Pelle", sku="PELLE-1")], user=admin_user
    )
    page = ProductPage.objects.get(pk=page.pk)
    assert page.owner == admin_user
    assert page.live_revision.user == admin_user
    assert set(PageLogEntry.objects.filter(page=page).values_list("user", flat=True)) == {
        admin_user.pk
    }


def test_query_count_does_not_grow_with_the_number_of_pages(category):
    def queries(count, first):
        pages = []
        for number in range(first, first + count):
            page = ProductPage(title=f"Balai {number}", sku=f"BALAI-{number}")
            page.attributes = [ProductAttribute(name="Matière", value="Bois")]
            pages.append(page)
        with CaptureQueriesContext(connection) as captured:
            bulk_create_pages(category, pages)
        return len(captured)

    few, many = queries(5, 0), queries(300, 100)
    # Only SQLite's 999-parameter limit splits inserts into more statements.
    assert many <= few + 40, (few, many)
    assert tree_problems() == []


def test_refuses_what_it_cannot_create_correctly(category):
    catalogue = CatalogueIndexPage.objects.get()
    with pytest.raises(ValueError, match="cannot be created under"):
        bulk_create_pages(catalogue, [ProductPage(title="Égaré", sku="EGARE-1")])
    with pytest.raises(TypeError, match="one model"):
        bulk_create_pages(category, [ProductPage(title="A", sku="A-1"), CategoryPage(title="B")])
    existing = make_product(category, 7)
    with pytest.raises(ValueError, match="already saved"):
        bulk_create_pages(category, [existing])
    assert tree_problems() == []
