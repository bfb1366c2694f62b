"""Validation of product references, barcodes and company numbers."""

import re

from django.core.exceptions import ValidationError

SKU_PATTERN = re.compile(r"^[A-Z0-9][A-Z0-9._/-]{1,39}$")


def is_ascii_digits(text):
    """Only the digits 0 to 9: str.isdigit() and int() also take « ² », « ٣ » or « ５ »."""
    return text.isascii() and text.isdigit()


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
    if not is_ascii_digits(value) or len(value) not in (8, 12, 13, 14):
        raise ValidationError(
            "Un GTIN/EAN compte 8, 12, 13 ou 14 chiffres.", code="invalid_gtin_length"
        )
    if gtin_check_digit(value[:-1]) != int(value[-1]):
        raise ValidationError(
            "Clé de contrôle du GTIN/EAN incorrecte : vérifiez le code-barres.",
            code="invalid_gtin_checksum",
        )


SIRET_LENGTH = 14
# La Poste's establishments share one SIREN and do not follow the Luhn rule: INSEE checks
# them with « the sum of the digits is a multiple of 5 » instead.
LA_POSTE_SIREN = "356000000"


def normalise_siret(value):
    """The SIRET without the spaces people type between its groups of digits."""
    return "".join((value or "").split())


def luhn_is_valid(digits):
    total = 0
    for position, digit in enumerate(reversed(digits)):
        value = int(digit) * (2 if position % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def validate_siret(value):
    """A SIRET: 14 digits (spaces allowed) with a valid checksum."""
    digits = normalise_siret(value)
    if not is_ascii_digits(digits) or len(digits) != SIRET_LENGTH:
        raise ValidationError(
            "Un SIRET compte 14 chiffres (les espaces sont acceptés).", code="invalid_siret_length"
        )
    if digits.startswith(LA_POSTE_SIREN):
        valid = sum(int(d) for d in digits) % 5 == 0
    else:
        valid = luhn_is_valid(digits)
    if not valid:
        raise ValidationError(
            "Ce numéro SIRET n'est pas valide (clé de contrôle incorrecte) : vérifiez-le sur "
            "votre extrait Kbis ou sur annuaire-entreprises.data.gouv.fr.",
            code="invalid_siret_checksum",
        )


VAT_NUMBER_PATTERN = re.compile(r"^[A-Z]{2}[0-9A-Z]{2,12}$")


def normalise_vat_number(value):
    return "".join((value or "").split()).upper()


def validate_vat_number(value):
    """An intra-EU VAT number; French ones (FR + key + SIREN) have their key checked."""
    number = normalise_vat_number(value)
    if not VAT_NUMBER_PATTERN.match(number) or (number.startswith("FR") and len(number) != 13):
        raise ValidationError(
            "Numéro de TVA intracommunautaire invalide : code pays puis numéro, par exemple "
            "FR44732829320.",
            code="invalid_vat_number",
        )
    if number.startswith("FR") and is_ascii_digits(number[2:]):
        key, siren = int(number[2:4]), int(number[4:])
        if key != (12 + 3 * (siren % 97)) % 97:
            raise ValidationError(
                "La clé de ce numéro de TVA ne correspond pas au SIREN : vérifiez-le.",
                code="invalid_vat_key",
            )
