from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page

from core.pages import SeoPage
from storefront.blocks import HomeStreamBlock


class HomePage(SeoPage):
    body = StreamField(
        HomeStreamBlock(),
        blank=True,
        verbose_name="Contenu",
        help_text="Bandeau, sélections de contenus et textes de la page d'accueil, dans l'ordre.",
    )

    content_panels = Page.content_panels + [FieldPanel("body")]
    promote_panels = SeoPage.promote_panels

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "storefront.CatalogueIndexPage",
        "promotions.PromotionIndexPage",
        "news.NewsIndexPage",
        "showroom.ClientSpaceIndexPage",
    ]
    max_count = 1

    class Meta:
        verbose_name = "Page d'accueil"
        verbose_name_plural = "Pages d'accueil"
