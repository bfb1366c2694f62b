"""The SEO report: problems collected page by page, and their admin screen with filter/export."""

import csv
import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction

from seo.reports import ProblemKind, collect_problems
from storefront.models import Availability, CategoryPage, ProductImage
from tests.conftest import make_price_list, make_product

pytestmark = pytest.mark.django_db

NOW = timezone.now()
LONG_TITLE = "Conserves de légumes bio en gros pour la restauration collective et CHR"
GOOD_DESCRIPTION = "Des conserves de légumes pour les cuisines professionnelles, livrées en 48 h."
URL = "/admin/reports/seo/"


def kinds_of(problems, page):
    return {problem.kind for problem in problems if problem.page_id == page.pk}


def add_category(parent, title, slug, **fields):
    page = CategoryPage(title=title, slug=slug, **fields)
    parent.add_child(instance=page)
    return page


@pytest.fixture
def long_titled(category):
    assert len(LONG_TITLE) == 71
    return add_category(category, LONG_TITLE, "conserves-bio")


@pytest.fixture
def imageless(category):
    return make_product(category, 1, title="Produit sans photo")


def test_problems_of_a_page(category):
    image = get_image_model().objects.first()
    fine = add_category(
        category, "Conserves fines", "fines", search_description=GOOD_DESCRIPTION, og_image=image
    )
    short = add_category(category, "Sauces", "sauces", search_description="Trop court.")
    long = add_category(category, LONG_TITLE, "long")
    seo_titled = add_category(
        category, LONG_TITLE + " bis", "seo-title", seo_title="Conserves bio en gros"
    )
    # What the page shares and says when the editor left the SEO fields empty (seo.share):
    # the category's own picture, and its introduction (reported, but said to stand in).
    pictured = add_category(category, "Condiments", "condiments", image=image, intro="<p>Sel</p>")
    problems = collect_problems()
    assert kinds_of(problems, fine) == set()
    assert kinds_of(problems, short) == {
        ProblemKind.DESCRIPTION_LENGTH,
        ProblemKind.MISSING_SHARE_IMAGE,
    }
    assert kinds_of(problems, long) == {
        ProblemKind.LONG_TITLE,
        ProblemKind.MISSING_DESCRIPTION,
        ProblemKind.MISSING_SHARE_IMAGE,
    }
    # The title search engines see is the SEO title when there is one.
    assert ProblemKind.LONG_TITLE not in kinds_of(problems, seo_titled)
    detail = next(p.detail for p in problems if p.page_id == long.pk and p.kind == "long_title")
    assert "71 caractères" in detail
    assert kinds_of(problems, pictured) == {ProblemKind.MISSING_DESCRIPTION}
    detail = next(p.detail for p in problems if p.page_id == pictured.pk)
    assert "« Introduction » est reprise" in detail


def test_products_without_image_or_public_price(category):
    image = get_image_model().objects.first()
    priced = make_product(category, 1)
    ProductImage.objects.create(page=priced, image=image, alt_text="Photo")
    bare = make_product(category, 2)
    discontinued = make_product(category, 3, availability=Availability.DISCONTINUED)
    make_price_list({priced: "4.00"}, valid_from=NOW - timedelta(days=1))
    problems = collect_problems()
    # The first gallery image is the product's share image.
    assert kinds_of(problems, priced) == {ProblemKind.MISSING_DESCRIPTION}
    assert {
        ProblemKind.PRODUCT_WITHOUT_IMAGE,
        ProblemKind.PRODUCT_WITHOUT_PRICE,
        ProblemKind.MISSING_SHARE_IMAGE,
    } <= kinds_of(problems, bare)
    # A product no longer sold needs no price.
    assert ProblemKind.PRODUCT_WITHOUT_PRICE not in kinds_of(problems, discontinued)


def test_duplicate_titles_are_reported_on_each_page(category):
    first = add_category(category, "Sauces", "sauces-1")
    second = add_category(category, "  sauces ", "sauces-2")
    problems = [p for p in collect_problems() if p.kind == ProblemKind.DUPLICATE_TITLE]
    assert {p.page_id for p in problems} >= {first.pk, second.pk}
    detail = next(p.detail for p in problems if p.page_id == first.pk)
    assert "/sauces-2/" in detail


