"""Offers: time-windowed discounts on products, categories or brands."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    MultiFieldPanel,
    MultipleChooserPanel,
    PublishingPanel,
)
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    Orderable,
    RevisionMixin,
    WorkflowMixin,
)
from wagtail.search import index

from core.choosers import registered_chooser
from promotions.forms import PublishAtStartForm

from .audience import AudienceWindow


class TargetChooserPanel(MultipleChooserPanel):
    """A chooser panel whose button says what it adds: Wagtail's own label, made from the
    panel's, reads « Ajouter un(e) produits » in French."""

    def __init__(self, relation_name, *, add_text, **kwargs):
        self.add_text = add_text
        super().__init__(relation_name, **kwargs)

    def clone_kwargs(self):
        return {**super().clone_kwargs(), "add_text": self.add_text}

    class BoundPanel(MultipleChooserPanel.BoundPanel):
        template_name = "promotions/panels/target_chooser_panel.html"


class DiscountKind(models.TextChoices):
    PERCENT = "percent", "Remise en pourcentage"
    AMOUNT = "amount", "Remise en montant (€ HT par unité)"
    FIXED_PRICE = "fixed_price", "Prix net fixe (€ HT par unité)"


class Offer(
    WorkflowMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    index.Indexed,
    AudienceWindow,
    ClusterableModel,
):
    """A time-windowed discount on products, whole categories or brands."""

    name = models.CharField(
        "Nom", max_length=150, help_text="Affiché aux clients, par exemple « −15 % sur les eaux »."
    )
    kind = models.CharField(
        "Type de remise", max_length=20, choices=DiscountKind.choices, default=DiscountKind.PERCENT
    )
    value = models.DecimalField(
        "Valeur",
        max_digits=12,
        decimal_places=4,
        validators=[MinValueValidator(Decimal("0"))],
        help_text="Pourcentage (15 pour −15 %), montant ou prix net selon le type.",
    )
    min_quantity = models.PositiveIntegerField(
        "Quantité minimale",
        default=1,
        validators=[MinValueValidator(1)],
        help_text="L'offre s'applique à partir de cette quantité commandée.",
    )
    web_exclusive = models.BooleanField(
        "Exclusivité Web",
        default=False,
        help_text="Offre réservée à la commande en ligne, signalée par un badge.",
    )
    exclusive = models.BooleanField(
        "Non cumulable, prioritaire",
        default=False,
        help_text="Sinon, quand plusieurs offres touchent un produit, le client a le meilleur "
        "prix. Une offre prioritaire s'applique à la place des autres, même moins "
        "avantageuse (entre deux prioritaires : la plus haute priorité).",
    )
    priority = models.PositiveSmallIntegerField(
        "Priorité", default=0, help_text="Départage les offres prioritaires (la plus haute gagne)."
    )
    description = models.TextField(
        "Conditions", blank=True, help_text="Conditions affichées avec l'offre."
    )

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("value"), FieldPanel("min_quantity")]),
        # Searchable choosers (reference, name, category path), several picks at once; the
        # targets are the rows of OfferProduct, OfferCategory and OfferBrand below.
        MultiFieldPanel(
            [
                TargetChooserPanel(
                    "target_products",
                    chooser_field_name="product",
                    label="Produits",
                    add_text="Choisir des produits",
                ),
                TargetChooserPanel(
                    "target_categories",
                    chooser_field_name="category",
                    label="Catégories",
                    add_text="Choisir des catégories",
                    help_text="Tous les produits de la catégorie et de ses sous-catégories.",
                ),
                TargetChooserPanel(
                    "target_brands",
                    chooser_field_name="brand",
                    label="Marques",
                    add_text="Choisir des marques",
                ),
            ],
            heading="Produits concernés",
            help_text="Un produit est concerné s'il est choisi, s'il est dans une des catégories "
            "ou s'il est d'une des marques.",
        ),
        *AudienceWindow.audience_panels,
        MultiFieldPanel(
            [FieldPanel("web_exclusive"), FieldPanel("exclusive"), FieldPanel("priority")],
            heading="Affichage et cumul",
        ),
        FieldPanel("description"),
        PublishingPanel(),
    ]
    base_form_class = PublishAtStartForm
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        verbose_name = "Offre"
        verbose_name_plural = "Offres"
        ordering = ["-valid_from"]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.kind == DiscountKind.PERCENT and self.value is not None and self.value > 100:
            raise ValidationError({"value": "Un pourcentage ne dépasse pas 100."})

    def set_targets(self, *, products=(), categories=(), brands=()):
        """Target these, as the form's choosers do: in memory until the offer is saved."""
        self.target_products = [OfferProduct(product=product) for product in products]
        self.target_categories = [OfferCategory(category=category) for category in categories]
        self.target_brands = [OfferBrand(brand=brand) for brand in brands]

    def apply(self, price):
        """The price after this offer, never negative."""
        if self.kind == DiscountKind.PERCENT:
            discounted = price * (Decimal(100) - self.value) / Decimal(100)
        elif self.kind == DiscountKind.AMOUNT:
            discounted = price - self.value
        else:
            discounted = self.value
        return max(discounted, Decimal(0)).quantize(Decimal("0.0001"))

    def label(self):
        if self.kind == DiscountKind.PERCENT:
            return f"−{self.value.normalize():f} %".replace(".", ",")
        return self.name


class OfferProduct(Orderable):
    """A product an offer targets by name."""

    offer = ParentalKey(Offer, on_delete=models.CASCADE, related_name="target_products")
    product = models.ForeignKey(
        "storefront.ProductPage", verbose_name="Produit", on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("product", widget=registered_chooser("product_chooser"))]

    class Meta(Orderable.Meta):
        verbose_name = "Produit concerné"
        verbose_name_plural = "Produits concernés"
        unique_together = [("offer", "product")]


class OfferCategory(Orderable):
    """A category an offer targets with everything below it."""

    offer = ParentalKey(Offer, on_delete=models.CASCADE, related_name="target_categories")
    category = models.ForeignKey(
        "storefront.CategoryPage",
        verbose_name="Catégorie",
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [FieldPanel("category", widget=registered_chooser("category_chooser"))]

    class Meta(Orderable.Meta):
        verbose_name = "Catégorie concernée"
        verbose_name_plural = "Catégories concernées"
        unique_together = [("offer", "category")]


class OfferBrand(Orderable):
    """A brand whose products an offer targets (chosen with the brands' snippet chooser)."""

    offer = ParentalKey(Offer, on_delete=models.CASCADE, related_name="target_brands")
    brand = models.ForeignKey(
        "storefront.Brand", verbose_name="Marque", on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("brand")]

    class Meta(Orderable.Meta):
        verbose_name = "Marque concernée"
        verbose_name_plural = "Marques concernées"
        unique_together = [("offer", "brand")]
