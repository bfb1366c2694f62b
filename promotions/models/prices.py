"""Price lists: time-windowed prices for an audience, published and scheduled through Wagtail."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import connection, models
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
    Revision,
    RevisionMixin,
    WorkflowMixin,
)
from wagtail.search import index

from promotions.forms import DecimalInput

from .audience import AudienceWindow

# The price list's lines as Wagtail serialises them in a revision (modelcluster's field by
# field dicts, the price as text), built by each database: see save_revision_of_stored_lines.
LINES_AS_JSON = {
    "sqlite": """
        UPDATE {revision} SET content = json_set(content, '$.lines', json((
            SELECT json_group_array(json_object(
                'pk', id, 'price_list', price_list_id, 'product', product_id,
                'min_quantity', min_quantity, 'unit_price', CAST(unit_price AS TEXT)))
            FROM (SELECT * FROM {line} WHERE price_list_id = %s ORDER BY id))))
        WHERE id = %s
    """,
    "postgresql": """
        UPDATE {revision} SET content = jsonb_set(content, '{{lines}}', COALESCE((
            SELECT jsonb_agg(jsonb_build_object(
                'pk', id, 'price_list', price_list_id, 'product', product_id,
                'min_quantity', min_quantity, 'unit_price', unit_price::text) ORDER BY id)
            FROM {line} WHERE price_list_id = %s), '[]'::jsonb))
        WHERE id = %s
    """,
}
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

    def save_revision_of_stored_lines(self, user=None):
        """A draft revision of this list with the lines stored in the database, its lines'
        part written by the database: Wagtail's own serialisation holds every line as a
        model, a dict and JSON text, about 3 kB a line (1 GB for an import of 300,000)."""
        vendor = connection.vendor
        if vendor not in LINES_AS_JSON:
            return self.save_revision(user=user)
        # Saving a revision writes only the list's revision fields, never its lines.
        self.lines = []
        revision = self.save_revision(user=user)
        # As modelcluster's commit() leaves it: the lines read from the database again, so a
        # later save() of this instance keeps them.
        self._cluster_related_objects.pop("lines")
        with connection.cursor() as cursor:
            cursor.execute(
                LINES_AS_JSON[vendor].format(
                    revision=Revision._meta.db_table, line=PriceLine._meta.db_table
                ),
                [self.pk, revision.pk],
            )
        # Its content is read again only if used: the import never does (a revision of
        # 300,000 lines is 200 MB of Python objects).
        return Revision.objects.defer("content").get(pk=revision.pk)


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
