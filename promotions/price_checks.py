"""The price list editor's warning: a price that moves by more than half against the one in force.

A slip of the decimal separator (« 12,40 » read as 1240) or a missing digit is caught before
the list is saved; the editor confirms with « Je confirme ces prix » when the move is meant.
"""

from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.utils import timezone
from wagtail.admin.panels import FieldPanel

from promotions.forms import PublishAtStartForm, format_decimal
from promotions.models import Audience, PriceDisplay
from promotions.pricing import Buyer, quote_many

# A new price more than 50 % above or below the price in force needs a confirmation.
MAX_MOVE = Decimal("0.5")


@dataclass(frozen=True)
class PriceMove:
    product: object
    min_quantity: int
    in_force: Decimal
    new: Decimal

    @property
    def percent(self):
        return round((self.new - self.in_force) / self.in_force * 100)

    def __str__(self):
        return (
            f"« {self.product.title} » (réf. {self.product.sku}), à partir de "
            f"{self.min_quantity} : {format_decimal(self.new)} € HT au lieu de "
            f"{format_decimal(self.in_force)} € HT ({self.percent:+d} %)"
        )


def buyers_for(audience, price_groups):
    """One buyer per kind of visitor a list for this audience prices."""
    if audience == Audience.PUBLIC:
        return [Buyer.anonymous()]
    if audience == Audience.CUSTOMERS:
        return [Buyer(authenticated=True)]
    return [Buyer(authenticated=True, price_group_id=group.pk) for group in price_groups]


def list_price(quote, quantity):
    """The unit price the winning list gives for `quantity`, before any offer."""
    price = quote.regular_price
    for tier in quote.list_tiers:  # by increasing quantity
        if tier.min_quantity <= quantity:
            price = tier.unit_price
    return price


def price_moves(lines, audience, price_groups, at):
    """The lines ``(product, min_quantity, unit_price)`` whose price moves by more than
    `MAX_MOVE` against the price in force at `at` for the same visitors and quantity."""
    products = {product.pk: product for product, _, _ in lines}
    moves = []
    for buyer in buyers_for(audience, price_groups):
        # The list price, whatever the site shows to whom.
        quotes = quote_many(products.values(), buyer, at, price_display=PriceDisplay.PUBLIC)
        for product, min_quantity, unit_price in lines:
            in_force = list_price(quotes[product.pk], min_quantity)
            if in_force and abs(unit_price - in_force) > in_force * MAX_MOVE:
                move = PriceMove(product, min_quantity, in_force, unit_price)
                if move not in moves:
                    moves.append(move)
    return moves


class PriceListForm(PublishAtStartForm):
    """The price list editor: saving a price far from the one in force needs a confirmation."""

    confirm_prices = forms.BooleanField(label="Je confirme ces prix", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.price_moves = []

    def clean(self):
        cleaned_data = super().clean()
        lines = self.formsets["lines"]
        if self.errors or not lines.is_valid():
            return cleaned_data  # each field says what is wrong with it first
        typed = [
            (line["product"], line["min_quantity"], line["unit_price"])
            for line in (form.cleaned_data for form in lines.forms)
            if line and not line.get("DELETE")
        ]
        at = max(cleaned_data["valid_from"], timezone.now())
        self.price_moves = price_moves(
            typed, cleaned_data["audience"], cleaned_data.get("price_groups") or [], at
        )
        if self.price_moves and not cleaned_data.get("confirm_prices"):
            self.add_error(
                "confirm_prices",
                forms.ValidationError(
                    [
                        "Ces prix changent de plus de 50 % par rapport au prix en vigueur ; "
                        "vérifiez la virgule des centimes, puis cochez « Je confirme ces "
                        "prix » pour enregistrer quand même :",
                        *(str(move) for move in self.price_moves),
                    ]
                ),
            )
        return cleaned_data


class PriceConfirmationPanel(FieldPanel):
    """The « Je confirme ces prix » box, shown only once the form has warned."""

    class BoundPanel(FieldPanel.BoundPanel):
        def is_shown(self):
            return bool(self.form is not None and self.form.price_moves) and super().is_shown()
