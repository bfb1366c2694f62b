"""The home page's latest-news block (storefront/blocks.py embeds it)."""

from wagtail import blocks

from news.models import latest_news


class LatestNewsBlock(blocks.StructBlock):
    """The latest news readable now, for the home page."""

    title = blocks.CharBlock(label="Titre", max_length=120, default="Nos dernières actualités")
    count = blocks.IntegerBlock(label="Nombre d'actualités", default=3, min_value=1, max_value=12)

    class Meta:
        icon = "doc-full"
        label = "Dernières actualités"
        template = "news/blocks/latest_news.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        request = (parent_context or {}).get("request")
        context["news_items"], context["news_index"] = latest_news(request, value["count"])
        return context
