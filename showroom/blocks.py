"""What an editor puts in a client space: text, picked products and pages, documents, video,
the account manager's card."""

from wagtail import blocks
from wagtail.admin.telepath import register as register_telepath_adapter
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.documents.views.chooser import BaseAdminDocumentChooser, DocumentChooserAdapter
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

from news.models import running_news
from showroom.panels import SPACE_ID_ELEMENT

# Wagtail's document chooser, served again under this name by `showroom.documents` so that an
# upload made from a space goes into the space's private collection.
SPACE_DOCUMENT_CHOOSER = "showroom_space_documents"


def _heading(default):
    return blocks.CharBlock(label="Titre de la section", max_length=120, default=default)


class ProductSelectionBlock(blocks.StructBlock):
    """Product cards with the visitor's prices.

    The page quotes every product of every selection at once (`space_cards` in its context):
    the block only picks its cards from there, so prices cost one `quote_many` per page.
    """

    heading = _heading("Notre sélection pour vous")
    products = blocks.ListBlock(
        blocks.PageChooserBlock(page_type="storefront.ProductPage", label="Produit"),
        label="Produits",
        min_num=1,
        help_text="Dans l'ordre d'affichage. Chaque visiteur y voit ses propres prix.",
    )

    class Meta:
        icon = "pick"
        label = "Sélection de produits"
        template = "showroom/blocks/products.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        cards = (parent_context or {}).get("space_cards", {})
        picked = [page.pk for page in value["products"] if page]
        context["cards"] = [cards[pk] for pk in picked if pk in cards]
        return context


class CategoryLinksBlock(blocks.StructBlock):
    heading = _heading("Nos rayons")
    categories = blocks.ListBlock(
        blocks.PageChooserBlock(page_type="storefront.CategoryPage", label="Catégorie"),
        label="Catégories",
        min_num=1,
    )

    class Meta:
        icon = "folder-open-inverse"
        label = "Liens vers des catégories"
        template = "showroom/blocks/categories.html"


class SpaceDocumentChooser(BaseAdminDocumentChooser):
    """Wagtail's document chooser, telling its modal which space it is open from: the id comes
    from the space's edit page (`showroom.panels.SpaceDocumentsPanel`), empty before the
    space's first save."""

    choose_one_text = "Choisir un document"
    choose_another_text = "Choisir un autre document"
    link_to_chosen_text = "Modifier ce document"
    chooser_modal_url_name = f"{SPACE_DOCUMENT_CHOOSER}:choose"
    linked_fields = {"space": f"#{SPACE_ID_ELEMENT}"}


register_telepath_adapter(DocumentChooserAdapter(), SpaceDocumentChooser)


class SpaceDocumentChooserBlock(DocumentChooserBlock):
    widget = SpaceDocumentChooser()


class DocumentsBlock(blocks.StructBlock):
    heading = _heading("Vos documents")
    documents = blocks.ListBlock(
        SpaceDocumentChooserBlock(label="Document"),
        label="Documents",
        min_num=1,
        help_text="Les documents transférés ici (tarifs, plaquettes) vont dans la collection "
        "privée de l'espace : seuls ceux qui voient l'espace peuvent les télécharger.",
    )

    class Meta:
        icon = "doc-full"
        label = "Documents"
        template = "showroom/blocks/documents.html"


class VideoBlock(blocks.StructBlock):
    title = blocks.CharBlock(label="Titre", max_length=120, required=False)
    video = EmbedBlock(
        label="Adresse de la vidéo", help_text="Lien YouTube, Vimeo ou Dailymotion de la vidéo."
    )
    caption = blocks.TextBlock(label="Légende", required=False, max_length=300)

    class Meta:
        icon = "media"
        label = "Vidéo"
        template = "showroom/blocks/video.html"


class NewsPicksBlock(blocks.StructBlock):
    heading = _heading("Actualités choisies pour vous")
    news = blocks.ListBlock(
        blocks.PageChooserBlock(page_type="news.NewsPage", label="Actualité"),
        label="Actualités",
        min_num=1,
        help_text="Une actualité dépubliée ou expirée n'est plus affichée.",
    )

    class Meta:
        icon = "calendar-alt"
        label = "Actualités choisies"
        template = "showroom/blocks/news.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        picked = [page.pk for page in value["news"] if page]
        shown = set(running_news().filter(pk__in=picked).values_list("pk", flat=True))
        context["news"] = [page for page in value["news"] if page and page.pk in shown]
        return context


class ContactCardBlock(blocks.StructBlock):
    heading = _heading("Votre interlocuteur")
    name = blocks.CharBlock(label="Nom", max_length=100)
    role = blocks.CharBlock(
        label="Fonction", max_length=100, required=False, default="Responsable de compte"
    )
    phone = blocks.CharBlock(label="Téléphone", max_length=30, required=False)
    email = blocks.EmailBlock(label="E-mail", required=False)
    photo = ImageChooserBlock(label="Photo", required=False)

    class Meta:
        icon = "user"
        label = "Carte de contact"
        template = "showroom/blocks/contact.html"


class ClientSpaceStreamBlock(blocks.StreamBlock):
    text = blocks.RichTextBlock(
        label="Texte",
        features=["h2", "h3", "bold", "italic", "link", "ol", "ul"],
        template="storefront/blocks/rich_text.html",
    )
    products = ProductSelectionBlock()
    categories = CategoryLinksBlock()
    documents = DocumentsBlock()
    video = VideoBlock()
    news = NewsPicksBlock()
    contact = ContactCardBlock()
