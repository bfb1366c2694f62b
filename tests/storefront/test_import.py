"""Catalogue import and export: command, admin screen, validation, idempotence, round trip."""

import io
from decimal import Decimal
from html import unescape

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook, load_workbook
from wagtail.models import Revision

from core.generation import GENERATION_KEY, content_generation
from core.models import ContentGeneration
from core.tabular import format_decimal, read_table
from promotions.models import PriceDisplay, PriceList
from promotions.pricing import Buyer, quote
from storefront.importing import COLUMNS, CatalogueImport
from storefront.models import Brand, CategoryPage, ImportRun, ProductPage

pytestmark = pytest.mark.django_db

HEADER = ";".join(
    ["reference", "nom", "categorie", "marque", "gtin", "unite", "conditionnement", "qte_min"]
    + ["multiple", "disponibilite", "delai_jours", "exclusivite_web", "caracteristiques"]
    + ["prix", "paliers"]
)
GOOD_ROWS = [
    "IMP-001;Torchon coton;Linge > Cuisine;Tissus Pro;3760000001014;pièce;lot de 10;;;"
    "en stock;;non;Matière=Coton | Dimensions=50x70 [cm];1,90;10=1,75 | 50=1,60",
    "IMP-002;Tablier;Linge > Cuisine;Tissus Pro;;pièce;;2;2;"
    "sur commande;5;oui;Matière=Polyester;12,50;",
    "IMP-003;Nappe ronde;Linge > Salle;;;pièce;;;;épuisé;;non;;1 234,00;",
]


def csv_file(rows, header=HEADER, bom=False):
    text = "\n".join([header, *rows]) + "\n"
    return (("\ufeff" if bom else "") + text).encode("utf-8")


def run_import(data, filename="catalogue.csv", **options):
    return CatalogueImport(io.BytesIO(data), filename, **options).run()


def test_good_file_creates_categories_products_and_a_draft_price_list():
    report = run_import(csv_file(GOOD_ROWS))
    assert report.ok and report.applied
    assert sorted(report.created) == ["IMP-001", "IMP-002", "IMP-003"]
    assert report.categories_created == ["Linge", "Linge > Cuisine", "Linge > Salle"]
    assert report.brands_created == ["Tissus Pro"]

    torchon = ProductPage.objects.get(sku="IMP-001")
    assert torchon.live and torchon.title == "Torchon coton"
    assert torchon.get_parent().title == "Cuisine"
    assert torchon.brand == Brand.objects.get(name="Tissus Pro")
    assert [(a.name, a.value, a.unit) for a in torchon.attributes.all()] == [
        ("Matière", "Coton", ""),
        ("Dimensions", "50x70", "cm"),
    ]
    tablier = ProductPage.objects.get(sku="IMP-002")
    assert (tablier.min_order_quantity, tablier.order_multiple) == (2, 2)
    assert tablier.availability == "on_order" and tablier.lead_time_days == 5
    assert tablier.web_exclusive

    price_list = PriceList.objects.get(name="Import catalogue.csv")
    assert not price_list.live  # a draft for editors to review and schedule
    lines = {(ln.product.sku, ln.min_quantity): ln.unit_price for ln in price_list.lines.all()}
    assert lines[("IMP-001", 1)] == Decimal("1.90")
    assert lines[("IMP-001", 50)] == Decimal("1.60")
    assert lines[("IMP-003", 1)] == Decimal("1234.00")
    public = quote(torchon, Buyer.anonymous(), price_display=PriceDisplay.PUBLIC)
    assert public.unit_price is None  # not published yet


def test_reimporting_the_same_file_changes_nothing():
    run_import(csv_file(GOOD_ROWS))
    revisions = Revision.objects.count()
    pages = ProductPage.objects.count()
    report = run_import(csv_file(GOOD_ROWS))
    assert report.ok
    assert report.created == [] and report.updated == []
    assert sorted(report.unchanged) == ["IMP-001", "IMP-002", "IMP-003"]
    assert report.price_list_action == "inchangée"
    assert Revision.objects.count() == revisions
    assert ProductPage.objects.count() == pages


