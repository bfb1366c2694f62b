"""Validation of product references and barcodes."""

import re

from django.core.exceptions import ValidationError

SKU_PATTERN = re.compile(r"^[A-Z0-9][A-Z0-9._/-]{1,39}$")


def normalise_sku(value):
    return (value or "").strip().upper()


def validate_sku(value):
    if not SKU_PATTERN.match(value or ""):
        raise ValidationError(
            "Référence invalide : 2 à 40 caractères, lettres majuscules, chiffres, « . », « _ », "
            "« / » ou « - », sans espace.",
            code="invalid_sku",
        )


def gtin_check_digit(digits):
    """The GS1 check digit for the digits that precede it."""
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(digits)))
    return (10 - total % 10) % 10


def validate_gtin(value):
    """GTIN-8, 12 (UPC), 13 (EAN) or 14, with a correct check digit."""
    if not value:
        return
    if not value.isdigit() or len(value) not in (8, 12, 13, 14):
        raise ValidationError(
            "Un GTIN/EAN compte 8, 12, 13 ou 14 chiffres.", code="invalid_gtin_length"
        )
    if gtin_check_digit(value[:-1]) != int(value[-1]):
        raise ValidationError(
            "Clé de contrôle du GTIN/EAN incorrecte : vérifiez le code-barres.",
            code="invalid_gtin_checksum",
        )
