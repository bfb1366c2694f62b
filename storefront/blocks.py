"""StreamField blocks shared by the storefront's pages."""

from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

from core.alt_text import alt_text
from news.blocks import LatestNewsBlock


class LinkValue(blocks.StructValue):
    def href(self):
        page = self.get("page")
        return page.url if page else self.get("url")


class LinkBlock(blocks.StructBlock):
    """A link to a page of the site or to an external address."""

    label = blocks.CharBlock(label="Libellé", max_length=60)
    page = blocks.PageChooserBlock(label="Page du site", required=False)
    url = blocks.URLBlock(label="Adresse externe", required=False)

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            raise StructBlockValidationError(
                non_block_errors=[
                    "Choisissez une page du site ou une adresse externe (l'un ou l'autre)."
                ]
            )
        return value

    class Meta:
        icon = "link"
        label = "Lien"
        value_class = LinkValue


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
        from promotions.visibility import offers_with_pages  # noqa: PLC0415

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


OWN_ALT_TEXT_HELP = (
    "Laissez vide pour reprendre le texte alternatif de l'image, saisi une fois pour toutes "
    "dans la médiathèque ; à remplir seulement si l'image doit dire autre chose ici."
)


class ImageValue(blocks.StructValue):
    def alt(self):
        return alt_text(self["image"], self.get("alt_text"))


class ImageWithCaptionBlock(blocks.StructBlock):
    image = ImageChooserBlock(label="Image")
    # Blocks saved before the alt text moved onto the image keep theirs, as an override.
    alt_text = blocks.CharBlock(
        label="Texte alternatif propre à cet emplacement",
        required=False,
        max_length=200,
        help_text=OWN_ALT_TEXT_HELP,
    )
    caption = blocks.CharBlock(label="Légende", required=False, max_length=200)

    class Meta:
        icon = "image"
        label = "Image"
        template = "storefront/blocks/image.html"
        value_class = ImageValue


class CalloutBlock(blocks.StructBlock):
    tone = blocks.ChoiceBlock(
        label="Type",
        choices=[("info", "Information"), ("tip", "Conseil"), ("warning", "Attention")],
        default="info",
    )
    text = blocks.RichTextBlock(label="Texte", features=["bold", "italic", "link"])

    class Meta:
        icon = "warning"
        label = "Encadré"
        template = "storefront/blocks/callout.html"


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
