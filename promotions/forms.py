"""Admin form pieces shared by price lists and offers: French decimals, publishing at the start.

Nothing here imports the promotions models or the pricing function, so the models may use it.
"""

import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from wagtail.admin.forms import WagtailAdminModelForm

# Spaces editors type, or paste from a spreadsheet, between thousands: « 1 234,50 ».
THOUSANDS_SPACES = re.compile(r"[ \u00a0\u202f]")
PLAIN_DECIMAL = re.compile(r"-?\d+([.,]\d+)?")

AMBIGUOUS_DECIMAL = (
    "« {value} » : écrivez le nombre avec une seule virgule (ou un point) avant les "
    "décimales et sans séparateur de milliers, par exemple 1234,50."
)


def parse_decimal(text):
    """A number typed the French way (``12,40``) or the English way (``12.40``).

    The one comma or point is always the decimal separator; spaces between thousands are
    ignored. ``1.234,50`` or ``1,234.50`` is refused rather than guessed: read one way it is
    a thousand times the other, and a price off by that much must not be saved.
    """
    compact = THOUSANDS_SPACES.sub("", text.strip())
    if not PLAIN_DECIMAL.fullmatch(compact):
        raise ValidationError(AMBIGUOUS_DECIMAL.format(value=text.strip()), code="invalid")
    return Decimal(compact.replace(",", "."))  # the pattern lets only numbers through


def format_decimal(value):
    """``Decimal("12.4000")`` as ``12,40``: a comma, at least two decimals, no trailing zeros."""
    digits = f"{value.normalize():f}"
    whole, _, decimals = digits.partition(".")
    return f"{whole},{decimals.ljust(2, '0')}"


class DecimalInput(forms.TextInput):
    """A text box for a decimal (a number box turns ``12,40`` into 1240 in some browsers),
    with the unit written beside it."""

    template_name = "promotions/widgets/decimal_input.html"

    def __init__(self, attrs=None, suffix=""):
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})
        self.suffix = suffix

    class Media:
        css = {"all": ["promotions/css/decimal_input.css"]}

    def format_value(self, value):
        if isinstance(value, Decimal):
            return format_decimal(value)
        return super().format_value(value)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["suffix"] = self.suffix
        return context


class FrenchDecimalField(forms.DecimalField):
    """Every decimal of the admin's forms: accepts ``12,40`` and ``12.40``."""

    widget = DecimalInput

    def to_python(self, value):
        if isinstance(value, str) and value.strip():
            value = parse_decimal(value)
        return super().to_python(value)


# The label of the action menu's button, sent as the value of Wagtail's own publish button.
PUBLISH_AT_START = "Publier à la date de début"


class PublishAtStartForm(WagtailAdminModelForm):
    """A price list or offer form whose « Publier à la date de début » action publishes
    through Wagtail with the go-live date set to the start of the window: the date is typed
    once, and a start in the future schedules the revision."""

    def publishes_at_start(self):
        return self.data.get("action-publish") == PUBLISH_AT_START

    def clean(self):
        # Before Wagtail's own checks, so they see the go-live date that will be saved.
        if self.publishes_at_start() and self.cleaned_data.get("valid_from"):
            self.cleaned_data["go_live_at"] = self.cleaned_data["valid_from"]
        return super().clean()
