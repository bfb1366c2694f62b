"""Catalogue import against hostile files: every value is checked against the model field it
goes to, and the whole file against size limits, before anything is written (issue 12)."""

import io
import re
import zipfile
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from core.tabular import TabularError
from storefront.importing import CatalogueImport
from storefront.models import Brand, CategoryPage, ProductPage

pytestmark = pytest.mark.django_db

COLUMNS = ["reference", "nom", "categorie", "marque", "gtin", "qte_min", "caracteristiques"]
COLUMNS += ["prix", "paliers"]
GOOD = {"reference": "LIM-001", "nom": "Seau", "categorie": "Limites > Seaux", "prix": "2,50"}


def csv_file(rows):
    lines = [";".join(COLUMNS)]
    lines += [";".join(row.get(column, "") for column in COLUMNS) for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


# Each row breaks one field's limit; the error must name the problem, on the row's line.
HOSTILE = [
    ({"marque": "M" * 101}, "« marque » : 101 caractères, 100 au plus"),
    ({"caracteristiques": "N" * 61 + "=1"}, "nom : 61 caractères, 60 au plus"),
    ({"categorie": "Limites > " + "C" * 300}, "300 caractères, 255 au plus"),
    ({"qte_min": "99999999999"}, "quantité minimale : nombre entier de 1 à 2147483647"),
    ({"prix": "100000000"}, "au plus 8 chiffres avant la virgule et 4 après"),
    ({"prix": "1e400"}, "« 1e400 » : nombre trop grand"),
    ({"prix": "1,23456"}, "au plus 8 chiffres avant la virgule et 4 après"),
    ({"prix": "NaN"}, "« NaN » n'est pas un nombre"),
    ({"prix": "inf"}, "« inf » n'est pas un nombre"),
    ({"prix": "١٢"}, "« ١٢ » n'est pas un nombre"),
    ({"paliers": "99999999999=1"}, "quantité du palier : nombre entier de 2 à 2147483647"),
    ({"paliers": "1e999999999=1"}, "quantité du palier : nombre entier"),
    ({"nom": "Seau\x00"}, "colonne « nom » : caractère nul interdit"),
    ({"gtin": "376000000101⁴"}, "Un GTIN/EAN compte 8, 12, 13 ou 14 chiffres."),
    ({"qte_min": "²"}, "quantité minimale : nombre entier de 1 à"),
    ({"nom": "***"}, "nom « *** » : il faut au moins une lettre ou un chiffre"),
]


def hostile_rows():
    return [
        {**GOOD, "reference": f"LIM-{number:03d}", **override}
        for number, (override, _) in enumerate(HOSTILE, start=2)
    ]


def test_every_field_limit_gives_a_line_numbered_error_and_nothing_is_written(tmp_path):
    path = tmp_path / "limites.csv"
    path.write_bytes(csv_file([GOOD, *hostile_rows()]))
    err = io.StringIO()
    with pytest.raises(CommandError, match=f"{len(HOSTILE)} erreur"):
        call_command("import_catalogue", str(path), stderr=err, stdout=io.StringIO())
    messages = err.getvalue()
    # The header is line 1, the good row line 2: hostile rows start on line 3.
    for line, (_, expected) in enumerate(HOSTILE, start=3):
        assert any(
            text.startswith(f"ligne {line} : ") and expected in text
            for text in messages.splitlines()
        ), (line, expected, messages)
    assert not ProductPage.objects.filter(sku__startswith="LIM-").exists()
    assert not CategoryPage.objects.filter(title="Limites").exists()
    assert not Brand.objects.filter(name__startswith="MMM").exists()


def test_the_admin_lists_the_same_errors(client):
    client.login(username="editeur", password="editeur-demo")
    upload = SimpleUploadedFile("limites.csv", csv_file([GOOD, *hostile_rows()]))
    response = client.post("/admin/catalogue/import/", {"file": upload}, follow=True)
    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert f"{len(HOSTILE)} erreurs dans « limites.csv » : rien n'a été importé" in html
    assert [line for line, _ in response.context["report"].errors] == list(
        range(3, 3 + len(HOSTILE))
    )
    for _, expected in HOSTILE:
        assert expected in html
    assert "token" not in response.context


def test_a_brand_whose_url_identifier_is_taken_is_refused(tmp_path):
    Brand.objects.create(name="Cafe")
    path = tmp_path / "marque.csv"
    path.write_bytes(csv_file([{**GOOD, "marque": "Café"}]))
    err = io.StringIO()
    with pytest.raises(CommandError, match="rien n'a été importé"):
        call_command("import_catalogue", str(path), stderr=err, stdout=io.StringIO())
    assert "ligne 2 : marque « Café » trop proche de « Cafe »" in err.getvalue()
    assert not ProductPage.objects.filter(sku="LIM-001").exists()


def xlsx_bomb(sheet_megabytes=50):
    """A valid workbook whose sheet, padded with blanks, unpacks to `sheet_megabytes` MB from
    a few dozen kB: the shape of the 2 MB file that expanded to 1.9 GB."""
    workbook = Workbook()
    workbook.active.append(COLUMNS)
    workbook.active.append([GOOD.get(column, "") for column in COLUMNS])
    plain = io.BytesIO()
    workbook.save(plain)
    bomb = io.BytesIO()
    with (
        zipfile.ZipFile(plain) as source,
        zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for member in source.infolist():
            data = source.read(member)
            if member.filename == "xl/worksheets/sheet1.xml":
                # Blanks between two rows: still well-formed XML.
                padding = b" " * (sheet_megabytes * 1024 * 1024)
                data = data.replace(b"</row><row", b"</row>" + padding + b"<row", 1)
            target.writestr(member, data)
    return bomb.getvalue()


@pytest.fixture
def unpacked(monkeypatch):
    """The names of the archive members opened (unpacked) during the test."""
    opened = []
    original = zipfile.ZipFile.open

    def spy(self, name, *args, **kwargs):
        opened.append(getattr(name, "filename", name))
        return original(self, name, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "open", spy)
    return opened


@pytest.fixture
def bomb():
    return xlsx_bomb()


@pytest.fixture
def small_bomb():
    return xlsx_bomb(sheet_megabytes=3)


# `unpacked` comes after the workbooks it must not count: fixtures are set up in order.
def test_an_xlsx_bomb_is_refused_before_it_is_unpacked(client, tmp_path, bomb, unpacked):
    data = bomb
    assert len(data) < 1024 * 1024  # 50 MB of sheet in under 1 MB
    path = tmp_path / "bombe.xlsx"
    path.write_bytes(data)
    with pytest.raises(CommandError) as refused:
        call_command("import_catalogue", str(path), stdout=io.StringIO())
    message = str(refused.value)
    assert message.startswith("Fichier trop volumineux : « xl/worksheets/sheet1.xml » est ")
    assert message.endswith("(limite 100 fois).")

    client.login(username="editeur", password="editeur-demo")
    response = client.post(
        "/admin/catalogue/import/", {"file": SimpleUploadedFile("bombe.xlsx", data)}, follow=True
    )
    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert message in html and response.context["report"] is None
    assert "xl/worksheets/sheet1.xml" not in unpacked  # refused from the sizes declared
    assert not ProductPage.objects.filter(sku="LIM-001").exists()


def test_unpacked_sizes_are_bounded_per_part_and_in_all(settings, tmp_path, small_bomb, unpacked):
    path = tmp_path / "gros.xlsx"
    path.write_bytes(small_bomb)
    settings.IMPORT_MAX_COMPRESSION_RATIO = 10_000
    settings.IMPORT_MAX_MEMBER_MB = 2
    with pytest.raises(CommandError, match="« xl/worksheets/sheet1.xml » se décompresse en 3,0 Mo"):
        call_command("import_catalogue", str(path), stdout=io.StringIO())
    settings.IMPORT_MAX_MEMBER_MB = 10
    settings.IMPORT_MAX_UNPACKED_MB = 2
    with pytest.raises(
        CommandError, match=r"le classeur se décompresse en 3,0 Mo \(limite 2,0 Mo\)"
    ):
        call_command("import_catalogue", str(path), stdout=io.StringIO())
    assert "xl/worksheets/sheet1.xml" not in unpacked
    # Within the limits, the same padded workbook imports.
    settings.IMPORT_MAX_UNPACKED_MB = 10
    call_command("import_catalogue", str(path), "--dry-run", stdout=io.StringIO())


@pytest.mark.parametrize("extension", ["csv", "xlsx"])
def test_rows_columns_and_cells_are_bounded(settings, client, tmp_path, extension):
    settings.IMPORT_MAX_ROWS = 3
    settings.IMPORT_MAX_COLUMNS = 12
    settings.IMPORT_MAX_CELL_LENGTH = 200
    rows = [{**GOOD, "reference": f"LIM-{number:03d}"} for number in range(4)]
    cases = [
        (table(rows[:3], extension), None),
        (table(rows, extension), "plus de 3 lignes (limite 3)"),
        (
            table(rows[:1], extension, extra=["x"] * 4),
            "ligne 2, plus de 12 colonnes (limite 12)",
        ),
        (
            table([{**GOOD, "nom": "n" * 201}], extension),
            "ligne 2, une cellule de 201 caractères (limite 200 caractères)",
        ),
    ]
    client.login(username="editeur", password="editeur-demo")
    for data, refusal in cases:
        path = tmp_path / f"lot.{extension}"
        path.write_bytes(data)
        out, err = io.StringIO(), io.StringIO()
        if refusal is None:
            call_command("import_catalogue", str(path), "--dry-run", stdout=out, stderr=err)
            assert "Produits créés : 3" in out.getvalue()
            continue
        with pytest.raises(CommandError, match=re.escape(f"Fichier trop volumineux : {refusal}.")):
            call_command("import_catalogue", str(path), stdout=out, stderr=err)
        upload = SimpleUploadedFile(path.name, data)
        response = client.post("/admin/catalogue/import/", {"file": upload}, follow=True)
        assert f"Fichier trop volumineux : {refusal}" in unescape(response.content.decode())
    assert not ProductPage.objects.filter(sku__startswith="LIM-").exists()


def table(rows, extension, extra=()):
    cells = [[row.get(column, "") for column in COLUMNS] + list(extra) for row in rows]
    if extension == "csv":
        lines = [";".join(COLUMNS), *(";".join(row) for row in cells)]
        return ("\n".join(lines) + "\n").encode()
    workbook = Workbook()
    workbook.active.append(COLUMNS)
    for row in cells:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


class CountingFile(io.BytesIO):
    """A file that records the largest read asked of it."""

    largest_read = 0

    def read(self, size=-1):
        self.largest_read = max(self.largest_read, len(self.getbuffer()) if size < 0 else size)
        return super().read(size)

    def read1(self, size=-1):
        return self.read(size)


def test_a_csv_is_read_as_a_stream_and_refused_early(settings):
    settings.IMPORT_MAX_ROWS = 100
    rows = [{**GOOD, "reference": f"LIM-{number:06d}"} for number in range(50_000)]
    file = CountingFile(csv_file(rows))
    with pytest.raises(TabularError, match="plus de 100 lignes"):
        CatalogueImport(file, "lot.csv").run()
    # Read by blocks, and only the first rows: not the whole file into memory.
    assert file.largest_read <= 64 * 1024
    assert file.tell() < len(file.getbuffer()) / 10


def test_the_upload_size_is_bounded(settings, client):
    settings.IMPORT_MAX_FILE_MB = 1
    client.login(username="editeur", password="editeur-demo")
    upload = SimpleUploadedFile("lot.csv", b"x" * (1024 * 1024 * 3 // 2))
    html = unescape(client.post("/admin/catalogue/import/", {"file": upload}).content.decode())
    assert "Fichier trop volumineux : 1,5 Mo (limite 1,0 Mo)." in html
