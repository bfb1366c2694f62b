"""StreamField blocks of news bodies: quotes, product cards with live prices (the home page's
latest-news block is in news/home_blocks.py: it reads the news models, which use these)."""

from wagtail import blocks

from news.cards import cards_for_block


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label="Citation", max_length=600)
    author = blocks.CharBlock(
        label="Auteur",
        required=False,
        max_length=100,
        help_text="Qui parle, par exemple « Marie Durand ».",
    )
    role = blocks.CharBlock(
        label="Fonction",
        required=False,
        max_length=120,
        help_text="Par exemple « cheffe du restaurant Le Comptoir, Lyon ».",
    )

    class Meta:
        icon = "openquote"
        label = "Citation"
        template = "news/blocks/quote.html"


class ProductCardsBlock(blocks.StructBlock):
    # Found in a news body by news.cards, which prices them all at once.
    lists_product_cards = True

    """Product cards with the prices of whoever reads the news, computed at each request."""

    title = blocks.CharBlock(label="Titre", required=False, max_length=120)
    products = blocks.ListBlock(
        blocks.PageChooserBlock(page_type="storefront.ProductPage", label="Produit"),
        label="Produits",
        min_num=1,
        max_num=12,
        help_text="Les prix affichés sont ceux du visiteur (ou aucun s'il ne peut pas les voir).",
    )

    class Meta:
        icon = "list-ul"
        label = "Produits"
        template = "news/blocks/product_cards.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["cards"] = cards_for_block(value, parent_context or {})
        return context
