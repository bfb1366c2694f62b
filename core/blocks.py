"""StreamField blocks any page type may use: links, images with a caption, callouts.

Their migrations record them as Wagtail's own StructBlock with its children, so a block may
move between modules without a migration.
"""

from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.images.blocks import ImageChooserBlock

from core.alt_text import alt_text


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
