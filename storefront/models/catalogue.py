"""The catalogue: brands, the catalogue index, nested categories and product pages."""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.text import slugify
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.forms.pages import CopyForm
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from core.alt_text import alt_text
from core.blocks import OWN_ALT_TEXT_HELP
from core.pages import SeoPage
from storefront.blocks import ProductDescriptionBlock
from storefront.listing import category_listing
from storefront.product_detail import product_context
from storefront.validators import normalise_sku, validate_gtin, validate_sku

from .availability import Availability


class Brand(index.Indexed, models.Model):
    name = models.CharField("Nom", max_length=100, unique=True)
    slug = models.SlugField(
        "Identifiant d'URL", max_length=100, unique=True, help_text="Utilisé dans les filtres."
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name="Logo",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    website = models.URLField("Site du fabricant", blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("logo"), FieldPanel("website")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        verbose_name = "Marque"
        verbose_name_plural = "Marques"
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)
        super().save(*args, **kwargs)


class CatalogueIndexPage(SeoPage):
    intro = RichTextField("Introduction", blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    promote_panels = SeoPage.promote_panels

    parent_page_types = ["storefront.HomePage"]
    subpage_types = ["storefront.CategoryPage"]
    max_count = 1

    class Meta:
        verbose_name = "Catalogue"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["categories"] = (
            CategoryPage.objects.child_of(self).live().public().select_related("image")
        )
        return context


class CategoryCopyForm(CopyForm):
    def clean(self):
        cleaned_data = super().clean()
        # The copies would carry the same references: the database refuses them (a 500).
        products = ProductPage.objects.descendant_of(self.page)
        if cleaned_data.get("copy_subpages") and products.exists():
            self.add_error(
                "copy_subpages",
                "Les produits ne se copient pas : chaque référence doit rester unique. "
                "Décochez cette case pour copier la catégorie seule, puis ajoutez-y ses "
                "nouveaux produits.",
            )
        return cleaned_data


class CategoryPage(SeoPage):
    intro = RichTextField("Introduction", blank=True, features=["bold", "italic", "link", "ul"])
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name="Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Illustre la catégorie dans les listes et les partages.",
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("image")]
    promote_panels = SeoPage.promote_panels
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["storefront.CatalogueIndexPage", "storefront.CategoryPage"]
    subpage_types = ["storefront.CategoryPage", "storefront.ProductPage"]
    copy_form_class = CategoryCopyForm

    class Meta:
        verbose_name = "Catégorie"
        verbose_name_plural = "Catégories"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(category_listing(self, ProductPage.objects.descendant_of(self), request))
        return context


class ProductTag(TaggedItemBase):
    content_object = ParentalKey(
        "storefront.ProductPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class ProductPageForm(WagtailAdminPageForm):
    def clean_sku(self):
        # Stored as the import stores it, so « sf-00101 » and « SF-00101 » are one product,
        # and the uniqueness below is checked on what will be saved.
        sku = normalise_sku(self.cleaned_data["sku"])
        taken = ProductPage.objects.filter(sku=sku).exclude(pk=self.instance.pk).first()
        if taken is not None:
            raise ValidationError(
                f"La référence {sku} est déjà celle du produit « {taken.title} ».",
                code="unique",
            )
        return sku


class ProductPage(SeoPage):
    sku = models.CharField(
        "Référence",
        max_length=40,
        unique=True,
        validators=[validate_sku],
        help_text="Référence article unique (celle de l'ERP), en majuscules, sans espace.",
    )
    gtin = models.CharField(
        "GTIN / EAN",
        max_length=14,
        blank=True,
        db_index=True,
        validators=[validate_gtin],
        help_text="Code-barres à 8, 12, 13 ou 14 chiffres ; la clé de contrôle est vérifiée.",
    )
    brand = models.ForeignKey(
        Brand,
        verbose_name="Marque",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="products",
    )
    short_description = models.TextField(
        "Description courte",
        max_length=300,
        blank=True,
        help_text="Une à deux phrases, reprises dans les listes et les résultats de recherche.",
    )
    description = StreamField(
        ProductDescriptionBlock(), blank=True, verbose_name="Description détaillée"
    )
    unit_of_sale = models.CharField(
        "Unité de vente",
        max_length=40,
        default="pièce",
        help_text="L'unité à laquelle s'applique le prix : pièce, kg, litre, carton…",
    )
    packaging = models.CharField(
        "Conditionnement",
        max_length=80,
        blank=True,
        help_text="Par exemple : « carton de 12 », « palette de 40 ».",
    )
    min_order_quantity = models.PositiveIntegerField(
        "Quantité minimale de commande", default=1, validators=[MinValueValidator(1)]
    )
    order_multiple = models.PositiveIntegerField(
        "Multiple de commande",
        default=1,
        validators=[MinValueValidator(1)],
        help_text="Les quantités commandées doivent être un multiple de ce nombre.",
    )
    availability = models.CharField(
        "Disponibilité",
        max_length=20,
        choices=Availability.choices,
        default=Availability.IN_STOCK,
    )
    lead_time_days = models.PositiveIntegerField(
        "Délai (jours ouvrés)",
        null=True,
        blank=True,
        help_text="Délai d'approvisionnement des produits sur commande.",
    )
    availability_updated_at = models.DateTimeField(
        "Disponibilité mise à jour le",
        default=timezone.now,
        help_text="Mise à jour automatiquement quand la disponibilité change.",
    )
    web_exclusive = models.BooleanField(
        "Exclusivité Web",
        default=False,
        help_text="Produit réservé à la commande en ligne : un badge le signale.",
    )
    replacement = models.ForeignKey(
        "self",
        verbose_name="Produit de remplacement",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaces",
        help_text="Proposé aux visiteurs quand ce produit est arrêté.",
    )
    tags = ClusterTaggableManager(through=ProductTag, blank=True, verbose_name="Mots-clés")

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("sku"), FieldPanel("gtin")]),
                FieldPanel("brand"),
                FieldPanel("short_description"),
                FieldPanel("web_exclusive"),
            ],
            heading="Identification",
        ),
        InlinePanel(
            "gallery_images",
            heading="Galerie",
            label="Image",
            min_num=0,
            help_text="La première image sert de vignette et d'image de partage.",
        ),
        FieldPanel("description"),
        InlinePanel("attributes", heading="Caractéristiques filtrables", label="Caractéristique"),
        InlinePanel("documents", heading="Fiches techniques et de sécurité", label="Document"),
    ]
    sales_panels = [
        MultiFieldPanel(
            [
                FieldPanel("unit_of_sale"),
                FieldPanel("packaging"),
                FieldRowPanel([FieldPanel("min_order_quantity"), FieldPanel("order_multiple")]),
            ],
            heading="Conditionnement et commande",
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("availability"), FieldPanel("lead_time_days")]),
                FieldPanel("availability_updated_at", read_only=True),
                FieldPanel("replacement"),
            ],
            heading="Disponibilité",
        ),
        InlinePanel("related_products", heading="Produits associés", label="Produit"),
        FieldPanel("tags"),
    ]
    promote_panels = SeoPage.promote_panels
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading="Contenu"),
            ObjectList(sales_panels, heading="Vente"),
            ObjectList(promote_panels, heading="Promotion"),
        ]
    )

    search_fields = Page.search_fields + [
        index.SearchField("sku", boost=10),
        index.AutocompleteField("sku"),
        index.FilterField("sku"),
        index.SearchField("gtin"),
        index.FilterField("gtin"),
        index.SearchField("short_description"),
        index.SearchField("description"),
        index.RelatedFields("brand", [index.SearchField("name")]),
        index.RelatedFields("attributes", [index.SearchField("value")]),
        index.FilterField("availability"),
        index.FilterField("brand_id"),
    ]

    parent_page_types = ["storefront.CategoryPage"]
    subpage_types = []

    base_form_class = ProductPageForm

    class Meta:
        verbose_name = "Produit"
        verbose_name_plural = "Produits"

    def clean(self):
        super().clean()
        self.sku = normalise_sku(self.sku)
        if self.availability == Availability.ON_ORDER and not self.lead_time_days:
            raise ValidationError(
                {"lead_time_days": "Indiquez le délai des produits sur commande."}
            )
        if self.replacement_id and self.replacement_id == self.pk:
            raise ValidationError({"replacement": "Un produit ne peut pas se remplacer lui-même."})
        if self.pk:
            previous = ProductPage.objects.filter(pk=self.pk).values("availability").first()
            if previous and previous["availability"] != self.availability:
                self.availability_updated_at = timezone.now()

    @property
    def is_discontinued(self):
        return self.availability == Availability.DISCONTINUED

    def first_image(self):
        first = self.gallery_images.first()
        return first.image if first else None

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(product_context(self, request))
        return context