def test_changed_rows_update_products_and_the_draft_prices():
    run_import(csv_file(GOOD_ROWS))
    changed = [GOOD_ROWS[0].replace("Torchon coton", "Torchon coton bio").replace("1,90", "2,10")]
    changed.append(GOOD_ROWS[1].replace("Linge > Cuisine", "Linge > Salle"))
    report = run_import(csv_file(changed + GOOD_ROWS[2:]))
    assert sorted(report.updated) == ["IMP-001", "IMP-002"]
    assert ProductPage.objects.get(sku="IMP-001").title == "Torchon coton bio"
    assert ProductPage.objects.get(sku="IMP-002").get_parent().title == "Salle"
    assert report.price_list_action == "brouillon mis à jour"
    price_list = PriceList.objects.get(name="Import catalogue.csv")
    assert price_list.lines.get(product__sku="IMP-001", min_quantity=1).unit_price == Decimal(
        "2.10"
    )


def test_dry_run_reports_without_changing_anything():
    pages, lists = ProductPage.objects.count(), PriceList.objects.count()
    report = run_import(csv_file(GOOD_ROWS), dry_run=True)
    assert report.ok and not report.applied
    assert len(report.created) == 3 and report.price_list_action == "créée en brouillon"
    assert ProductPage.objects.count() == pages
    assert PriceList.objects.count() == lists
    assert not CategoryPage.objects.filter(title="Linge").exists()


def test_bad_rows_are_each_reported_and_nothing_is_applied():
    rows = GOOD_ROWS + [
        "mauvaise ref;Sans référence valide;Linge;;;;;;;;;;;;",
        "IMP-010;Mauvais EAN;Linge;;3760000001015;;;;;;;;;1,00;",
        "IMP-011;Sans catégorie;;;;;;;;;;;;;",
        "IMP-012;Prix faux;Linge;;;;;;;;;;;douze;",
        "IMP-013;Dispo inconnue;Linge;;;;;;;bientôt;;;;;",
        "IMP-014;Sur commande sans délai;Linge;;;;;;;sur commande;;;;;",
        "IMP-001;Doublon;Linge;;;;;;;;;;;;",
    ]
    pages = ProductPage.objects.count()
    report = run_import(csv_file(rows))
    assert not report.ok and not report.applied
    errors = dict(report.errors)
    assert sorted(errors) == [5, 6, 7, 8, 9, 10, 11]
    assert "référence" in errors[5]
    assert "Clé de contrôle" in errors[6]
    assert "catégorie manquante" in errors[7]
    assert "douze" in errors[8]
    assert "bientôt" in errors[9]
    assert "délai" in errors[10]
    assert "déjà présente ligne 2" in errors[11]
    assert ProductPage.objects.count() == pages
    assert not PriceList.objects.filter(name="Import catalogue.csv").exists()


def test_missing_required_columns_are_reported():
    report = run_import(b"nom;prix\nA;1\n")
    assert report.errors == [(1, "colonnes obligatoires absentes : reference, categorie")]


def test_comma_separated_csv_with_bom_and_french_decimals():
    header = "reference,nom,categorie,prix"
    report = run_import(csv_file(['BOM-1,Seau,Linge > Cuisine,"3,50"'], header, bom=True))
    assert report.ok, report.errors
    line = PriceList.objects.get(name="Import catalogue.csv").lines.get()
    assert line.unit_price == Decimal("3.50")


