from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.search_promotions.views.reports import SearchTermsReportView
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from core.tabular import NeutralisedExportMixin
from promotions.models import Offer, PriceList
from promotions.reach import offer_products_filter
from storefront import admin_views, listing, renditions, search
from storefront.catalogue_port import Catalogue
from storefront.choosers import category_chooser, product_chooser
from storefront.member_admin import MembersPanel, customer_account_chooser
from storefront.models import Brand, CompanySettings, CustomerCompany, PriceGroup, ProductPage
from storefront.pricing_context import buyer_for


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
    panels = [
        FieldPanel("name"),
        FieldPanel("customer_number"),
        FieldPanel("siret"),
        FieldPanel("price_group"),
        MembersPanel(
            heading="Utilisateurs",
            label="Utilisateur",
            help_text="Les comptes clients qui achètent pour cette société, choisis parmi ceux "
            "qui n'appartiennent encore à aucune société (les comptes de l'équipe n'y figurent "
            "pas). Un compte se crée en approuvant une demande d'ouverture de compte, ou par un "
            "administrateur.",
        ),
    ]


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


@hooks.register("before_copy_page")
def refuse_to_copy_a_product(request, page):
    # A copy (or an alias) keeps the reference, which must stay unique: the database would
    # refuse it with a 500. Categories refuse to copy their products (CategoryCopyForm).
    if page.specific_class is ProductPage:
        messages.error(
            request,
            "Un produit ne se copie pas : sa référence doit rester unique. Créez le nouveau "
            "produit dans sa catégorie avec « Ajouter une sous-page ».",
        )
        return redirect("wagtailadmin_explore", page.get_parent().pk)
    return None


@hooks.register("register_admin_viewset")
def register_customer_account_chooser():
    return customer_account_chooser


@hooks.register("register_admin_viewset")
def register_catalogue_choosers():
    return [product_chooser, category_chooser]


register_snippet(BrandViewSet)
register_snippet(CustomersGroup)


@hooks.register("register_admin_urls")
def register_catalogue_io_urls():
    return [
        path(
            "catalogue/import/",
            admin_views.CatalogueImportView.as_view(),
            name="storefront_catalogue_import",
        ),
        path(
            "catalogue/import/<uuid:run_id>/",
            admin_views.ImportRunView.as_view(),
            name="storefront_catalogue_import_run",
        ),
        path(
            "catalogue/export/<str:file_format>/",
            admin_views.export_catalogue,
            name="storefront_catalogue_export",
        ),
        path(
            "catalogue/export-prix/",
            admin_views.export_price_list,
            name="storefront_price_list_export",
        ),
    ]


@hooks.register("register_admin_menu_item")
def register_catalogue_io_menu_item():
    return MenuItem(
        "Import / export",
        reverse("storefront_catalogue_import"),
        icon_name="table",
        order=260,
    )


class NeutralisedSearchTermsReportView(NeutralisedExportMixin, SearchTermsReportView):
    """Wagtail's « Termes de recherche » report: its export lists what anonymous visitors
    typed in the search box (logged by storefront/search.py)."""


@hooks.register("register_admin_urls", order=-1)
def register_search_terms_report_urls():
    # The report's own addresses, ahead of wagtail.contrib.search_promotions' (order=-1):
    # its menu item and reverse("wagtailsearchpromotions:search_terms") land here.
    return [
        path(
            "searchpicks/reports/search-terms/",
            NeutralisedSearchTermsReportView.as_view(),
            name="storefront_search_terms",
        ),
        path(
            "searchpicks/reports/search-terms/results/",
            NeutralisedSearchTermsReportView.as_view(results_only=True),
            name="storefront_search_terms_results",
        ),
    ]


@hooks.register("page_cache_query_parameters")
def storefront_query_parameters():
    # Logging in (ours and the admin's) goes back to `next`.
    return (
        *listing.QUERY_PARAMETERS,
        *search.QUERY_PARAMETERS,
        REDIRECT_FIELD_NAME,
    )


@hooks.register("insert_editor_js")
def autosave_guard_js():
    """Every editor form (pages, price lists, offers…) holds a submit while Wagtail's
    background save is in flight (storefront/static/storefront/js/autosave_guard.js)."""
    return format_html('<script src="{}"></script>', static("storefront/js/autosave_guard.js"))


# The page caches (core/buyer_cache.py, core/cache_purge.py): a customer's pages are shared
# with those who see the same prices; brand names are on cards; a price list or an offer
# changes the pages of its products.
hooks.register("request_audience", buyer_for)
# Promotion pages and news bodies show product cards (core/catalogue.py).
hooks.register("catalogue", lambda: Catalogue)


@hooks.register("cache_purge_pages_for")
def products_concerned(record):
    """Product pages whose price or offer a price list or an offer changes, else None."""
    if isinstance(record, PriceList):
        return ProductPage.objects.filter(price_lines__price_list=record).distinct()
    if isinstance(record, Offer):
        return ProductPage.objects.filter(offer_products_filter([record]))
    return None


@hooks.register("cache_purge_on_save")
def models_shown_on_pages():
    return [Brand]


@hooks.register("product_image_specs")
def product_template_image_specs():
    return renditions.TEMPLATE_SPECS


@hooks.register("site_name")
def company_name(site):
    """Titles of a site nobody named in *Paramètres → Sites* are signed with the company's."""
    return CompanySettings.for_site(site).name


@hooks.register("direct_route_models")
def storefront_direct_route_models():
    """Routed by URL path in one query (core/serving.py): these pages route their live
    children as Wagtail does."""
    return [
        "storefront.homepage",
        "storefront.catalogueindexpage",
        "storefront.categorypage",
        "storefront.productpage",
    ]
