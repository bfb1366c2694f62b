"""Catalogue import against hostile files: every value is checked against the model field it
goes to, and the whole file against size limits, before anything is written (issue 12)."""

import io
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

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
    response = client.post("/admin/catalogue/import/", {"file": upload})
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