def test_xlsx_import():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Reference", "Nom", "Categorie", "Prix", "Qte_min"])
    sheet.append(["XL-1", "Bac GN", "Matériel > Cuisson", 21.5, 2])
    sheet.append([None, None, None, None, None])
    sheet.append(["XL-2", "Louche", "Matériel > Cuisson", "6,90", None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = run_import(buffer.getvalue(), "tarif.xlsx", price_list_name="Tarif XL")
    assert report.ok, report.errors
    assert ProductPage.objects.get(sku="XL-1").min_order_quantity == 2
    prices = {
        ln.product.sku: ln.unit_price for ln in PriceList.objects.get(name="Tarif XL").lines.all()
    }
    assert prices == {"XL-1": Decimal("21.50"), "XL-2": Decimal("6.90")}


def test_a_published_price_list_is_never_overwritten():
    run_import(csv_file(GOOD_ROWS))
    PriceList.objects.get(name="Import catalogue.csv").save_revision().publish()
    report = run_import(csv_file([GOOD_ROWS[0].replace("1,90", "9,99")]))
    assert not report.ok
    assert "déjà publiée" in report.errors[0][1]
    assert ProductPage.objects.filter(sku="IMP-001").exists()


def test_command_imports_and_reports(tmp_path):
    path = tmp_path / "cat.csv"
    path.write_bytes(csv_file(GOOD_ROWS))
    out = io.StringIO()
    call_command("import_catalogue", str(path), "--dry-run", stdout=out)
    assert "Simulation" in out.getvalue() and "Produits créés : 3" in out.getvalue()
    assert not ProductPage.objects.filter(sku="IMP-001").exists()
    call_command("import_catalogue", str(path), stdout=out)
    assert ProductPage.objects.filter(sku="IMP-001").exists()


def test_command_fails_on_bad_rows(tmp_path):
    path = tmp_path / "cat.csv"
    path.write_bytes(csv_file(["IMP-1;;Linge;;;;;;;;;;;;"]))
    err = io.StringIO()
    with pytest.raises(CommandError, match="rien n'a été importé"):
        call_command("import_catalogue", str(path), stderr=err)
    assert "ligne 2 : nom manquant" in err.getvalue()


def test_export_then_import_is_a_round_trip(tmp_path):
    for extension in ("csv", "xlsx"):
        path = tmp_path / f"export.{extension}"
        call_command("export_catalogue", str(path), stdout=io.StringIO())
        report = run_import(path.read_bytes(), path.name, dry_run=True)
        assert report.ok, report.errors[:3]
        assert report.created == [] and report.updated == [], extension
        assert len(report.unchanged) == ProductPage.objects.count()


def test_export_carries_list_prices_not_offer_prices(tmp_path):
    # The demo's public « −15 % sur les eaux » runs now: its price must not become a list price.
    product = ProductPage.objects.get(sku="SF-00112")
    assert quote(product, Buyer.anonymous(), price_display=PriceDisplay.PUBLIC).on_offer
    list_prices = {
        line.min_quantity: format_decimal(line.unit_price)
        for line in PriceList.objects.get(name="Tarif général 2026").lines.filter(product=product)
    }
    path = tmp_path / "export.csv"
    call_command("export_catalogue", str(path), stdout=io.StringIO())
    with path.open("rb") as file:
        _, rows = read_table(file, path.name)
        row = next(values for _, values in rows if values["reference"] == "SF-00112")
    assert row["prix"] == list_prices.pop(1)
    assert row["paliers"] == " | ".join(f"{q}={p}" for q, p in sorted(list_prices.items()))


def test_price_list_export(tmp_path):
    path = tmp_path / "prix.xlsx"
    call_command(
        "export_catalogue", str(path), "--price-list", "Conditions CHR", stdout=io.StringIO()
    )
    rows = list(load_workbook(path).active.iter_rows(values_only=True))
    assert list(rows[0]) == COLUMNS
    chr_list = PriceList.objects.get(name="Conditions CHR")
    assert len(rows) - 1 == chr_list.lines.values("product").distinct().count()


def test_admin_import_simulates_then_applies(client):
    client.login(username="editeur", password="editeur-demo")
    upload = SimpleUploadedFile("lot.csv", csv_file(GOOD_ROWS), content_type="text/csv")
    response = client.post("/admin/catalogue/import/", {"file": upload}, follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Simulation de « lot.csv »" in html and "Produits créés : 3" in html
    assert not ProductPage.objects.filter(sku="IMP-001").exists()
    token = response.context["token"]
    response = client.post(
        "/admin/catalogue/import/", {"token": token, "price_list_name": "Tarif linge"}
    )
    assert response.status_code == 302
    assert ProductPage.objects.filter(sku="IMP-001").exists()
    assert PriceList.objects.filter(name="Tarif linge", live=False).exists()
    # The same confirmation cannot run twice: the second one shows the first one's run.
    assert client.post("/admin/catalogue/import/", {"token": token}).status_code == 302
    assert ImportRun.objects.filter(kind=ImportRun.Kind.APPLY).count() == 1


def test_admin_import_shows_row_errors(client):
    client.login(username="editeur", password="editeur-demo")
    upload = SimpleUploadedFile("lot.csv", csv_file(["IMP-1;;Linge;;;;;;;;;;;;"]))
    html = client.post("/admin/catalogue/import/", {"file": upload}, follow=True).content.decode()
    assert "rien n&#x27;a été importé" in html or "rien n'a été importé" in html
    assert "nom manquant" in html
    upload = SimpleUploadedFile("lot.pdf", b"%PDF")
    html = client.post("/admin/catalogue/import/", {"file": upload}).content.decode()
    assert "Format non pris en charge" in html


def test_admin_export_downloads_and_access_rules(client):
    assert client.get("/admin/catalogue/export/csv/").status_code == 302  # to the login page
    client.login(username="client", password="client-demo")
    assert client.get("/admin/catalogue/export/csv/").status_code in (302, 403)
    client.logout()
    client.login(username="editeur", password="editeur-demo")
    response = client.get("/admin/catalogue/export/xlsx/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    price_list = PriceList.objects.get(name="Conditions CHR")
    response = client.get(
        "/admin/catalogue/export-prix/", {"price_list": price_list.pk, "format": "csv"}
    )
    assert response.status_code == 200
    assert response.content.decode("utf-8-sig").startswith(";".join(COLUMNS))


def test_new_products_cost_a_bounded_number_of_queries():
    def queries(first, count):
        rows = [
            f"BULK-{number:04d};Produit {number};Linge > Cuisine;;;;;;;;;;Matière=Coton;1,00;"
            for number in range(first, first + count)
        ]
        with CaptureQueriesContext(connection) as captured:
            report = run_import(csv_file(rows), f"lot{first}.csv")
        assert report.ok and len(report.created) == count
        return len(captured)

    queries(1, 1)  # creates the categories
    few, many = queries(100, 10), queries(200, 200)
    # add_child() + publish() would add ~90 queries per product; SQLite's parameter limit
    # alone splits the bulk inserts into a few more statements.
    assert many - few < 40, (few, many)


def test_updated_characteristics_keep_the_file_order():
    run_import(csv_file(GOOD_ROWS))
    changed = GOOD_ROWS[0].replace(
        "Matière=Coton | Dimensions=50x70 [cm]",
        "Dimensions=50x90 [cm] | Matière=Lin | Couleur=Écru",
    )
    assert run_import(csv_file([changed])).updated == ["IMP-001"]
    torchon = ProductPage.objects.get(sku="IMP-001")
    assert [a.name for a in torchon.attributes.all()] == ["Dimensions", "Matière", "Couleur"]
    # Stored in that order, so importing the same file again changes nothing.
    assert run_import(csv_file([changed])).unchanged == ["IMP-001"]


@pytest.mark.parametrize("pages_from", [1, 100])
def test_a_large_import_refreshes_the_planner_statistics(monkeypatch, pages_from):
    monkeypatch.setattr("core.bulk_pages.ANALYZE_FROM_PAGES", pages_from)
    with CaptureQueriesContext(connection) as captured:
        assert run_import(csv_file(GOOD_ROWS)).applied
    analyzed = [q["sql"] for q in captured.captured_queries if q["sql"].startswith("ANALYZE")]
    if connection.vendor == "postgresql" and pages_from == 1:  # a handful of pages written
        assert '"storefront_productpage"' in " ".join(analyzed)
        assert '"wagtailsearch_indexentry"' in " ".join(analyzed)
    else:
        assert analyzed == []


def test_a_simulation_changes_nothing_not_even_the_cache(client, tmp_path):
    """Issue 12, item 13: a dry run that would create a brand, categories and products, and
    update an existing product, starts no new content generation (which retires every cached
    page) and leaves no row behind, from the command and from the admin alike."""
    existing = ProductPage.objects.live().first()
    changed = f"{existing.sku};{existing.title} (nouveau nom);{existing.get_parent().title}"
    rows = GOOD_ROWS + [changed + ";;;;;;;;;;;;"]
    path = tmp_path / "lot.csv"
    path.write_bytes(csv_file(rows))
    generation = content_generation()
    counts = (Brand.objects.count(), ProductPage.objects.count(), PriceList.objects.count())

    out = io.StringIO()
    call_command("import_catalogue", str(path), "--dry-run", stdout=out)
    assert "Marques créées : 1" in out.getvalue() and "Produits modifiés : 1" in out.getvalue()
    client.login(username="editeur", password="editeur-demo")
    upload = SimpleUploadedFile("lot.csv", path.read_bytes(), content_type="text/csv")
    response = client.post("/admin/catalogue/import/", {"file": upload}, follow=True)
    assert "Marques créées : 1" in response.content.decode()

    assert cache.get(GENERATION_KEY) == generation
    assert ContentGeneration.objects.get().value == generation
    assert counts == (
        Brand.objects.count(),
        ProductPage.objects.count(),
        PriceList.objects.count(),
    )
    assert ProductPage.objects.get(pk=existing.pk).title == existing.title


def test_the_result_names_new_categories_and_links_to_the_draft_price_list(client, tmp_path):
    """Issue 13, item 7: the editor sees which categories the import made and reaches the
    draft price list it loaded in one click (admin) or one copied address (command)."""
    names = "(Linge, Linge > Cuisine, Linge > Salle)"
    client.login(username="editeur", password="editeur-demo")
    upload = SimpleUploadedFile("lot.csv", csv_file(GOOD_ROWS), content_type="text/csv")
    response = client.post("/admin/catalogue/import/", {"file": upload}, follow=True)
    assert f"Catégories créées : 3 {names}" in unescape(response.content.decode())
    response = client.post(
        "/admin/catalogue/import/",
        {"token": response.context["token"], "price_list_name": "Tarif linge"},
        follow=True,
    )
    price_list = PriceList.objects.get(name="Tarif linge")
    edit_url = f"/admin/snippets/promotions/pricelist/edit/{price_list.pk}/"
    html = unescape(response.content.decode())
    assert f"Catégories créées : 3 {names}" in html
    assert f'href="{edit_url}"' in html and "Relire la liste de prix « Tarif linge »" in html
    assert client.get(edit_url).status_code == 200

    path = tmp_path / "autre.csv"
    path.write_bytes(csv_file([row.replace("Linge", "Literie") for row in GOOD_ROWS]))
    out = io.StringIO()
    call_command("import_catalogue", str(path), "--dry-run", stdout=out)
    assert "(Literie, Literie > Cuisine, Literie > Salle)" in out.getvalue()
    assert "/admin/snippets/" not in out.getvalue()  # a simulation's list does not exist
    call_command("import_catalogue", str(path), stdout=out)
    price_list = PriceList.objects.get(name="Import autre.csv")
    assert (
        f"À relire puis publier ou planifier : http://testserver/admin/snippets/promotions/"
        f"pricelist/edit/{price_list.pk}/" in out.getvalue()
    )
