"""Write a synthetic catalogue file in the import format: `python bench/generate_import_file.py
OUT.csv 5000`. Products spread over a two-level category tree, with attributes and prices."""

import csv
import os
import sys
from pathlib import Path

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


def row(number):
    gtin = f"377{number:09d}"
    price = 1 + (number * 37 % 20000) / 100
    return {
        "reference": f"BENCH-{number:07d}",
        "nom": f"Article de test {number}",
        "categorie": f"{TOPS[number % len(TOPS)]} > {SUBS[number // 7 % len(SUBS)]}",
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


def main(path, count):
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, delimiter=";")
        writer.writeheader()
        for number in range(1, count + 1):
            writer.writerow(row(number))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
