from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from storefront.models import Brand, CustomerCompany, PriceGroup


class BrandViewSet(SnippetViewSet):
    model = Brand
    icon = "tag"
    menu_label = "Marques"
    list_display = ["name", "slug", "website"]
    search_fields = ["name"]


class CustomerCompanyViewSet(SnippetViewSet):
    model = CustomerCompany
    icon = "group"
    menu_label = "Sociétés clientes"
    list_display = ["name", "customer_number", "price_group"]
    list_filter = ["price_group"]
    search_fields = ["name", "customer_number"]


class PriceGroupViewSet(SnippetViewSet):
    model = PriceGroup
    icon = "list-ul"
    menu_label = "Groupes tarifaires"
    list_display = ["name", "code"]


class CustomersGroup(SnippetViewSetGroup):
    menu_label = "Clients"
    menu_icon = "group"
    menu_order = 300
    items = (CustomerCompanyViewSet, PriceGroupViewSet)


register_snippet(BrandViewSet)
register_snippet(CustomersGroup)
