"""StreamField blocks of the news: quotes, product cards with live prices, latest news.

`storefront.blocks` imports `LatestNewsBlock` for the home page, so this module imports nothing
from the storefront at load time (that would be a circular import): the page models and the
pricing glue are imported where a block renders.
"""

from wagtail import blocks


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
        from news.cards import cards_for_block  # noqa: PLC0415

        context = super().get_context(value, parent_context)
        context["cards"] = cards_for_block(value, parent_context or {})
        return context


class LatestNewsBlock(blocks.StructBlock):
    """The latest news readable now, for the home page."""

    title = blocks.CharBlock(label="Titre", max_length=120, default="Nos dernières actualités")
    count = blocks.IntegerBlock(label="Nombre d'actualités", default=3, min_value=1, max_value=12)

    class Meta:
        icon = "doc-full"
        label = "Dernières actualités"
        template = "news/blocks/latest_news.html"

    def get_context(self, value, parent_context=None):
        from news.listing import latest_news  # noqa: PLC0415

        context = super().get_context(value, parent_context)
        request = (parent_context or {}).get("request")
        context["news_items"], context["news_index"] = latest_news(request, value["count"])
        return context
