from dataclasses import dataclass

from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import register_setting
from wagtail.fields import StreamField

from core.blocks import LinkBlock
from core.site_cache import CachedSiteSetting
from promotions.models import PriceDisplay


@register_setting(icon="home")
class CompanySettings(CachedSiteSetting):
    """The wholesaler's identity and contact details, shown in the footer and documents."""

    name = models.CharField("Raison sociale", max_length=120, default="Storefront Négoce")
    address = models.TextField(
        "Adresse", blank=True, help_text="Adresse postale, une ligne par ligne d'adresse."
    )
    phone = models.CharField("Téléphone", max_length=30, blank=True)
    email = models.EmailField("Adresse e-mail de contact", blank=True)
    opening_hours = models.CharField(
        "Horaires",
        max_length=200,
        blank=True,
        help_text="Par exemple : « Du lundi au vendredi, 7 h – 18 h ».",
    )
    siret = models.CharField(
        "SIRET", max_length=14, blank=True, help_text="14 chiffres, sans espace."
    )
    legal_notice = models.CharField(
        "Mention légale du pied de page",
        max_length=255,
        blank=True,
        help_text="Par exemple : « SAS au capital de 500 000 € – RCS Lyon 123 456 789 ».",
    )

    panels = [
        FieldPanel("name"),
        MultiFieldPanel(
            [
                FieldPanel("address"),
                FieldPanel("phone"),
                FieldPanel("email"),
                FieldPanel("opening_hours"),
            ],
            heading="Coordonnées",
        ),
        MultiFieldPanel([FieldPanel("siret"), FieldPanel("legal_notice")], heading="Mentions"),
    ]

    class Meta:
        verbose_name = "Entreprise et coordonnées"

    def address_lines(self):
        return [line.strip() for line in self.address.splitlines() if line.strip()]


@dataclass(frozen=True)
class MenuLink:
    label: str
    href: str


def resolved_links(stream):
    return [MenuLink(link.value["label"], link.value.href()) for link in stream]


@register_setting(icon="list-ul")
class NavigationSettings(CachedSiteSetting):
    """Main menu and footer links, edited by the web team without a deployment."""

    main_menu = StreamField(
        [("link", LinkBlock())],
        blank=True,
        verbose_name="Menu principal",
        help_text="Liens de l'en-tête, dans l'ordre d'affichage (sept au plus).",
        max_num=7,
    )
    footer_links = StreamField(
        [("link", LinkBlock())],
        blank=True,
        verbose_name="Liens du pied de page",
        help_text="Mentions légales, conditions générales de vente, contact…",
    )

    panels = [FieldPanel("main_menu"), FieldPanel("footer_links")]

    class Meta:
        verbose_name = "Navigation"

    def prepare_for_cache(self):
        # Links to pages need the pages' URLs: resolved once for the cached copy.
        self.menu_links = resolved_links(self.main_menu)
        self.footer_link_list = resolved_links(self.footer_links)


@register_setting(icon="tag")
class ShopSettings(CachedSiteSetting):
    """Who may see prices, and who receives what visitors ask for."""

    price_display = models.CharField(
        "Affichage des prix",
        max_length=20,
        choices=PriceDisplay.choices,
        default=PriceDisplay.CUSTOMERS,
        help_text="Avec « réservés aux clients », les visiteurs anonymes ne voient aucun montant, "
        "nulle part (pages, données structurées, flux).",
    )
    sales_team_email = models.EmailField(
        "E-mail de l'équipe commerciale",
        blank=True,
        help_text="Reçoit les demandes de devis et de compte professionnel. Vide : l'adresse "
        "de contact de « Entreprise et coordonnées ».",
    )

    panels = [FieldPanel("price_display"), FieldPanel("sales_team_email")]

    class Meta:
        verbose_name = "Boutique"