class ProductImage(Orderable):
    page = ParentalKey(ProductPage, on_delete=models.CASCADE, related_name="gallery_images")
    image = models.ForeignKey(
        "wagtailimages.Image", verbose_name="Image", on_delete=models.CASCADE, related_name="+"
    )
    alt_text = models.CharField(
        "Texte alternatif propre à ce produit",
        max_length=200,
        blank=True,
        help_text=OWN_ALT_TEXT_HELP,
    )

    panels = [FieldPanel("image"), FieldPanel("alt_text")]

    @property
    def alt(self):
        return alt_text(self.image, self.alt_text)


class ProductAttribute(Orderable):
    page = ParentalKey(ProductPage, on_delete=models.CASCADE, related_name="attributes")
    name = models.CharField(
        "Nom", max_length=60, help_text="Toujours le même libellé d'un produit à l'autre (filtres)."
    )
    value = models.CharField("Valeur", max_length=100)
    unit = models.CharField("Unité", max_length=20, blank=True)

    panels = [FieldRowPanel([FieldPanel("name"), FieldPanel("value"), FieldPanel("unit")])]

    class Meta(Orderable.Meta):
        indexes = [models.Index(fields=["name", "value"])]

    def __str__(self):
        return f"{self.name} : {self.display_value}"

    @property
    def display_value(self):
        return f"{self.value} {self.unit}".strip()


class DocumentKind(models.TextChoices):
    DATASHEET = "datasheet", "Fiche technique"
    SAFETY = "safety", "Fiche de données de sécurité"
    OTHER = "other", "Autre document"


class ProductDocument(Orderable):
    page = ParentalKey(ProductPage, on_delete=models.CASCADE, related_name="documents")
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name="Document", on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(
        "Type", max_length=20, choices=DocumentKind.choices, default=DocumentKind.DATASHEET
    )

    panels = [FieldPanel("document"), FieldPanel("kind")]


class ProductRelation(Orderable):
    page = ParentalKey(ProductPage, on_delete=models.CASCADE, related_name="related_products")
    product = models.ForeignKey(
        ProductPage, verbose_name="Produit associé", on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("product")]
