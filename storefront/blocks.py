"""StreamField blocks shared by the storefront's pages."""

from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.images.blocks import ImageChooserBlock


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


class HomeStreamBlock(blocks.StreamBlock):
    hero = HeroBlock()
    featured = FeaturedBlock()
    text = blocks.RichTextBlock(
        label="Texte",
        features=["h2", "h3", "bold", "italic", "link", "ol", "ul"],
        template="storefront/blocks/rich_text.html",
    )
