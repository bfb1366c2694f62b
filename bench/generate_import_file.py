"""Write a synthetic catalogue file in the import format: `python bench/generate_import_file.py
OUT.csv 5000 [PREFIX]`. Products spread over a two-level category tree, with attributes and prices.

The benchmark (bench/catalogue.py) writes its files with `write_file`, giving each product its
own category path and reference prefix."""

import csv
import os
import sys
from pathlib import Path

if __name__ == "__main__":
    import django

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    django.setup()

from storefront.importing import COLUMNS  # noqa: E402
from storefront.validators import gtin_check_digit  # noqa: E402

TOPS = ["Épicerie", "Boissons", "Hygiène", "Emballages", "Matériel", "Surgelés", "Frais", "Bazar"]
SUBS = ["Gamme A", "Gamme B", "Gamme C", "Gamme D", "Gamme E", "Gamme F"]
BRANDS = ["Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Golf", "Hotel"]
MATERIALS = ["Inox", "Aluminium", "Carton", "Plastique", "Verre"]


def default_category(number):
    return f"{TOPS[number % len(TOPS)]} > {SUBS[number // 7 % len(SUBS)]}"


def row(number, category=None, prefix="BENCH", gtin_prefix="377"):
    gtin = f"{gtin_prefix}{number:09d}"
    price = 1 + (number * 37 % 20000) / 100
    return {
        "reference": f"{prefix}-{number:07d}",
        "nom": f"Article de test {number}",
        "categorie": category or default_category(number),
        "marque": BRANDS[number % len(BRANDS)],
        "gtin": gtin + str(gtin_check_digit(gtin)),
        "unite": "pièce",
        "conditionnement": f"carton de {number % 24 + 1}",
        "disponibilite": "en stock",
        "exclusivite_web": "non",
        "caracteristiques": f"Matière={MATERIALS[number % len(MATERIALS)]} | "
        f"Contenance={number % 10 + 1} [L]",
        "prix": f"{price:.2f}".replace(".", ","),
        "paliers": f"10={price * 0.95:.2f}".replace(".", ",") if number % 3 == 0 else "",
    }


def write_file(path, rows):
    """Write `rows` (dicts keyed by the import columns) as a « ; »-separated UTF-8 CSV."""
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, delimiter=";")
        writer.writeheader()
        writer.writerows(rows)


def main(path, count, prefix="BENCH"):
    write_file(path, (row(number, prefix=prefix) for number in range(1, count + 1)))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), *sys.argv[3:4])
