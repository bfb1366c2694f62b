from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from promotions.models import PriceList


class PriceListViewSet(SnippetViewSet):
    model = PriceList
    icon = "table"
    menu_label = "Listes de prix"
    menu_order = 250
    add_to_admin_menu = True
    list_display = ["name", "audience", "valid_from", "valid_to", "live"]
    list_filter = ["audience", "live"]
    search_fields = ["name"]


register_snippet(PriceListViewSet)
