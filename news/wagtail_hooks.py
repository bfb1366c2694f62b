from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from news.models import QUERY_PARAMETERS, NewsCategory


class NewsCategoryViewSet(SnippetViewSet):
    model = NewsCategory
    icon = "folder-open-inverse"
    menu_label = "Catégories d'actualités"
    add_to_admin_menu = True
    menu_order = 260
    list_display = ["name", "slug"]
    search_fields = ["name"]


register_snippet(NewsCategoryViewSet)


@hooks.register("page_cache_query_parameters")
def news_query_parameters():
    return QUERY_PARAMETERS


@hooks.register("direct_route_models")
def news_direct_route_models():
    """Routed by URL path in one query (core/serving.py): these pages route their live
    children as Wagtail does."""
    return [
        "news.newsindexpage",
        "news.newspage",
    ]
