"""Price lists: time-windowed prices for an audience, published and scheduled through Wagtail."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from modelcluster.fields import ParentalKey
from modelcluster.forms import BaseChildFormSet
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    PublishingPanel,
)
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    WorkflowMixin,
)
from wagtail.search import index

from promotions.forms import DecimalInput

from .audience import AudienceWindow

# A product's line from this quantity is its price for one unit; lines above are volume tiers.
BASE_QUANTITY = 1


def lacks_base_price(min_quantities):
    """True when a product's lines in one list are volume tiers only: no price for one unit."""
    return BASE_QUANTITY not in min_quantities


class PriceLineFormSet(BaseChildFormSet):
    """The lines of a price list in the editor, checked together."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return  # each line says what is wrong with it first
        quantities = {}
        for form in self.forms:
            line = form.cleaned_data
            if line and not line.get("DELETE"):
                quantities.setdefault(line["product"], []).append(line["min_quantity"])
        missing = [product for product, found in quantities.items() if lacks_base_price(found)]
        if missing:
            raise ValidationError(
                [
                    f"Le produit « {product.title} » (réf. {product.sku}) a des prix dégressifs "
                    f"sans prix de base : ajoutez une ligne « À partir de {BASE_QUANTITY} » "
                    "pour ce produit."
                    for product in missing
                ]
            )


class PriceLinesPanel(InlinePanel):
    """The inline panel of price lines, validated by `PriceLineFormSet`."""

    def get_form_options(self):
        options = super().get_form_options()
        options["formsets"][self.relation_name]["formset"] = PriceLineFormSet
        return options


class PriceList(
    WorkflowMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    index.Indexed,
    AudienceWindow,
    ClusterableModel,
):
    name = models.CharField(
        "Nom", max_length=150, help_text="Par exemple : « Tarif général 2027 »."
    )
    currency = models.CharField(
        "Devise", max_length=3, choices=[("EUR", "Euro (€)")], default="EUR", editable=False
    )
    notes = models.TextField("Notes internes", blank=True)

    panels = [
        FieldPanel("name"),
        *AudienceWindow.audience_panels,
        PriceLinesPanel(
            "lines",
            heading="Prix",
            label="Ligne de prix",
            # A list is its prices: a new one opens with its first line ready.
            min_num=1,
            help_text="Un prix HT par produit (ligne « À partir de 1 ») ; ajoutez une ligne "
            "avec une quantité minimale pour chaque palier dégressif. Sans date de fin, le "
            "tarif s'applique jusqu'à ce qu'un tarif plus récent pour le même public le "
            "remplace.",
        ),
        FieldPanel("notes"),
        PublishingPanel(),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        verbose_name = "Liste de prix"
        verbose_name_plural = "Listes de prix"
        ordering = ["-valid_from"]

    def __str__(self):
        return self.name


class PriceLine(models.Model):
    price_list = ParentalKey(PriceList, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey(
        "storefront.ProductPage",
        verbose_name="Produit",
        on_delete=models.CASCADE,
        related_name="price_lines",
    )
    min_quantity = models.PositiveIntegerField(
        "À partir de (quantité)",
        default=BASE_QUANTITY,
        validators=[MinValueValidator(BASE_QUANTITY)],
        help_text="1 pour le prix de base ; plus pour un palier dégressif.",
    )
    unit_price = models.DecimalField(
        "Prix unitaire HT",
        max_digits=12,
        decimal_places=4,
        validators=[MinValueValidator(Decimal("0"))],
    )

    panels = [
        FieldRowPanel(
            [
                FieldPanel("product"),
                FieldPanel("min_quantity"),
                FieldPanel("unit_price", widget=DecimalInput(suffix="€ HT")),
            ]
        )
    ]

    class Meta:
        verbose_name = "Ligne de prix"
        verbose_name_plural = "Lignes de prix"
        constraints = [
            models.UniqueConstraint(
                fields=["price_list", "product", "min_quantity"], name="unique_price_line"
            )
        ]
        indexes = [models.Index(fields=["product", "price_list"])]

    def __str__(self):
        return f"{self.product_id} ≥ {self.min_quantity} : {self.unit_price}"
