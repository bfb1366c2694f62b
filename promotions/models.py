"""Price lists: time-windowed prices for an audience, published and scheduled through Wagtail."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    PublishingPanel,
)
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    WorkflowMixin,
)
from wagtail.search import index


class Audience(models.TextChoices):
    PUBLIC = "public", "Tous les visiteurs"
    CUSTOMERS = "customers", "Tous les clients connectés"
    GROUPS = "groups", "Certains groupes tarifaires"


# The most specific audience wins when several lists price the same product.
AUDIENCE_SPECIFICITY = {Audience.PUBLIC: 0, Audience.CUSTOMERS: 1, Audience.GROUPS: 2}


class PriceList(
    WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, index.Indexed, ClusterableModel
):
    name = models.CharField(
        "Nom", max_length=150, help_text="Par exemple : « Tarif général 2027 »."
    )
    currency = models.CharField(
        "Devise", max_length=3, choices=[("EUR", "Euro (€)")], default="EUR", editable=False
    )
    audience = models.CharField(
        "Public",
        max_length=20,
        choices=Audience.choices,
        default=Audience.PUBLIC,
        help_text="Quand plusieurs tarifs s'appliquent, le plus ciblé l'emporte : groupe "
        "tarifaire, puis clients connectés, puis tous les visiteurs.",
    )
    price_groups = ParentalManyToManyField(
        "storefront.PriceGroup",
        verbose_name="Groupes tarifaires",
        blank=True,
        related_name="price_lists",
        help_text="Seulement pour le public « Certains groupes tarifaires ».",
    )
    valid_from = models.DateTimeField(
        "Applicable à partir du",
        default=timezone.now,
        help_text="Date et heure de Paris. Les prix s'appliquent à cet instant précis, "
        "sans attendre aucune tâche planifiée.",
    )
    valid_to = models.DateTimeField(
        "Applicable jusqu'au",
        null=True,
        blank=True,
        help_text="Heure de Paris, exclue. Laisser vide pour un tarif sans fin : il s'applique "
        "jusqu'à ce qu'un tarif plus récent pour le même public le remplace.",
    )
    notes = models.TextField("Notes internes", blank=True)

    panels = [
        FieldPanel("name"),
        MultiFieldPanel(
            [FieldPanel("audience"), FieldPanel("price_groups")],
            heading="À qui s'adressent ces prix",
        ),
        FieldRowPanel(
            [FieldPanel("valid_from"), FieldPanel("valid_to")],
            heading="Période d'application (heure de Paris)",
        ),
        InlinePanel(
            "lines",
            heading="Prix",
            label="Ligne de prix",
            help_text="Un prix HT par produit ; ajoutez une ligne avec une quantité minimale "
            "pour chaque palier dégressif.",
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

    def clean(self):
        super().clean()
        if self.valid_to and self.valid_from and self.valid_to <= self.valid_from:
            raise ValidationError({"valid_to": "La fin doit être postérieure au début."})


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
        default=1,
        validators=[MinValueValidator(1)],
        help_text="1 pour le prix de base ; plus pour un palier dégressif.",
    )
    unit_price = models.DecimalField(
        "Prix unitaire HT",
        max_digits=12,
        decimal_places=4,
        validators=[MinValueValidator(Decimal("0"))],
    )

    panels = [
        FieldRowPanel([FieldPanel("product"), FieldPanel("min_quantity"), FieldPanel("unit_price")])
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