def test_pages_kept_out_of_the_index_get_one_row(category):
    hidden = add_category(category, LONG_TITLE, "cachee", noindex=True)
    private = add_category(category, "Espace privé", "prive")
    inside = add_category(private, "Sous-page privée", "sous-page")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    problems = collect_problems()
    for page in (hidden, private, inside):
        assert kinds_of(problems, page) == {ProblemKind.NOINDEX}
    assert "Ne pas indexer" in next(p.detail for p in problems if p.page_id == hidden.pk)


def test_scope_and_kinds_limit_the_report(long_titled, imageless):
    scoped = collect_problems(Page.objects.filter(pk=long_titled.pk))
    assert {p.page_id for p in scoped} == {long_titled.pk}
    only = collect_problems(kinds=[ProblemKind.PRODUCT_WITHOUT_IMAGE])
    assert {p.kind for p in only} == {ProblemKind.PRODUCT_WITHOUT_IMAGE}
    assert imageless.pk in {p.page_id for p in only}


def test_queries_do_not_grow_with_pages(category):
    def count():
        with CaptureQueriesContext(connection) as captured:
            collect_problems()
        return len(captured.captured_queries)

    for number in range(1, 4):
        make_product(category, number)
    count()  # fills the caches (pricing records) that the second count also finds warm
    small = count()
    for number in range(4, 20):
        make_product(category, number)
    assert count() == small


# --- Admin screen -----------------------------------------------------------------------------


@pytest.fixture
def admin(client):
    assert client.login(username="admin", password="admin-demo")
    return client


def test_report_lists_problems_in_french(admin, long_titled, imageless):
    html = admin.get(URL).content.decode()
    assert "Référencement" in html
    assert LONG_TITLE in html and "Titre de plus de 60 caractères" in html
    assert "Produit sans photo" in html and "Produit sans image" in html
    assert f"/admin/pages/{imageless.pk}/edit/" in html
    assert "Télécharger" in html or "Download" in html  # export buttons


def test_report_is_in_the_reports_menu(admin):
    assert URL in admin.get("/admin/").content.decode()


def test_filter_by_problem_type(admin, long_titled, imageless):
    html = admin.get(URL, {"kind": ProblemKind.PRODUCT_WITHOUT_IMAGE}).content.decode()
    assert "Produit sans photo" in html
    assert LONG_TITLE not in html
    results = admin.get(f"{URL}results/", {"kind": ProblemKind.LONG_TITLE}).content.decode()
    assert LONG_TITLE in results and "Produit sans photo" not in results


def test_csv_and_xlsx_export(admin, long_titled, imageless):
    response = admin.get(URL, {"export": "csv", "kind": ProblemKind.LONG_TITLE})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "referencement-" in response["Content-Disposition"]
    content = b"".join(response.streaming_content).decode()
    rows = list(csv.DictReader(io.StringIO(content)))
    assert list(rows[0]) == ["Page", "Type", "Problème", "Détail", "Adresse", "Identifiant"]
    assert {row["Problème"] for row in rows} == {"Titre de plus de 60 caractères"}
    row = next(row for row in rows if row["Page"] == LONG_TITLE)
    assert row["Adresse"].startswith("http") and row["Adresse"].endswith("/conserves-bio/")

    response = admin.get(URL, {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = [row for row in sheet.iter_rows(values_only=True)]
    assert values[0][:3] == ("Page", "Type", "Problème")
    assert ("Produit sans photo", "Produit", "Produit sans image") in {v[:3] for v in values}


def test_editor_sees_it(client, imageless):
    client.login(username="editeur", password="editeur-demo")
    response = client.get(URL)
    assert response.status_code == 200
    assert "Produit sans photo" in response.content.decode()


def test_customer_is_refused(client, imageless):
    client.login(username="client", password="client-demo")
    response = client.get(URL)
    assert response.status_code == 302
    assert "Produit sans photo" not in client.get(URL, follow=True).content.decode()
    assert client.get(URL, {"export": "csv"}).status_code == 302


def test_exports_never_hold_a_formula(admin, category):
    title = "=cmd|' /C calc'!A0"
    add_category(category, title, "formule")
    response = admin.get(URL, {"export": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert "'" + title in {row[0] for row in rows}
    assert not [cell for row in rows for cell in row if cell.startswith(("=", "+", "-", "@"))]

    response = admin.get(URL, {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert "'" + title in {cell.value for cell in cells}
    assert not [cell for cell in cells if cell.data_type == "f" or str(cell.value)[:1] == "="]
