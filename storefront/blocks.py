"""StreamField blocks shared by the storefront's pages."""

from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

from core.blocks import CalloutBlock, ImageWithCaptionBlock
from news.home_blocks import LatestNewsBlock
from promotions.models.pages import offers_with_pages


class HeroBlock(blocks.StructBlock):
    title = blocks.CharBlock(label="Titre", max_length=120)
    text = blocks.TextBlock(label="Accroche", required=False, max_length=300)
    image = ImageChooserBlock(label="Image de fond")
    cta_label = blocks.CharBlock(label="Libellé du bouton", required=False, max_length=40)
    cta_page = blocks.PageChooserBlock(
        label="Page du bouton",
        required=False,
        help_text="Le bouton n'apparaît que si un libellé et une page sont choisis.",
    )

    class Meta:
        icon = "image"
        label = "Bandeau principal"
        template = "storefront/blocks/hero.html"


class FeaturedItemBlock(blocks.StructBlock):
    page = blocks.PageChooserBlock(label="Page mise en avant")
    title = blocks.CharBlock(
        label="Titre", required=False, help_text="Laisser vide pour reprendre le titre de la page."
    )
    text = blocks.TextBlock(label="Texte", required=False, max_length=240)
    image = ImageChooserBlock(label="Image", required=False)

    class Meta:
        icon = "pick"
        label = "Contenu mis en avant"


class FeaturedBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label="Titre de la section", max_length=120)
    items = blocks.ListBlock(FeaturedItemBlock(), label="Contenus", min_num=1, max_num=8)

    class Meta:
        icon = "grip"
        label = "Sélection de contenus"
        template = "storefront/blocks/featured.html"


class CurrentOffersBlock(blocks.StructBlock):
    """The offers running now for this visitor, computed at each request."""

    heading = blocks.CharBlock(label="Titre", max_length=120, default="Nos offres du moment")
    limit = blocks.IntegerBlock(
        label="Nombre maximum d'offres", default=6, min_value=1, max_value=12
    )

    class Meta:
        icon = "tag"
        label = "Offres du moment"
        template = "storefront/blocks/current_offers.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        request = (parent_context or {}).get("request")
        context["offers"] = offers_with_pages(request, value["limit"]) if request else []
        return context


class HomeStreamBlock(blocks.StreamBlock):
    hero = HeroBlock()
    featured = FeaturedBlock()
    offers = CurrentOffersBlock()
    news = LatestNewsBlock()
    text = blocks.RichTextBlock(
        label="Texte",
        features=["h2", "h3", "bold", "italic", "link", "ol", "ul"],
        template="storefront/blocks/rich_text.html",
    )


class SpecRowBlock(blocks.StructBlock):
    label = blocks.CharBlock(label="Caractéristique", max_length=80)
    value = blocks.CharBlock(label="Valeur", max_length=200)


class ProductDescriptionBlock(blocks.StreamBlock):
    text = blocks.RichTextBlock(
        label="Texte",
        features=["h2", "h3", "bold", "italic", "link", "ol", "ul"],
        template="storefront/blocks/rich_text_plain.html",
    )
    specs = blocks.ListBlock(
        SpecRowBlock(), label="Tableau de caractéristiques", template="storefront/blocks/specs.html"
    )
    image = ImageWithCaptionBlock()
    video = EmbedBlock(
        label="Vidéo",
        help_text="Adresse d'une vidéo YouTube, Vimeo…",
        template="storefront/blocks/video.html",
    )
    callout = CalloutBlock()
